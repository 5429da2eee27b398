package dev.photopipe.sink.connect;

import dev.photopipe.sink.SinkCore;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.consume.UploadWindow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A thin driver of the sink's core ({@link SinkCore}) under Kafka Connect, as the standalone
 * sink's {@code ConsumerDriver} is under its own KafkaConsumer: {@link #put} hands records to the
 * {@link UploadWindow}, which uploads them in the background; {@link #preCommit} hands back, per
 * partition, only offsets below the first record whose outcome is not yet durable (ledger entry
 * or dead letter acknowledged); {@link #close} lets the running uploads of leaving partitions
 * finish and be recorded, then forgets them.
 *
 * <p>Offsets and revocation: Connect calls {@code preCommit} and then {@code close} on revocation
 * and stop, and commits what {@code preCommit} returned (WorkerSinkTask in Kafka 4.3), so a task
 * cannot tell a closing commit from a periodic one. Blocking every {@code preCommit} until the
 * uploads in flight are recorded would stall the worker's loop for seconds each time; instead
 * {@code preCommit} never waits, and what finishes during {@code close} is recorded in the ledger
 * but committed by no one: the next owner gets those records again and the ledger skips them
 * (no upload, no Piwigo request). Exactly one image per photo either way.
 *
 * <p>Flow: while the window holds records, each {@code put} asks Connect to poll again within
 * 100 ms ({@code context.timeout}) and requests a commit as soon as a partition's commit point
 * moved ({@code context.requestCommit}), so offsets follow the uploads about as closely as the
 * standalone sink's 100 ms commits. A full window pauses the assigned partitions
 * ({@code context.pause}); Piwigo being down pauses the uploads in the window, never fails the task.
 * Bad Piwigo credentials fail the task at start, with the setting to check.
 *
 * <p>Lifecycle and threading (Connect's): {@link #start}, then {@link #open}/{@link #put}/
 * {@link #preCommit}/{@link #close} as partitions come and go, {@link #stop}; all on the task's
 * one thread. The core is built at the first {@code open}: Connect assigns partitions only once
 * their previous owner's consumer left the group, after that task released its ledger store.
 */
public final class PiwigoSinkTask extends SinkTask {
    /** How soon Connect polls again (and so calls {@code put}) while the window holds records. */
    private static final Duration TICK = Duration.ofMillis(100);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    /** Per partition, the offset last handed back in {@link #preCommit}. */
    private final Map<TopicPartition, Long> handedBack = new HashMap<>();
    private SinkConfig config;
    private boolean tolerateAll;
    private SinkCore core;
    private boolean pausedForRoom;

    @Override
    public String version() {
        return Version.get();
    }

    /** @throws ConnectException the settings are wrong or Piwigo refused the credentials (the task fails, saying which) */
    @Override
    public void start(Map<String, String> props) {
        try {
            config = new SinkConfig(props);
            SinkCore.checkCredentials(config);
        } catch (ConfigException e) {
            throw new ConnectException("piwigo-sink: " + e.getMessage(), e);
        }
        tolerateAll = ConnectorSettings.toleratesAll(props);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (core == null) {
            try {
                core = SinkCore.open(config, registry,
                        producer -> new ErrantRecordQueue(context.errantRecordReporter(), tolerateAll));
            } catch (ConfigException e) {
                throw new ConnectException("piwigo-sink: " + e.getMessage(), e);
            }
        }
        core.window().assign(partitions);
        if (pausedForRoom) {
            context.pause(partitions.toArray(TopicPartition[]::new)); // the window is full: they wait like the others
        }
    }

    /** @throws ConnectException the core cannot go on (Piwigo refused the credentials, a ledger write failed) */
    @Override
    public void put(Collection<SinkRecord> records) {
        if (core == null) {
            return; // no partition yet (a task beyond the partition count gets empty puts)
        }
        UploadWindow window = core.window();
        window.failure().ifPresent(failure -> {
            throw new ConnectException("piwigo-sink stopped: " + failure.getMessage(), failure);
        });
        if (!records.isEmpty()) {
            window.accept(records.stream().map(ConnectRecords::toCore).toList());
        }
        flowControl(window);
        boolean moved = window.committable(tp -> -1).entrySet().stream()
                .anyMatch(e -> e.getValue() > handedBack.getOrDefault(e.getKey(), -1L));
        if (moved) {
            context.requestCommit();
        }
        if (moved || window.holdsRecords()) {
            context.timeout(TICK.toMillis());
        }
    }

    private void flowControl(UploadWindow window) {
        boolean room = window.wantsRecords();
        if (!room && !pausedForRoom) {
            context.pause(context.assignment().toArray(TopicPartition[]::new));
            pausedForRoom = true;
        } else if (room && pausedForRoom) {
            context.resume(context.assignment().toArray(TopicPartition[]::new));
            pausedForRoom = false;
        }
    }

    /** Only offsets whose records' outcomes are durable; never waits (see the class comment). */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        if (core == null) {
            return commits;
        }
        core.window().committable(tp -> currentOffsets.containsKey(tp) ? currentOffsets.get(tp).offset() : -1)
                .forEach((tp, offset) -> {
                    if (currentOffsets.containsKey(tp)) {
                        commits.put(tp, new OffsetAndMetadata(offset));
                        handedBack.put(tp, offset);
                    }
                });
        return commits;
    }

    /**
     * Waiting photos of these partitions are dropped (uncommitted), running uploads may finish and
     * be recorded within {@code sink.shutdown.timeout.ms}, then the partitions' ledger view goes.
     * Keep Connect's {@code task.shutdown.graceful.timeout.ms} above that bound.
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (core == null || partitions.isEmpty()) {
            return;
        }
        try {
            core.window().finish(partitions, config.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("piwigo-sink interrupted while closing " + partitions, e);
        } finally {
            core.window().forget(partitions);
            partitions.forEach(handedBack::remove);
        }
    }

    /** After Connect closed every partition: releases the upload threads, the ledger (checkpoints), Piwigo's lounge. */
    @Override
    public void stop() {
        if (core == null) {
            return;
        }
        try {
            core.window().drain(config.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            core.window().close();
            core.close();
            core = null;
        }
    }
}
