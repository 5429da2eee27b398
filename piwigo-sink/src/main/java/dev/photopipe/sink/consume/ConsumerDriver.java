package dev.photopipe.sink.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone sink's thin driver of an {@link UploadWindow}: polls the upload requests, hands
 * them in, commits what the window says is recorded, pauses fetching while the window is full,
 * and turns rebalances into {@link UploadWindow#assign}, {@link UploadWindow#finish} + commit +
 * {@link UploadWindow#forget}. It owns the KafkaConsumer; the window does not.
 *
 * <p>Threading: {@link #run()} on one dedicated thread (the consumer's, where the rebalance
 * callbacks run too); {@link #requestStop()}, {@link #abandon()}, {@link #failure()} and
 * {@link #stalls()} from any thread.
 */
final class ConsumerDriver implements RequestConsumer, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerDriver.class);
    /** Also the longest a recorded photo waits for its commit. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** Commits at most this often while records flow (always on revocation and stop). */
    private static final Duration COMMIT_EVERY = Duration.ofMillis(100);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final UploadWindow window;
    /** How long running uploads may take to finish on revocation and on stop. */
    private final Duration finishBound;
    private final Duration stallTimeout;
    /** The consumer's meters, closed with it. */
    private final AutoCloseable consumerMetrics;

    private volatile boolean stopping;
    private volatile boolean abandoned;
    private volatile Throwable failure;

    // Owned by the run() thread.
    private boolean pausedForRoom;
    private long lastCommitNanos;

    ConsumerDriver(Consumer<byte[], byte[]> consumer, String topic, UploadWindow window, Duration finishBound,
                   Duration stallTimeout, AutoCloseable consumerMetrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.window = window;
        this.finishBound = finishBound;
        this.stallTimeout = stallTimeout;
        this.consumerMetrics = consumerMetrics;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (!stopping && !abandoned && window.failure().isEmpty()) {
                flowControl();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    List<SinkRecord> taken = new ArrayList<>(records.count());
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        taken.add(SinkRecord.of(record));
                    }
                    window.accept(taken);
                }
                if (System.nanoTime() - lastCommitNanos >= COMMIT_EVERY.toNanos()) {
                    commitAsync();
                }
            }
            window.failure().ifPresent(f -> LOG.error("piwigo-sink stopping: {}", f.getMessage()));
            if (!abandoned) {
                window.drain(finishBound);
                commitSync(window.committable(this::position));
            }
        } catch (InterruptedException | InterruptException e) {
            if (!abandoned) {
                failure = e;
                LOG.error("piwigo-sink consumer interrupted; stopping, the photos in hand stay uncommitted");
            }
        } catch (RuntimeException e) {
            if (!abandoned) {
                failure = e;
                LOG.error("piwigo-sink stopped on an unexpected failure; the photos in hand stay uncommitted", e);
            }
        } finally {
            Thread.interrupted(); // close() must not fail on the flag a crash or stop left behind
            // An abandoned consumer still leaves the group: the successor gets the partitions
            // without waiting for the session timeout. Nothing is committed then.
            try {
                consumer.close(CloseOptions.timeout(abandoned ? Duration.ZERO : Duration.ofSeconds(5)));
            } finally {
                closeQuietly(consumerMetrics);
                if (!abandoned) {
                    window.close();
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("close failed", e);
        }
    }

    /** Fetching stops while the window is full, and goes on once it has room. */
    private void flowControl() {
        boolean room = window.wantsRecords();
        if (!room && !pausedForRoom) {
            consumer.pause(consumer.assignment());
            pausedForRoom = true;
        } else if (room && pausedForRoom) {
            consumer.resume(consumer.paused());
            pausedForRoom = false;
        }
    }

    private long position(TopicPartition partition) {
        try {
            return consumer.position(partition, Duration.ZERO);
        } catch (KafkaException | IllegalStateException e) {
            return -1; // not known right now: the tracker's own count decides
        }
    }

    private void commitAsync() {
        lastCommitNanos = System.nanoTime();
        Map<TopicPartition, Long> offsets = window.committable(this::position);
        if (!offsets.isEmpty()) {
            consumer.commitAsync(metadata(offsets), (committed, e) -> {
                if (e == null) {
                    window.committed(offsets);
                } else {
                    LOG.debug("Commit of {} failed; the next one covers it: {}", offsets, e.toString());
                }
            });
        }
    }

    private void commitSync(Map<TopicPartition, Long> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(metadata(offsets));
            window.committed(offsets);
        } catch (KafkaException e) {
            // Recorded but not committed: delivered again, and the ledger skips them then.
            LOG.warn("Commit of {} failed ({}); those records come again and the ledger skips them", offsets,
                    e.toString());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> metadata(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
        return commits;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        window.assign(partitions);
        if (pausedForRoom) {
            consumer.pause(partitions); // the window is full: new partitions wait like the others
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (abandoned || partitions.isEmpty()) {
            return; // closing an abandoned consumer revokes too: a crash commits nothing
        }
        finish(partitions);
        Map<TopicPartition, Long> offsets = new HashMap<>(window.committable(this::position));
        offsets.keySet().retainAll(partitions);
        commitSync(offsets);
        window.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (abandoned || partitions.isEmpty()) {
            return;
        }
        finish(partitions); // recorded outcomes still save the new owner an upload; nothing committed
        window.forget(partitions);
    }

    private void finish(Collection<TopicPartition> partitions) {
        try {
            window.finish(partitions, finishBound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    @Override
    public void requestStop() {
        stopping = true;
    }

    @Override
    public void abandon() {
        abandoned = true;
        window.abandon(ABANDON_WAIT);
    }

    @Override
    public Optional<Throwable> failure() {
        return failure != null ? Optional.of(failure) : window.failure();
    }

    @Override
    public List<String> stalls() {
        return window.stalls(stallTimeout).stream()
                .map(s -> s.partition() + " holds " + s.pending() + " request(s) and finished none for "
                        + s.since().toSeconds() + " s")
                .toList();
    }
}
