package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.sink.upload.UploadResult;
import dev.photopipe.testing.time.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** What is written for each outcome, and when a partition's records count as done. */
class RecordingTest {
    private static final TopicPartition P0 = WindowFixture.P0;
    private static final TopicPartition P1 = WindowFixture.P1;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final OffsetTracker offsets = new OffsetTracker();
    /** What went to the recorder, in order. */
    private final List<OutcomeRecorder.Write> submitted = new ArrayList<>();
    private final Recording recording = new Recording(offsets, submitted::add, clock);

    @Test
    void aPartitionsCommitPointPassesARecordOnlyOnceItsOutcomeIsAcknowledged() {
        PhotoTask first = taken(P0, 0, 0);
        PhotoTask second = taken(P0, 1, 1);
        offsets.take(P0, 2, clock.instant());
        second.records.add(WindowFixture.task(P0, 2, 1, "md5-1").first()); // the same photo again

        recording.uploaded(second, new UploadResult(101, 7, true));
        recording.uploaded(first, new UploadResult(102, 7, true));
        assertThat(committable()).as("written, not acknowledged").containsEntry(P0, 0L);
        assertThat(recording.writing(Set.of(P0))).isTrue();

        assertThat(recording.recorded(List.of(submitted.get(0)))).containsExactly(second);
        assertThat(committable()).as("the first record still holds the commit point").containsEntry(P0, 0L);

        assertThat(recording.recorded(List.of(submitted.get(1)))).containsExactly(first);
        assertThat(committable()).as("both records of the second photo are done").containsEntry(P0, 3L);
        assertThat(recording.writing(Set.of(P0))).isFalse();
    }

    @Test
    void theLedgerEntrySaysWhatBecameOfThePhotoAndNeedsNoDeadLetter() {
        PhotoTask uploaded = taken(P0, 0, 0);
        PhotoTask present = taken(P0, 1, 1);

        recording.uploaded(uploaded, new UploadResult(101, 7, true));
        recording.uploaded(present, new UploadResult(55, 8, false));

        assertThat(uploaded.state).isEqualTo(PhotoTask.State.RECORDING);
        UploadOutcome first = submitted.get(0).entry().outcome();
        assertThat(first.getStatus()).isEqualTo(UploadStatus.UPLOADED);
        assertThat(first.getPiwigoImageId()).isEqualTo(101L);
        assertThat(first.getAlbumIds()).containsExactly(7L);
        assertThat(first.getLastAttemptTime()).isEqualTo(clock.instant());
        assertThat(submitted.get(0).entry().partition()).isZero();
        assertThat(new String(submitted.get(0).entry().key(), StandardCharsets.UTF_8)).isEqualTo("photo-0");
        assertThat(submitted.get(1).entry().outcome().getStatus()).isEqualTo(UploadStatus.ALREADY_PRESENT);
        assertThat(submitted).allSatisfy(w -> assertThat(w.letter()).isNull());
    }

    @Test
    void aPhotoGivenUpIsRecordedFailedAndDeadLetteredWithItsReasonAndAttempts() {
        PhotoTask task = taken(P0, 0, 0);
        Instant firstAttempt = clock.instant();
        task.attempts = 4;
        task.firstAttempt = firstAttempt;
        clock.advance(Duration.ofMinutes(3));
        RuntimeException error = new IllegalStateException("kept failing");

        recording.gaveUp(task, new Retries.GiveUp(ReasonCode.PIWIGO_SERVER_ERROR, FailureKind.TRANSIENT, error,
                "Fatal error"));

        OutcomeRecorder.Write write = submitted.get(0);
        assertThat(write.entry().outcome().getStatus()).isEqualTo(UploadStatus.FAILED);
        assertThat(write.entry().outcome().getLastError()).isEqualTo("PIWIGO_SERVER_ERROR: Fatal error");
        assertThat(write.entry().outcome().getAttempts()).isEqualTo(4);
        assertThat(write.letter()).isEqualTo(new DeadLetterQueue.Letter(task.first(), ReasonCode.PIWIGO_SERVER_ERROR,
                FailureKind.TRANSIENT, error, "LOT-1", 4, firstAttempt));
        assertThat(committable()).containsEntry(P0, 0L);

        recording.recorded(List.of(write));
        assertThat(committable()).as("the dead letter and entry are durable: move on").containsEntry(P0, 1L);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAsItCameAndDoneOnceAcknowledged() {
        SinkRecord junk = new SinkRecord(WindowFixture.TOPIC, 1, 0, null,
                "not avro".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        offsets.take(P1, 0, clock.instant());
        RuntimeException error = new IllegalArgumentException("unknown magic byte");

        recording.undecodable(junk, error);

        assertThat(submitted).singleElement().satisfies(w -> {
            assertThat(w.entry()).as("no photo id to key a ledger entry by").isNull();
            assertThat(w.letter()).isEqualTo(new DeadLetterQueue.Letter(junk, ReasonCode.DESERIALIZATION_FAILED,
                    FailureKind.PERMANENT, error, null, 1, clock.instant()));
        });
        assertThat(recording.writing(Set.of(P1))).isTrue();
        assertThat(recording.writing(Set.of(P0))).isFalse();

        assertThat(recording.recorded(submitted)).as("no photo to let go").isEmpty();
        assertThat(committable()).containsEntry(P1, 1L);
    }

    @Test
    void whenTheRecorderFailsNothingIsWaitedForAndNoCommitPointMoves() {
        recording.uploaded(taken(P0, 0, 0), new UploadResult(101, 7, true));
        recording.uploaded(taken(P1, 0, 1), new UploadResult(102, 7, true));

        recording.failed();

        assertThat(recording.writing(Set.of(P0, P1))).isFalse();
        assertThat(committable()).containsEntry(P0, 0L).containsEntry(P1, 0L);
    }

    @Test
    void aForgottenPartitionsWritesAreNoLongerWaitedForWhileTheOthersAre() {
        recording.uploaded(taken(P0, 0, 0), new UploadResult(101, 7, true));
        recording.uploaded(taken(P1, 0, 1), new UploadResult(102, 7, true));

        recording.forget(P0);
        offsets.remove(P0);

        assertThat(recording.writing(Set.of(P0))).isFalse();
        assertThat(recording.writing(Set.of(P1))).isTrue();
        recording.recorded(List.copyOf(submitted)); // the forgotten partition's write comes back late
        assertThat(committable()).as("only the partition still held").containsOnlyKeys(P1).containsEntry(P1, 1L);
    }

    /** Photo {@code i}'s record at {@code offset} of {@code tp}, taken in and attempted once. */
    private PhotoTask taken(TopicPartition tp, long offset, int i) {
        offsets.take(tp, offset, clock.instant());
        PhotoTask task = WindowFixture.task(tp, offset, i, "md5-" + i);
        task.attempts = 1;
        task.firstAttempt = clock.instant();
        return task;
    }

    private Map<TopicPartition, Long> committable() {
        return offsets.committable(tp -> -1);
    }
}
