package dev.photopipe.schemas.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one factory of the Kafka clients the command and the operator tools create (topic
 * provisioning, the health check, reference data, status, replay, the status page): the user's
 * {@code kafka.*} settings ({@link KafkaClientSettings}) first, then photopipe's own on top, so
 * every client reaches a secured cluster the same way and keeps photopipe's guarantees.
 *
 * <p>Readers never join a consumer group: they assign partitions and seek themselves, so they
 * never disturb the groups of the running services and commit nothing. Writers are idempotent
 * with {@code acks=all}. Immutable and thread-safe; every call creates a new client, which the
 * caller closes.
 */
public final class KafkaClients {
    /** Bound of each Admin round trip and of the wait for end offsets. */
    public static final Duration API_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<String, Object> clientSettings;
    private final String clientId;

    /** Clients of an unsecured cluster, with no extra client settings. */
    public KafkaClients(String bootstrapServers, String clientId) {
        this(bootstrapServers, Map.of(), clientId);
    }

    /**
     * @param clientSettings the user's {@code kafka.*} settings, prefix stripped (security, tuning); photopipe's
     *     own settings are put on top of them
     * @param clientId names the command in broker logs and quotas, e.g. {@code photopipe-replay}
     */
    public KafkaClients(String bootstrapServers, Map<String, ?> clientSettings, String clientId) {
        this.bootstrapServers = bootstrapServers;
        this.clientSettings = Map.copyOf(clientSettings);
        this.clientId = clientId;
    }

    /** The same cluster and settings under another client id, e.g. {@code photopipe-topics}. */
    public KafkaClients withClientId(String otherClientId) {
        return new KafkaClients(bootstrapServers, clientSettings, otherClientId);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The user's {@code kafka.*} settings, prefix stripped: what a Kafka Streams application
     * started next to these clients puts under its own settings, so it reaches the same cluster.
     */
    public Map<String, Object> clientSettings() {
        return clientSettings;
    }

    /**
     * How long a call may keep asking the cluster: the user's {@code kafka.default.api.timeout.ms}
     * when set, else {@link #API_TIMEOUT}. Start-up waits (topic provisioning) use it as their deadline.
     */
    public Duration apiTimeout() {
        Object set = clientSettings.get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        return set == null ? API_TIMEOUT : Duration.ofMillis(Long.parseLong(String.valueOf(set)));
    }

    /** An admin client whose calls give up after {@link #API_TIMEOUT} unless the user set another bound. */
    public Admin admin() {
        return Admin.create(adminProperties());
    }

    /**
     * An admin client whose requests and calls give up after {@code timeout}, whatever the user's
     * settings: for checks whose short answer time is what they measure (readiness).
     */
    public Admin admin(Duration timeout) {
        return Admin.create(adminProperties(timeout));
    }

    Map<String, Object> adminProperties() {
        Map<String, Object> props = base();
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        return props;
    }

    Map<String, Object> adminProperties(Duration timeout) {
        Map<String, Object> props = base();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return props;
    }

    /** The user's settings, then the brokers and the client id, which are photopipe's. */
    private Map<String, Object> base() {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** A consumer of raw bytes without a group (see the class comment): replay re-publishes exactly what it read. */
    public Consumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(readerProperties());
    }

    /** A consumer without a group, decoding with {@code keys} and {@code values} (reference data). */
    public <K, V> Consumer<K, V> reader(Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(readerProperties(), keys, values);
    }

    Map<String, Object> readerProperties() {
        Map<String, Object> props = base();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Read only committed data: a record of an aborted transaction was never part of the pipeline.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    /**
     * An idempotent producer of raw bytes with {@code acks=all}: a retried send never duplicates a
     * replayed record and nothing counts as written before every in-sync replica has it.
     */
    public Producer<byte[], byte[]> writer() {
        return new KafkaProducer<>(writerProperties());
    }

    /** As {@link #writer()}, encoding with {@code keys} and {@code values} (reference data). */
    public <K, V> Producer<K, V> writer(Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(writerProperties(), keys, values);
    }

    Map<String, Object> writerProperties() {
        Map<String, Object> props = base();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }
}
