package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsUpToTheLowestRecordNotYetDoneWhateverOrderTheyFinishIn() {
        for (long offset = 10; offset < 15; offset++) {
            tracker.take(TP, offset, NOW);
        }
        tracker.done(TP, 12, NOW);
        tracker.done(TP, 14, NOW);
        assertThat(tracker.committable(tp -> 15)).containsExactly(Map.entry(TP, 10L));

        tracker.done(TP, 10, NOW);
        tracker.done(TP, 11, NOW);
        assertThat(tracker.committable(tp -> 15)).containsExactly(Map.entry(TP, 13L));

        tracker.done(TP, 13, NOW);
        assertThat(tracker.committable(tp -> 15)).containsExactly(Map.entry(TP, 15L));
    }

    @Test
    void anIdlePartitionCommitsTheConsumersPositionPastTransactionMarkers() {
        tracker.take(TP, 4, NOW);
        tracker.done(TP, 4, NOW);
        // enrich's transaction marker sits at offset 5: the consumer's position is 6
        assertThat(tracker.committable(tp -> 6)).containsExactly(Map.entry(TP, 6L));
        assertThat(tracker.committable(tp -> -1)).as("without a position, one past the last record")
                .containsExactly(Map.entry(TP, 5L));
    }

    @Test
    void aBusyPartitionNeverAsksForThePosition() {
        tracker.take(TP, 4, NOW);
        assertThat(tracker.committable(tp -> {
            throw new AssertionError("position asked while records are pending");
        })).containsExactly(Map.entry(TP, 4L));
    }

    @Test
    void reportsOnlyPartitionsWhoseCommitPointMovedAndNothingForUnseenOnes() {
        tracker.assign(new TopicPartition("t", 1));
        tracker.take(TP, 0, NOW);
        tracker.done(TP, 0, NOW);
        Map<TopicPartition, Long> first = tracker.committable(tp -> 1);
        assertThat(first).containsExactly(Map.entry(TP, 1L));
        tracker.committed(first);

        assertThat(tracker.committable(tp -> 1)).isEmpty();
    }

    @Test
    void aRecordDeliveredAgainBelowWhatWasTakenIsIgnored() {
        assertThat(tracker.take(TP, 7, NOW)).isTrue();
        assertThat(tracker.take(TP, 7, NOW)).isFalse();
        assertThat(tracker.take(TP, 3, NOW)).isFalse();
        assertThat(tracker.pending(TP)).isEqualTo(1);
    }

    @Test
    void aRemovedPartitionIsForgottenWithWhatItHeld() {
        tracker.take(TP, 0, NOW);
        tracker.remove(TP);
        assertThat(tracker.committable(tp -> 9)).isEmpty();
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void aPartitionHoldingRecordsWithoutFinishingAnyStallsFromWhenTheWorkCame() {
        tracker.take(TP, 0, NOW);
        tracker.take(TP, 1, NOW.plusSeconds(50));
        assertThat(tracker.stalls(Duration.ofSeconds(60), NOW.plusSeconds(59))).isEmpty();
        assertThat(tracker.stalls(Duration.ofSeconds(60), NOW.plusSeconds(61))).singleElement()
                .satisfies(s -> assertThat(s.pending()).isEqualTo(2));

        tracker.done(TP, 0, NOW.plusSeconds(61));
        assertThat(tracker.stalls(Duration.ofSeconds(60), NOW.plusSeconds(62))).isEmpty();
        tracker.done(TP, 1, NOW.plusSeconds(62));
        assertThat(tracker.stalls(Duration.ofSeconds(60), NOW.plusSeconds(999))).as("idle is not stalled").isEmpty();
    }
}
