package dev.photopipe.ops.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpiryTargetTest {
    private static final Optional<Instant> CURRENT = Optional.of(Instant.parse("2027-02-28T09:30:00Z"));

    @Test
    void byMovesTheExpiryInForceByCalendarPeriodsOrExactDurations() {
        assertThat(ExpiryTarget.by("P1Y").apply(CURRENT)).contains(Instant.parse("2028-02-28T09:30:00Z"));
        assertThat(ExpiryTarget.by("p1m").apply(CURRENT)).contains(Instant.parse("2027-03-28T09:30:00Z"));
        assertThat(ExpiryTarget.by("PT12H").apply(CURRENT)).contains(Instant.parse("2027-02-28T21:30:00Z"));
        assertThat(ExpiryTarget.by("P1Y").describe()).isEqualTo("by P1Y");
    }

    @Test
    void untilAndNeverIgnoreTheCurrentExpiry() {
        Instant until = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(ExpiryTarget.until(until).apply(Optional.empty())).contains(until);
        assertThat(ExpiryTarget.never().apply(CURRENT)).isEmpty();
        assertThat(ExpiryTarget.never().isNever()).isTrue();
        assertThat(ExpiryTarget.until(until).describe()).isEqualTo("until 2030-01-01T00:00:00Z");
    }

    @Test
    void byNeedsAnExpiryToMove() {
        assertThatThrownBy(() -> ExpiryTarget.by("P1Y").apply(Optional.empty())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesPeriodsThatAreNotLaterWithTheFlagAndTheFix() {
        assertThatThrownBy(() -> ExpiryTarget.by("1 year")).hasMessage(
                "--by 1 year is not an ISO-8601 period: write it like P1Y (a year), P6M, P30D or PT12H");
        assertThatThrownBy(() -> ExpiryTarget.by("P-1D")).hasMessageStartingWith("--by P-1D does not move the expiry later");
        assertThatThrownBy(() -> ExpiryTarget.by("PT0S")).hasMessageStartingWith("--by PT0S does not move the expiry later");
    }
}
