package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.kafka.KafkaCalls;
import dev.photopipe.schemas.kafka.KafkaCalls.KafkaCallException;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.serde.SpecificAvroSerde;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates {@link Ledger}s. */
public final class Ledgers {
    private static final Logger LOG = LoggerFactory.getLogger(Ledgers.class);
    /** Kafka's default delete.retention.ms, assumed when the topic's setting cannot be read. */
    private static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(1);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private Ledgers() {
    }

    /**
     * Where the view of the loaded partitions lives.
     *
     * @param stateDir for {@link Kind#ROCKSDB}: the directory of the local store (locked while in
     *                 use); {@code setting} names it in messages
     */
    public record Storage(Kind kind, Path stateDir, String setting) {
        public enum Kind { MEMORY, ROCKSDB }

        public Storage {
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.ROCKSDB) {
                Objects.requireNonNull(stateDir, "stateDir");
            }
        }

        /** On the heap, rebuilt from the beginning on every load. */
        public static Storage memory() {
            return new Storage(Kind.MEMORY, null, null);
        }

        /** In RocksDB under {@code stateDir}, read on from a checkpoint per partition. */
        public static Storage rocksDb(Path stateDir, String setting) {
            return new Storage(Kind.ROCKSDB, stateDir, setting);
        }
    }

    /** A ledger on {@code topic} kept in memory (see {@link #create(String, Producer, Map, Map, Storage, MeterRegistry)}). */
    public static Ledger create(String topic, Producer<byte[], byte[]> producer, Map<String, Object> clientProps,
                                Map<String, ?> serdeConfigs, MeterRegistry registry) {
        return create(topic, producer, clientProps, serdeConfigs, Storage.memory(), registry);
    }

    /**
     * A ledger on {@code topic}.
     *
     * @param producer     idempotent, acks=all; shared, not closed by the ledger
     * @param clientProps  connection settings (bootstrap servers, security) for the readers and, with
     *                     a local store, the admin client that checks the topic's id and tombstone retention
     * @param serdeConfigs settings of the project's Avro serde (schema registry URL, or none)
     * @throws org.apache.kafka.common.config.ConfigException the state directory is in use
     */
    public static Ledger create(String topic, Producer<byte[], byte[]> producer, Map<String, Object> clientProps,
                                Map<String, ?> serdeConfigs, Storage storage, MeterRegistry registry) {
        SpecificAvroSerde<UploadOutcome> serde = AvroSerdes.forClass(UploadOutcome.class, serdeConfigs);
        Map<String, Object> readerProps = new HashMap<>(clientProps);
        readerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        readerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        readerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // The reader stops at the end offset it captured: never let the broker hold a fetch open.
        readerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        readerProps.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign() only: no group, no commits
        OutcomeDecoder decoder = new OutcomeDecoder(topic, serde.deserializer());
        LedgerStore store = storage.kind() == Storage.Kind.ROCKSDB
                ? RocksDbLedgerStore.open(storage.stateDir(), topic, decoder, storage.setting())
                : new MemoryLedgerStore(decoder);
        return new TopicLedger(topic, producer,
                () -> new KafkaConsumer<>(readerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                () -> topicFacts(topic, clientProps), serde.serializer(), store, Clock.systemUTC(), registry);
    }

    /**
     * The topic's id and delete.retention.ms, asked of the cluster at every load. A topic just
     * created may not be described yet on a busy cluster: Kafka's retriable answers are asked again
     * within the admin timeout.
     */
    private static TopicFacts topicFacts(String topic, Map<String, Object> clientProps) {
        Map<String, Object> adminProps = new HashMap<>(clientProps);
        adminProps.keySet().retainAll(AdminClientConfig.configNames());
        KafkaCalls calls = new KafkaCalls(String.valueOf(clientProps.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)),
                Duration.ofSeconds(ADMIN_TIMEOUT_SECONDS));
        try (Admin admin = Admin.create(adminProps)) {
            String topicId = calls.await("describe the ledger topic " + topic,
                    timeoutMs -> admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                            .allTopicNames()).get(topic).topicId().toString();
            return new TopicFacts(topicId, tombstoneRetention(admin, topic));
        } catch (KafkaCallException e) {
            throw new LedgerException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while describing the ledger topic " + topic, e);
        }
    }

    private static Duration tombstoneRetention(Admin admin, String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG);
            return entry == null || entry.value() == null ? DEFAULT_TOMBSTONE_RETENTION
                    : Duration.ofMillis(Long.parseLong(entry.value()));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Reading topic configs needs an ACL the sink may lack; Kafka's default is the usual value.
            LOG.warn("Cannot read {} of {} ({}); assuming {}", TopicConfig.DELETE_RETENTION_MS_CONFIG, topic,
                    e.toString(), DEFAULT_TOMBSTONE_RETENTION);
            return DEFAULT_TOMBSTONE_RETENTION;
        }
    }
}
