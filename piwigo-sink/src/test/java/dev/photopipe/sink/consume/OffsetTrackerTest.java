package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsUpToTheLowestRecordNotYetDoneWhateverOrderTheyFinishIn() {
        for (long offset = 10; offset < 15; offset++) {
            tracker.take(TP, offset);
        }
        tracker.done(TP, 12);
        tracker.done(TP, 14);
        assertThat(tracker.committable(tp -> 15)).containsExactly(Map.entry(TP, 10L));

        tracker.done(TP, 10);
        tracker.done(TP, 11);
        assertThat(tracker.committable(tp -> 15)).containsExactly(Map.entry(TP, 13L));

        tracker.done(TP, 13);
        assertThat(tracker.committable(tp -> 15)).containsExactly(Map.entry(TP, 15L));
    }

    @Test
    void anIdlePartitionCommitsTheConsumersPositionPastTransactionMarkers() {
        tracker.take(TP, 4);
        tracker.done(TP, 4);
        // enrich's transaction marker sits at offset 5: the consumer's position is 6
        assertThat(tracker.committable(tp -> 6)).containsExactly(Map.entry(TP, 6L));
        assertThat(tracker.committable(tp -> -1)).as("without a position, one past the last record")
                .containsExactly(Map.entry(TP, 5L));
    }

    @Test
    void aBusyPartitionNeverAsksForThePosition() {
        tracker.take(TP, 4);
        assertThat(tracker.committable(tp -> {
            throw new AssertionError("position asked while records are pending");
        })).containsExactly(Map.entry(TP, 4L));
    }

    @Test
    void reportsOnlyPartitionsWhoseCommitPointMovedAndNothingForUnseenOnes() {
        tracker.assign(new TopicPartition("t", 1));
        tracker.take(TP, 0);
        tracker.done(TP, 0);
        Map<TopicPartition, Long> first = tracker.committable(tp -> 1);
        assertThat(first).containsExactly(Map.entry(TP, 1L));
        tracker.committed(first);

        assertThat(tracker.committable(tp -> 1)).isEmpty();
    }

    @Test
    void aRecordDeliveredAgainBelowWhatWasTakenIsIgnored() {
        assertThat(tracker.take(TP, 7)).isTrue();
        assertThat(tracker.take(TP, 7)).isFalse();
        assertThat(tracker.take(TP, 3)).isFalse();
        assertThat(tracker.pending(TP)).isEqualTo(1);
    }

    @Test
    void aRemovedPartitionIsForgottenWithWhatItHeld() {
        tracker.take(TP, 0);
        tracker.remove(TP);
        assertThat(tracker.committable(tp -> 9)).isEmpty();
        assertThat(tracker.pending()).isZero();
    }
}
