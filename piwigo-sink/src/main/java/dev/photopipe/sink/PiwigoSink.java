package dev.photopipe.sink;

import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.consume.RequestConsumer;
import dev.photopipe.sink.consume.RequestConsumers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads each photo to Piwigo exactly once and records the outcome in the ledger.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}. Both are thread-safe. The work runs
 * on one consumer thread, up to {@code upload.max.in.flight} (or its cap) upload threads, one
 * ledger-writing thread and one backoff timer. The core ({@link SinkCore}) is the Kafka Connect
 * connector's too; this class adds the standalone runtime's consumer. If the sink stops on its own (bad Piwigo
 * credentials, Kafka unusable), {@link #failure()} says why; {@link #stalls()} names partitions
 * that stopped making progress.
 */
public final class PiwigoSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PiwigoSink.class);
    /** Beyond the shutdown timeout, the time the abandoned consumer gets to leave its group. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(40);
    /** Beyond the shutdown timeout, the time an orderly stop gets to commit and leave its group. */
    private static final Duration COMMIT_GRACE = Duration.ofSeconds(10);

    private final SinkConfig config;
    private final MeterRegistry registry;
    private SinkCore core;
    private RequestConsumer consumer;
    private Thread thread;

    public PiwigoSink(SinkConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    /** @param registry where the sink's meters go (see the module README for their names) */
    public PiwigoSink(SinkConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * Starts consuming upload requests; returns once the consumer thread runs.
     *
     * @throws org.apache.kafka.common.config.ConfigException Piwigo refused the credentials, or the
     *     ledger's state directory is in use
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("piwigo-sink already started");
        }
        core = SinkCore.open(config, registry, SinkCore.topicDeadLetters(config));
        consumer = RequestConsumers.create(config, SinkCore.clientProperties(config), core.window(), registry);
        thread = new Thread(consumer, "piwigo-sink-consumer");
        thread.start();
        LOG.info("piwigo-sink started: {} -> {} (group {}, {} uploads in flight)",
                config.topics().name(PhotopipeTopic.UPLOAD_REQUESTS), config.piwigoUrl(), config.groupId(),
                config.uploadInFlightAuto() ? "adaptive, at most " + config.uploadMaxInFlight()
                        : String.valueOf(config.uploadMaxInFlight()));
    }

    public SinkConfig config() {
        return config;
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    /** Whether the consumer thread runs. */
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /** Why the sink stopped on its own; empty while it runs or after an orderly close. */
    public synchronized Optional<Throwable> failure() {
        return consumer == null ? Optional.empty() : consumer.failure();
    }

    /**
     * Partitions holding upload requests that finished none of them for longer than
     * {@code sink.stall.timeout.ms} (Piwigo down, a photo stuck in retries), one line each;
     * empty while everything progresses or the sink is not running.
     */
    public synchronized List<String> stalls() {
        return consumer == null || !isRunning() ? List.of() : consumer.stalls();
    }

    /**
     * Orderly stop: the uploads in flight finish within {@code sink.shutdown.timeout.ms}, are
     * written to the ledger and committed. Uploads still running after that are abandoned
     * uncommitted; the next start finds their photos through the ledger or {@code pwg.images.exist}.
     */
    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        consumer.requestStop();
        join(config.shutdownTimeout().plus(COMMIT_GRACE));
        if (thread.isAlive()) {
            LOG.warn("piwigo-sink: uploads still running after {}; abandoning them uncommitted",
                    config.shutdownTimeout());
            stopNow();
        }
        core.close();
        thread = null;
        LOG.info("piwigo-sink stopped");
    }

    /**
     * For tests: stops as kill -9 would. In-flight uploads are interrupted and nothing more is
     * written to the ledger or committed.
     */
    synchronized void crash() {
        if (thread == null) {
            return;
        }
        stopNow();
        core.abandon();
        thread = null;
    }

    private void stopNow() {
        consumer.abandon();
        thread.interrupt();
        join(ABANDON_GRACE);
    }

    private void join(Duration timeout) {
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
