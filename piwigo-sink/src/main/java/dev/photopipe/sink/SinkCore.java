package dev.photopipe.sink;

import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.consume.DeadLetterQueue;
import dev.photopipe.sink.consume.UploadWindow;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.ledger.Ledgers;
import dev.photopipe.sink.piwigo.PiwigoAuthenticationException;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.piwigo.PiwigoSettings;
import dev.photopipe.sink.piwigo.ServerStatus;
import dev.photopipe.sink.source.PhotoStaging;
import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.PhotoUploaders;
import dev.photopipe.store.PhotoStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's core, whichever runtime drives it: the Piwigo client and uploader (albums, tags,
 * lounge), the photo store's staging (where the bytes come from), the producer of ledger entries,
 * the ledger, and the {@link UploadWindow} over them.
 * The standalone {@link PiwigoSink} feeds the window from its own KafkaConsumer; the Kafka
 * Connect task feeds it from {@code put()} and hands back its offsets in {@code preCommit()}.
 * Only where dead letters go differs ({@link DeadLetters}).
 *
 * <p>Lifecycle: {@link #open}; the driver feeds {@link #window()} and ends it ({@code drain} +
 * {@code close}, or {@code abandon}); then {@link #close()} (orderly: ledger checkpoints written,
 * the lounge published once more) or {@link #abandon()} (as kill -9 would: nothing more flushed).
 * Open and close/abandon on one thread; the window is thread-safe.
 */
public final class SinkCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkCore.class);
    /** Bound of the start-up check of Piwigo's answer and credentials. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(5);

    /** Where the core's dead letters go, given the core's producer (idempotent, acks=all; not to be closed). */
    @FunctionalInterface
    public interface DeadLetters {
        DeadLetterQueue queue(Producer<byte[], byte[]> producer);
    }

    private final PiwigoClient client;
    private final PhotoUploader uploader;
    private final Producer<byte[], byte[]> producer;
    private final KafkaClientMetrics producerMetrics;
    private final Ledger ledger;
    private final PhotoStaging staging;
    private final UploadWindow window;

    private SinkCore(PiwigoClient client, PhotoUploader uploader, Producer<byte[], byte[]> producer,
                     KafkaClientMetrics producerMetrics, Ledger ledger, PhotoStaging staging, UploadWindow window) {
        this.client = client;
        this.uploader = uploader;
        this.producer = producer;
        this.producerMetrics = producerMetrics;
        this.ledger = ledger;
        this.staging = staging;
        this.window = window;
    }

    /**
     * Checks Piwigo's credentials ({@link #checkCredentials}), then builds the core of the sink
     * {@code config} describes; its meters go to {@code registry}. Releases what it built when a
     * later part fails.
     *
     * @throws ConfigException Piwigo refused the credentials, or the ledger's state directory is in use
     */
    public static SinkCore open(SinkConfig config, MeterRegistry registry, DeadLetters deadLetters) {
        checkCredentials(config);
        Map<String, Object> clientProps = clientProperties(config);
        PiwigoClient client = PiwigoClients.create(config, registry);
        PhotoUploader uploader = null;
        Producer<byte[], byte[]> producer = null;
        KafkaClientMetrics producerMetrics = null;
        PhotoStaging staging = null;
        try {
            uploader = PhotoUploaders.create(client, config);
            producer = new KafkaProducer<>(producerProps(clientProps), new ByteArraySerializer(),
                    new ByteArraySerializer());
            producerMetrics = new KafkaClientMetrics(producer);
            producerMetrics.bindTo(registry);
            Ledger ledger = Ledgers.create(config.topics().name(PhotopipeTopic.SINK_LEDGER), producer, clientProps,
                    serdeConfigs(config), ledgerStorage(config), registry);
            staging = new PhotoStaging(PhotoStores.create(config.storeSettings(), config.spoolDir()),
                    config.spoolDir(), config.spoolMaxBytes());
            staging.cleanSpool();
            UploadWindow window = UploadWindow.create(config, serdeConfigs(config), uploader, staging, ledger,
                    deadLetters.queue(producer), registry);
            return new SinkCore(client, uploader, producer, producerMetrics, ledger, staging, window);
        } catch (RuntimeException e) {
            if (staging != null) {
                staging.close();
            }
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            if (producerMetrics != null) {
                producerMetrics.close();
            }
            if (uploader != null) {
                uploader.abandon();
            }
            client.close();
            throw e;
        }
    }

    /** photopipe's dead-letter topic ({@code topics.prefix} + {@code photopipe.dead-letters}), through the core's producer. */
    public static DeadLetters topicDeadLetters(SinkConfig config) {
        String topic = config.topics().name(PhotopipeTopic.DEAD_LETTERS);
        return producer -> DeadLetterQueue.topic(topic, producer);
    }

    /**
     * Refused credentials are a configuration error: say so at start, not at the first photo. A
     * Piwigo that is merely down does not stop the start (logged): the window pauses until it answers.
     *
     * @throws ConfigException Piwigo refused the credentials; the message names the settings to check
     */
    public static void checkCredentials(SinkConfig config) {
        // One attempt with its own client: a Piwigo that is down must not hold the start-up for
        // the upload client's whole retry budget (minutes); the window's pauses wait for it.
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

    /** The core the driver feeds. */
    public UploadWindow window() {
        return window;
    }

    /**
     * After the driver drained and closed the window: flushes and closes the producer, writes the
     * ledger's checkpoints, publishes the lounge once more, closes the Piwigo client.
     */
    @Override
    public void close() {
        release(PRODUCER_CLOSE, true);
    }

    /**
     * As a killed process would: no checkpoint, nothing more flushed, no thread left behind;
     * Piwigo publishes the lounge within 5 minutes, the next start at once.
     */
    public void abandon() {
        release(Duration.ZERO, false);
    }

    private void release(Duration producerTimeout, boolean orderly) {
        producer.close(producerTimeout);
        producerMetrics.close();
        if (orderly) {
            ledger.close();
            uploader.close();
        } else {
            ledger.abandon();
            uploader.abandon();
        }
        client.close();
        staging.close();
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
}
