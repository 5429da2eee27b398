package dev.photopipe.sink;

import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.consume.RequestConsumer;
import dev.photopipe.sink.consume.RequestConsumers;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.ledger.Ledgers;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoAuthenticationException;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.sink.piwigo.PiwigoSettings;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.piwigo.ServerStatus;
import dev.photopipe.sink.source.PhotoStaging;
import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.PhotoUploaders;
import dev.photopipe.store.PhotoStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads each photo to Piwigo exactly once and records the outcome in the ledger.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}. Both are thread-safe. The work runs
 * on one consumer thread, up to {@code upload.max.in.flight} (or its cap) upload threads, one
 * ledger-writing thread and one backoff timer. If the sink stops on its own (bad Piwigo
 * credentials, Kafka unusable), {@link #failure()} says why; {@link #stalls()} names partitions
 * that stopped making progress.
 */
public final class PiwigoSink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PiwigoSink.class);
    /** Beyond the shutdown timeout, the time the abandoned consumer gets to leave its group. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(40);
    /** Beyond the shutdown timeout, the time an orderly stop gets to commit and leave its group. */
    private static final Duration COMMIT_GRACE = Duration.ofSeconds(10);
    /** Bound of the start-up check of Piwigo's answer and credentials. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final SinkConfig config;
    private final MeterRegistry registry;
    private PiwigoClient client;
    private PhotoUploader uploader;
    private Producer<byte[], byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private Ledger ledger;
    private PhotoStaging staging;
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
     * Refused credentials are a configuration error: say so at start, not at the first photo. A
     * Piwigo that is merely down does not stop the start: the consumer pauses until it answers.
     */
    private void checkCredentials() {
        // One attempt with its own client: a Piwigo that is down must not hold the start-up for
        // the upload client's whole retry budget (minutes); the consumer's pauses wait for it.
        try (PiwigoClient probe = PiwigoClients.create(PiwigoSettings.from(config).forProbe(PROBE_TIMEOUT))) {
            ServerStatus status = probe.probe();
            LOG.info("Piwigo {} at {}, logged in as {}", status.version(), config.piwigoUrl(), status.username());
        } catch (PiwigoAuthenticationException e) {
            throw new ConfigException("Piwigo at " + config.piwigoUrl() + " refused photopipe's credentials ("
                    + e.getMessage() + "). Check piwigo.api.key (or piwigo.username and piwigo.password).");
        } catch (PiwigoException e) {
            LOG.warn("Piwigo at {} does not answer yet ({}); uploads wait for it", config.piwigoUrl(), e.getMessage());
        }
    }

    /** Starts consuming upload requests; returns once the consumer thread runs. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("piwigo-sink already started");
        }
        Map<String, Object> clientProps = clientProperties(config);
        Map<String, Object> serdeConfigs = serdeConfigs(config);
        client = PiwigoClients.create(config, registry);
        checkCredentials();
        uploader = PhotoUploaders.create(client, config);
        producer = new KafkaProducer<>(producerProps(clientProps), new ByteArraySerializer(), new ByteArraySerializer());
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        ledger = Ledgers.create(config.topics().name(PhotopipeTopic.SINK_LEDGER), producer, clientProps,
                serdeConfigs, ledgerStorage(config), registry);
        staging = new PhotoStaging(PhotoStores.create(config.storeSettings(), config.spoolDir()), config.spoolDir(),
                config.spoolMaxBytes());
        staging.cleanSpool();
        consumer = RequestConsumers.create(config, clientProps, serdeConfigs, uploader, staging, ledger, producer,
                registry);
        thread = new Thread(consumer, "piwigo-sink-consumer");
        thread.start();
        LOG.info("piwigo-sink started: {} -> {} (group {}, {} uploads in flight)",
                config.topics().name(PhotopipeTopic.UPLOAD_REQUESTS), config.piwigoUrl(), config.groupId(),
                config.uploadInFlightAuto() ? "adaptive, at most " + config.uploadMaxInFlight()
                        : String.valueOf(config.uploadMaxInFlight()));
    }

    private static Ledgers.Storage ledgerStorage(SinkConfig config) {
        return config.ledgerOnDisk() ? Ledgers.Storage.rocksDb(config.stateDir(), SinkConfig.SINK_STATE_DIR)
                : Ledgers.Storage.memory();
    }

    /**
     * What every Kafka client of the sink shares: the user's {@code kafka.*} settings (security,
     * tuning) and the brokers. Each client adds its own settings on top.
     */
    static Map<String, Object> clientProperties(SinkConfig config) {
        Map<String, Object> clientProps = new HashMap<>(config.kafkaClientSettings());
        clientProps.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", config.bootstrapServers()));
        return clientProps;
    }

    /**
     * All of the sink's settings, as ingest and enrich pass theirs: the serdes take the registry's
     * URL, basic auth and truststore from them and ignore the rest.
     */
    static Map<String, Object> serdeConfigs(SinkConfig config) {
        return config.originals();
    }

    static Map<String, Object> producerProps(Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        // Ledger entries and dead letters must not be lost or doubled by producer retries.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Tuning only: a kafka.linger.ms of the user's wins.
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
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
        release(Duration.ofSeconds(5), true);
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
        release(Duration.ZERO, false);
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

    private void release(Duration producerTimeout, boolean orderly) {
        producer.close(producerTimeout);
        producerMetrics.close();
        if (orderly) {
            ledger.close();
        } else {
            ledger.abandon(); // no checkpoint, nothing more flushed: the next start recovers as after kill -9
        }
        if (orderly) {
            uploader.close(); // publishes the lounge once more
        } else {
            uploader.abandon(); // no thread outlives a crash; Piwigo publishes within 5 min, the next start at once
        }
        client.close();
        staging.close();
        thread = null;
    }
}
