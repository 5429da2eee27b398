package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.sink.upload.UploadResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The recording of outcomes and its bookkeeping per partition: turns what became of a photo (or
 * of a record that is no upload request) into a write for the {@link OutcomeRecorder}, counts the
 * writes of each partition not yet acknowledged, and once a write is acknowledged marks its
 * records done in the {@link OffsetTracker}. So a partition's commit point passes a record only
 * when its outcome is durable.
 *
 * <p>Not thread-safe: the {@link UploadWindow}'s monitor guards it, with the tracker it marks and
 * the tasks' state it sets; every caller holds it. The recorder's acknowledgements reach
 * {@link #recorded} through the window, which takes the monitor first.
 */
final class Recording {
    private final OffsetTracker offsets;
    private final Consumer<OutcomeRecorder.Write> recorder;
    private final Clock clock;
    /** Per partition: writes submitted and not yet acknowledged. */
    private final Map<TopicPartition, Integer> unacknowledged = new HashMap<>();

    /** @param recorder where the writes go ({@link OutcomeRecorder#submit}); must not block */
    Recording(OffsetTracker offsets, Consumer<OutcomeRecorder.Write> recorder, Clock clock) {
        this.offsets = offsets;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** {@code task} went into the gallery, or Piwigo had it already: its ledger entry. */
    void uploaded(PhotoTask task, UploadResult uploaded) {
        record(task, task.outcome(uploaded.uploaded() ? UploadStatus.UPLOADED : UploadStatus.ALREADY_PRESENT,
                clock.instant()).setPiwigoImageId(uploaded.imageId()).setAlbumIds(List.of(uploaded.albumId()))
                .build(), null);
    }

    /** {@code task} is given up: a {@code FAILED} ledger entry and a dead letter of its first record. */
    void gaveUp(PhotoTask task, Retries.GiveUp why) {
        record(task, task.outcome(UploadStatus.FAILED, clock.instant()).setAlbumIds(List.of())
                        .setLastError(why.reason() + ": " + why.message()).build(),
                new DeadLetterQueue.Letter(task.first(), why.reason(), why.kind(), why.error(),
                        task.request.getPhoto().getBatchId(), task.attempts, task.firstAttempt));
    }

    /** {@code record}'s bytes are no upload request: a dead letter only, the bytes as they came. */
    void undecodable(SinkRecord record, RuntimeException error) {
        submit(record.topicPartition(), new OutcomeRecorder.Write(record, null, new DeadLetterQueue.Letter(record,
                ReasonCode.DESERIALIZATION_FAILED, FailureKind.PERMANENT, error, null, 1, clock.instant())));
    }

    private void record(PhotoTask task, UploadOutcome outcome, DeadLetterQueue.Letter letter) {
        task.state = PhotoTask.State.RECORDING;
        submit(task.key.partition(), new OutcomeRecorder.Write(task, task.entry(outcome), letter));
    }

    private void submit(TopicPartition partition, OutcomeRecorder.Write write) {
        unacknowledged.merge(partition, 1, Integer::sum);
        recorder.accept(write);
    }

    /** These writes are acknowledged: their records are done. Returns the photos they recorded. */
    List<PhotoTask> recorded(List<OutcomeRecorder.Write> writes) {
        List<PhotoTask> photos = new ArrayList<>();
        for (OutcomeRecorder.Write write : writes) {
            if (write.token() instanceof PhotoTask task) {
                TopicPartition tp = task.key.partition();
                acknowledged(tp);
                task.records.forEach(r -> offsets.done(tp, r.offset(), clock.instant()));
                photos.add(task);
            } else if (write.token() instanceof SinkRecord record) {
                TopicPartition tp = record.topicPartition();
                acknowledged(tp);
                offsets.done(tp, record.offset(), clock.instant());
            }
        }
        return photos;
    }

    private void acknowledged(TopicPartition partition) {
        unacknowledged.computeIfPresent(partition, (p, n) -> n > 1 ? n - 1 : null);
    }

    /** The recorder failed: nothing submitted will be acknowledged now, so nobody waits for it. */
    void failed() {
        unacknowledged.clear();
    }

    /** Whether a write of one of {@code partitions} waits for its acknowledgement. */
    boolean writing(Collection<TopicPartition> partitions) {
        return partitions.stream().anyMatch(unacknowledged::containsKey);
    }

    /** {@code partition} went: its writes are no longer waited for. */
    void forget(TopicPartition partition) {
        unacknowledged.remove(partition);
    }
}
