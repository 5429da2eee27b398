package dev.photopipe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstantArgumentTest {

    @Test
    void acceptsInstantsAndDatesAsMidnightUtc() {
        assertThat(InstantArgument.parse("--since", "2026-11-01T12:30:00Z")).isEqualTo(Instant.parse("2026-11-01T12:30:00Z"));
        assertThat(InstantArgument.parse("--since", "2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void namesTheFlagAndTheAcceptedForms() {
        assertThatThrownBy(() -> InstantArgument.parse("--since", "last week"))
                .hasMessage("--since last week is not an ISO-8601 instant or date; write it like "
                        + "2026-11-01T00:00:00Z or 2026-11-01 (midnight UTC)");
    }

    @Test
    void anOptionalFlagIsNullWhenAbsentAndAProblemWhenItDoesNotParse() {
        List<String> problems = new ArrayList<>();

        assertThat(InstantArgument.optional("--from", null, problems)).isNull();
        assertThat(InstantArgument.optional("--from", "2026-11-01", problems)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(problems).isEmpty();
        assertThat(InstantArgument.optional("--from", "soon", problems)).isNull();
        assertThat(problems).singleElement().asString().startsWith("--from soon is not an ISO-8601 instant");
    }
}
