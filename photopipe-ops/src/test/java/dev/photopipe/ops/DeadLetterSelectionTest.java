package dev.photopipe.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterSelectionTest {
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void requiresASelectionOrAll() {
        assertThatThrownBy(() -> DeadLetterSelection.parse(null, null, null, List.of(), null, false))
                .isInstanceOf(DeadLetterSelection.InvalidSelectionException.class)
                .hasMessageContaining("No selection").hasMessageContaining("--all");
        assertThat(DeadLetterSelection.parse(null, null, null, List.of(), null, true).describe())
                .isEqualTo("all dead letters");
    }

    @Test
    void listsEveryProblemWithItsFix() {
        assertThatThrownBy(() -> DeadLetterSelection.parse(" ", "yesterday", "2026-11-01", List.of("NOPE"), "upload",
                true))
                .hasMessageContaining("--batch is empty")
                .hasMessageContaining("--from yesterday is not an ISO-8601 instant")
                .hasMessageContaining("--reason NOPE is not a reason code; use one of [DESERIALIZATION_FAILED")
                .hasMessageContaining("--stage upload is not a stage; use one of ingest, enrich, sink, replay, expiry")
                .hasMessageContaining("--all contradicts");
    }

    @Test
    void refusesAnEmptyTimeRange() {
        assertThatThrownBy(() -> DeadLetterSelection.parse(null, "2026-11-02", "2026-11-01", List.of(), null, false))
                .hasMessageContaining("is not before --to");
    }

    @Test
    void everyCriterionMustMatch() {
        DeadLetterSelection selection = DeadLetterSelection.parse("LOT-4711", "2026-11-20", "2026-11-21T00:00:00Z",
                List.of("piwigo_unavailable", "PIWIGO_REJECTED"), "SINK", false);

        assertThat(selection.matches(letter("LOT-4711", ReasonCode.PIWIGO_UNAVAILABLE, Stage.SINK, T))).isTrue();
        assertThat(selection.matches(letter("LOT-9", ReasonCode.PIWIGO_UNAVAILABLE, Stage.SINK, T))).isFalse();
        assertThat(selection.matches(letter("LOT-4711", ReasonCode.CORRUPT_IMAGE, Stage.SINK, T))).isFalse();
        assertThat(selection.matches(letter("LOT-4711", ReasonCode.PIWIGO_REJECTED, Stage.ENRICH, T))).isFalse();
        assertThat(selection.matches(letter("LOT-4711", ReasonCode.PIWIGO_REJECTED, Stage.SINK,
                Instant.parse("2026-11-21T00:00:00Z")))).as("--to is exclusive").isFalse();
        assertThat(selection.describe()).isEqualTo("batch LOT-4711, last failure from 2026-11-20T00:00:00Z, "
                + "last failure before 2026-11-21T00:00:00Z, reason PIWIGO_REJECTED|PIWIGO_UNAVAILABLE, stage sink");
    }

    private static DeadLetter letter(String batch, ReasonCode reason, Stage stage, Instant lastFailure) {
        long ms = lastFailure.toEpochMilli();
        return new DeadLetter("photopipe.upload.requests", 0, 1L, stage, reason, FailureKind.TRANSIENT, null, null, 1,
                ms, ms, batch);
    }
}
