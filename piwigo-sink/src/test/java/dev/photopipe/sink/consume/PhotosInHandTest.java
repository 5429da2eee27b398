package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which photos the window holds, and which of them a partition that goes takes along. */
class PhotosInHandTest {
    private static final TopicPartition P0 = WindowFixture.P0;
    private static final TopicPartition P1 = WindowFixture.P1;

    private final Counter skipped = SinkMeters.skipped(new SimpleMeterRegistry(), "batch");
    private final List<PhotoTask> dropped = new ArrayList<>();
    private final PhotosInHand photos = new PhotosInHand(skipped, dropped::add);

    @Test
    void aPhotoComingAgainRidesOnTheOneHeldButNotAcrossPartitions() {
        PhotoTask held = join(P0, 0, 0).orElseThrow();
        PhotoTask again = WindowFixture.task(P0, 1, 0, "md5-0");

        assertThat(photos.join(again.first(), again.key.photoId(), again.request)).isEmpty();
        assertThat(held.records).extracting(SinkRecord::offset).containsExactly(0L, 1L);
        assertThat(skipped.count()).isEqualTo(1);
        assertThat(join(P1, 0, 0)).as("the same photo id on another partition is another ledger key").isPresent();
        assertThat(photos.inHand()).isEqualTo(2);
        assertThat(photos.partitions()).containsExactlyInAnyOrder(P0, P1);
    }

    @Test
    void whenAPartitionGoesItsPhotosNotRunningAreDroppedAndTheRestStay() {
        PhotoTask running = held(P0, 0, PhotoTask.State.RUNNING);
        PhotoTask ready = held(P0, 1, PhotoTask.State.READY);
        PhotoTask waiting = held(P0, 2, PhotoTask.State.WAITING);
        PhotoTask recording = held(P0, 3, PhotoTask.State.RECORDING);
        PhotoTask otherPartition = held(P1, 4, PhotoTask.State.READY);

        photos.dropWaiting(Set.of(P0));

        assertThat(dropped).containsExactlyInAnyOrder(ready, waiting);
        assertThat(dropped).allSatisfy(t -> assertThat(t.state).isEqualTo(PhotoTask.State.DROPPED));
        assertThat(photos.all()).containsExactlyInAnyOrder(running, recording, otherPartition);
        assertThat(photos.running(Set.of(P0))).isTrue();
        assertThat(photos.running(Set.of(P1))).isFalse();
        assertThat(photos.inHand()).isEqualTo(2);
    }

    @Test
    void anUploadStillRunningWhenItsPartitionGoesIsInterruptedAndDropped() {
        PhotoTask running = held(P0, 0, PhotoTask.State.RUNNING);
        CompletableFuture<Void> upload = new CompletableFuture<>();
        running.running = upload;
        PhotoTask otherPartition = held(P1, 1, PhotoTask.State.RUNNING);

        photos.interruptRunning(Set.of(P0));

        assertThat(upload).isCancelled();
        assertThat(dropped).containsExactly(running);
        assertThat(running.state).isEqualTo(PhotoTask.State.DROPPED);
        assertThat(photos.running(Set.of(P0))).isFalse();
        assertThat(photos.all()).containsExactly(otherPartition);
    }

    @Test
    void aRecordedPhotoLeavesButNotTheSamePhotoTakenInAgainAfterIt() {
        PhotoTask first = join(P0, 0, 0).orElseThrow();
        photos.recorded(first);
        assertThat(photos.all()).isEmpty();

        PhotoTask second = join(P0, 1, 0).orElseThrow();
        photos.recorded(first); // a late word about the first: the second stays
        assertThat(photos.all()).containsExactly(second);
    }

    private Optional<PhotoTask> join(TopicPartition tp, long offset, int i) {
        PhotoTask task = WindowFixture.task(tp, offset, i, "md5-" + i);
        return photos.join(task.first(), task.key.photoId(), task.request);
    }

    private PhotoTask held(TopicPartition tp, int i, PhotoTask.State state) {
        PhotoTask task = join(tp, i, i).orElseThrow();
        task.state = state;
        return task;
    }
}
