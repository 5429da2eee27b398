package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadRequest;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The photos the window holds, one per partition and photo id, from their first record until
 * their outcome is recorded or they are dropped: a record of a photo held already rides on it
 * (uploaded once). When partitions go, their photos not running are dropped at once, and those
 * still running once the window has waited for them are interrupted and dropped; either way
 * nothing of them is recorded, so their records stay uncommitted.
 *
 * <p>Not thread-safe: the {@link UploadWindow}'s monitor guards it, with the tasks' state it
 * sets; every caller holds it, and so does {@code onDrop} when it is called.
 */
final class PhotosInHand {
    private static final Logger LOG = LoggerFactory.getLogger(PhotosInHand.class);

    private final Map<PhotoTask.Key, PhotoTask> tasks = new HashMap<>();
    private final Counter skippedInWindow;
    private final Consumer<PhotoTask> onDrop;

    /**
     * @param skippedInWindow counts records that ride on a photo held already
     * @param onDrop          told of each photo dropped: it must no longer wait or start
     */
    PhotosInHand(Counter skippedInWindow, Consumer<PhotoTask> onDrop) {
        this.skippedInWindow = skippedInWindow;
        this.onDrop = onDrop;
    }

    /** {@code record} asks for an upload of {@code photoId}: the new photo, or empty when it rides on one held. */
    Optional<PhotoTask> join(SinkRecord record, String photoId, UploadRequest request) {
        PhotoTask.Key key = new PhotoTask.Key(record.topicPartition(), photoId);
        PhotoTask known = tasks.get(key);
        if (known != null) {
            skippedInWindow.increment(); // the same photo again while in hand: upload it once
            known.records.add(record);
            return Optional.empty();
        }
        PhotoTask task = new PhotoTask(key, request, record);
        tasks.put(key, task);
        return Optional.of(task);
    }

    /** {@code task} is recorded: it leaves (unless it left already and its photo came again). */
    void recorded(PhotoTask task) {
        tasks.remove(task.key, task);
    }

    /** Photos waiting, running or backing off (not those being recorded). */
    int inHand() {
        return (int) tasks.values().stream().filter(PhotoTask::inHand).count();
    }

    Collection<PhotoTask> all() {
        return tasks.values();
    }

    /** The partitions of the photos held. */
    Set<TopicPartition> partitions() {
        Set<TopicPartition> partitions = new HashSet<>();
        tasks.keySet().forEach(k -> partitions.add(k.partition()));
        return partitions;
    }

    /** Whether an upload of one of {@code partitions} runs. */
    boolean running(Set<TopicPartition> partitions) {
        return tasks.values().stream().anyMatch(t -> isRunning(t) && partitions.contains(t.key.partition()));
    }

    /** {@code partitions} go: their photos still to be uploaded and not running are dropped. */
    void dropWaiting(Set<TopicPartition> partitions) {
        remove(partitions, t -> t.inHand() && !isRunning(t)).forEach(this::drop);
    }

    /** {@code partitions} go now: the uploads of theirs still running are interrupted, their photos dropped. */
    void interruptRunning(Set<TopicPartition> partitions) {
        for (PhotoTask task : remove(partitions, PhotosInHand::isRunning)) {
            LOG.warn("Upload of photo {} still running when {} went; interrupted and left uncommitted",
                    task.key.photoId(), task.key.partition());
            drop(task);
            if (task.running != null) {
                task.running.cancel(true);
            }
        }
    }

    private void drop(PhotoTask task) {
        task.state = PhotoTask.State.DROPPED;
        onDrop.accept(task);
    }

    private List<PhotoTask> remove(Set<TopicPartition> partitions, Predicate<PhotoTask> which) {
        List<PhotoTask> removed = new ArrayList<>();
        for (Iterator<PhotoTask> it = tasks.values().iterator(); it.hasNext(); ) {
            PhotoTask task = it.next();
            if (partitions.contains(task.key.partition()) && which.test(task)) {
                removed.add(task);
                it.remove();
            }
        }
        return removed;
    }

    private static boolean isRunning(PhotoTask task) {
        return task.state == PhotoTask.State.RUNNING;
    }
}
