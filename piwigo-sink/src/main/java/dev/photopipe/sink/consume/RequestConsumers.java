package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.source.PhotoSource;
import dev.photopipe.sink.upload.PhotoUploader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Creates {@link RequestConsumer}s. */
public final class RequestConsumers {
    private RequestConsumers() {
    }

    /**
     * A consumer of the upload requests of {@code config}'s deployment.
     *
     * @param clientProps  connection settings (bootstrap servers, security) for the Kafka consumer
     * @param serdeConfigs settings of the project's Avro serde
     * @param producer     idempotent, acks=all, shared with the ledger; not closed here
     * @param source       where the photos' bytes come from; not closed here
     */
    public static RequestConsumer create(SinkConfig config, Map<String, Object> clientProps,
                                         Map<String, ?> serdeConfigs, PhotoUploader uploader, PhotoSource source,
                                         Ledger ledger, Producer<byte[], byte[]> producer, MeterRegistry registry) {
        TopicCatalog topics = config.topics();
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties(config, clientProps), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        // kafka_consumer_fetch_manager_records_lag_max and friends: the sink's lag on /metrics and in Grafana.
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
        return new ConsumerDriver(consumer, topics.name(PhotopipeTopic.UPLOAD_REQUESTS),
                window(config, serdeConfigs, uploader, source, ledger, producer, registry), config.shutdownTimeout(),
                config.stallTimeout(), consumerMetrics);
    }

    /**
     * The consumer-free core the driver feeds: the window over per-photo work, outcome recording
     * and offset tracking. A Kafka Connect task can drive the same from put() and preCommit().
     */
    static UploadWindow window(SinkConfig config, Map<String, ?> serdeConfigs, PhotoUploader uploader,
                               PhotoSource source, Ledger ledger, Producer<byte[], byte[]> producer,
                               MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        InFlightLimit limit = config.uploadInFlightAuto() ? InFlightLimit.adaptive(config.uploadMaxInFlight())
                : InFlightLimit.fixed(config.uploadMaxInFlight());
        OutcomeRecorder recorder = new OutcomeRecorder(ledger,
                new DeadLetterPublisher(config.topics().name(PhotopipeTopic.DEAD_LETTERS), producer, registry));
        return new UploadWindow(
                new Intake(AvroSerdes.forClass(UploadRequest.class, serdeConfigs).deserializer(), ledger, registry),
                new PhotoWork(uploader, source, registry), uploader, recorder, limit,
                new FailureIsolation(config.uploadPhotoMaxAttempts(), config.uploadPhotoMaxRetry(), clock::instant),
                new Backoff(config.pauseBackoffInitial(), config.pauseBackoffMax(), config.retryJitterFactor()),
                uploadThreads(limit.cap()), clock, registry);
    }

    /** The request consumer's settings: {@code clientProps} (the user's and the brokers) with the sink's own on top. */
    static Map<String, Object> consumerProperties(SinkConfig config, Map<String, Object> clientProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets are committed by hand, after the ledger and the dead letters are written.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // enrich-stream writes requests in transactions (exactly_once_v2): only committed ones are
        // real; a request of an aborted transaction is written again by the retry.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // The driver polls between uploads, never after them: max.poll.interval.ms holds whatever
        // the upload times. A poll brings no more than the window holds.
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, UploadWindow.CAPACITY);
        return props;
    }

    private static ExecutorService uploadThreads(int count) {
        AtomicInteger sequence = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "piwigo-sink-upload-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(count, factory);
    }
}
