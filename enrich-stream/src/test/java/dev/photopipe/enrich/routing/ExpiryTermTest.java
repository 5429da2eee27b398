package dev.photopipe.enrich.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ExpiryTermTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void aDateIsTheStartOfThatDayInTheZone() {
        ExpiryTerm term = ExpiryTerm.parse("2031-12-31");

        assertThat(term.relative()).isFalse();
        assertThat(term.from(at("2026-01-01T00:00:00Z"), UTC)).isEqualTo(at("2031-12-31T00:00:00Z"));
        assertThat(term.from(at("2026-01-01T00:00:00Z"), BERLIN)).isEqualTo(at("2031-12-30T23:00:00Z"));
    }

    @Test
    void aDateTimeWithOffsetIsThatMomentWhateverTheZone() {
        ExpiryTerm term = ExpiryTerm.parse("2031-12-31T18:00:00+01:00");

        assertThat(term.from(at("2026-01-01T00:00:00Z"), BERLIN)).isEqualTo(at("2031-12-31T17:00:00Z"));
        assertThat(ExpiryTerm.parse("2031-12-31T18:00:00Z").from(at("2026-01-01T00:00:00Z"), BERLIN))
                .isEqualTo(at("2031-12-31T18:00:00Z"));
    }

    @Test
    void periodsAreCalendarArithmeticInTheZone() {
        // P1Y from 29 February: 28 February, as java.time has it.
        assertThat(ExpiryTerm.parse("P1Y").from(at("2028-02-29T10:00:00Z"), UTC)).isEqualTo(at("2029-02-28T10:00:00Z"));
        // P4Y from 29 February: 29 February again.
        assertThat(ExpiryTerm.parse("P4Y").from(at("2028-02-29T10:00:00Z"), UTC)).isEqualTo(at("2032-02-29T10:00:00Z"));
        // P18M from 31 August: the last day of February.
        assertThat(ExpiryTerm.parse("P18M").from(at("2026-08-31T12:00:00Z"), UTC)).isEqualTo(at("2028-02-29T12:00:00Z"));
        // Across the end of summer time, P90D keeps the local time of day (one hour more in UTC).
        assertThat(ExpiryTerm.parse("P90D").from(at("2026-08-01T10:00:00Z"), BERLIN))
                .isEqualTo(at("2026-10-30T11:00:00Z"));
        assertThat(ExpiryTerm.parse("P2W").from(at("2026-01-01T00:00:00Z"), UTC)).isEqualTo(at("2026-01-15T00:00:00Z"));
        assertThat(ExpiryTerm.parse("P5Y").relative()).isTrue();
    }

    @Test
    void durationsAreExactTime() {
        // PT36H across the end of summer time is 36 hours, not "the same local time a day and a half later".
        assertThat(ExpiryTerm.parse("PT36H").from(at("2026-10-24T12:00:00Z"), BERLIN))
                .isEqualTo(at("2026-10-26T00:00:00Z"));
        assertThat(ExpiryTerm.parse("P1DT12H").from(at("2026-10-24T12:00:00Z"), UTC))
                .isEqualTo(at("2026-10-26T00:00:00Z"));
    }

    @Test
    void anythingElseIsRefusedNamingTheForms() {
        assertThatThrownBy(() -> ExpiryTerm.parse("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon' is not a date (2031-12-31)").hasMessageContaining("P5Y");
        assertThatThrownBy(() -> ExpiryTerm.parse("P5X")).hasMessageContaining("not an ISO-8601 period or duration");
        assertThatThrownBy(() -> ExpiryTerm.parse("P-1Y")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ExpiryTerm.parse("2031-02-30")).hasMessageContaining("'2031-02-30' is not");
        // A date-time without an offset would depend on where it is read: refused.
        assertThatThrownBy(() -> ExpiryTerm.parse("2031-12-31T18:00:00")).hasMessageContaining("with offset");
    }
}
