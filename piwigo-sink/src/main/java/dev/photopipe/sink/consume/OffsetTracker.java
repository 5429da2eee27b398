package dev.photopipe.sink.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each assigned partition may be committed: up to (not including) the lowest
 * offset taken in and not yet done. Written by hand rather than taken from Confluent's
 * parallel-consumer, which owns its KafkaConsumer (a Connect task cannot hand it one) and does
 * not support the Kafka 4.x clients this project uses (confluentinc/parallel-consumer#904).
 *
 * <p>Offsets of one partition are taken in increasing order (as a consumer returns them); they
 * may be done in any order. Also tells which partitions stall: hold records and finish none.
 * Not thread-safe: the {@link UploadWindow}'s monitor guards it (the window takes records in and
 * commits; {@link Recording} marks them done, under the same monitor).
 */
final class OffsetTracker {
    /** One partition's offsets. */
    private static final class Offsets {
        final TreeSet<Long> pending = new TreeSet<>();
        /** One past the highest offset taken; -1 before the first. */
        long next = -1;
        /** The last offset committed (or known committed); -1 when none. */
        long committed = -1;
        /** When a record was last done, or work came in while none was pending. */
        Instant progress;
    }

    private final Map<TopicPartition, Offsets> partitions = new HashMap<>();

    /** Starts tracking {@code partition} (no effect when already tracked). */
    void assign(TopicPartition partition) {
        partitions.computeIfAbsent(partition, p -> new Offsets());
    }

    /** Stops tracking {@code partition}; what was pending is forgotten (it stays uncommitted). */
    void remove(TopicPartition partition) {
        partitions.remove(partition);
    }

    Set<TopicPartition> partitions() {
        return partitions.keySet();
    }

    /**
     * A record taken in, pending until {@link #done}. Returns false, and tracks nothing, for an
     * offset below one already taken (a record delivered twice): its first delivery decides.
     */
    boolean take(TopicPartition partition, long offset, Instant now) {
        Offsets offsets = partitions.computeIfAbsent(partition, p -> new Offsets());
        if (offset < offsets.next) {
            return false;
        }
        if (offsets.pending.isEmpty()) {
            offsets.progress = now; // idle until now: the stall clock starts with this work
        }
        offsets.pending.add(offset);
        offsets.next = offset + 1;
        return true;
    }

    /** The record at {@code offset} is recorded (or needed nothing): it no longer holds the commit back. */
    void done(TopicPartition partition, long offset, Instant now) {
        Offsets offsets = partitions.get(partition);
        if (offsets != null) {
            offsets.pending.remove(offset);
            offsets.progress = now;
        }
    }

    /** Partitions holding records that finished none of them for longer than {@code threshold}. */
    List<Stall> stalls(Duration threshold, Instant now) {
        List<Stall> stalls = new ArrayList<>();
        partitions.forEach((partition, offsets) -> {
            Duration quiet = offsets.progress == null ? Duration.ZERO : Duration.between(offsets.progress, now);
            if (!offsets.pending.isEmpty() && quiet.compareTo(threshold) > 0) {
                stalls.add(new Stall(partition, offsets.pending.size(), quiet));
            }
        });
        return stalls;
    }

    /** Records of {@code partition} taken in and not yet done. */
    int pending(TopicPartition partition) {
        Offsets offsets = partitions.get(partition);
        return offsets == null ? 0 : offsets.pending.size();
    }

    int pending() {
        return partitions.values().stream().mapToInt(o -> o.pending.size()).sum();
    }

    /**
     * The offsets to commit now, for the partitions whose commit point moved since the last
     * {@link #committed}: the lowest pending offset, or when nothing is pending the consumer's
     * position (asked only then; it is past the transaction markers that follow the last record,
     * so an idle group shows lag 0), never less than one past the last record taken.
     *
     * @param position the consumer's position of a partition that has had records and holds none pending
     */
    Map<TopicPartition, Long> committable(ToLongFunction<TopicPartition> position) {
        Map<TopicPartition, Long> commits = new LinkedHashMap<>();
        partitions.forEach((partition, offsets) -> {
            if (offsets.next < 0) {
                return; // nothing seen: nothing of ours to commit
            }
            long at = offsets.pending.isEmpty() ? Math.max(offsets.next, position.applyAsLong(partition))
                    : offsets.pending.first();
            if (at > offsets.committed) {
                commits.put(partition, at);
            }
        });
        return commits;
    }

    /** These offsets are committed now. */
    void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            Offsets tracked = partitions.get(partition);
            if (tracked != null) {
                tracked.committed = Math.max(tracked.committed, offset);
            }
        });
    }
}
