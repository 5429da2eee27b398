package dev.photopipe.enrich;

import dev.photopipe.enrich.errors.DeadLetteringDeserializationHandler;
import dev.photopipe.enrich.errors.DeadLetteringProcessingHandler;
import dev.photopipe.enrich.errors.DeadLetteringProductionHandler;
import dev.photopipe.enrich.routing.RoutingPolicy;
import dev.photopipe.enrich.topology.TopologySettings;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of enrich-stream: every setting declared once, typed, defaulted and documented.
 * Topic names come from the shared catalog ({@code topics.prefix}); nothing names them twice.
 */
public final class EnrichConfig extends AbstractConfig {
    public static final String GROUP = "Enrichment";

    public static final String APPLICATION_ID = "enrich.application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: the consumer group of every "
            + "enrich-stream instance and the prefix of its internal topics. Instances with the same id share the work.";

    public static final String STATE_DIR = "enrich.state.dir";
    private static final String STATE_DIR_DOC = "Local directory of the state stores (duplicate ids, batch counts). "
            + "Rebuilt from changelogs when lost; keep it on local disk, one per instance.";

    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default): each capture "
            + "yields its request exactly once even across crashes; needs 3 brokers in production "
            + "(or transaction.state.log settings for one). at_least_once: faster, a crash may repeat "
            + "requests, which the sink's ledger absorbs.";

    public static final String DEDUP_RETENTION_MS = "enrich.dedup.retention.ms";
    private static final String DEDUP_RETENTION_MS_DOC = "How long a photo id is remembered, in "
            + "record time; a capture of the same photo within it is dropped as a duplicate.";

    public static final String DEDUP_PURGE_INTERVAL_MS = "enrich.dedup.purge.interval.ms";
    private static final String DEDUP_PURGE_INTERVAL_MS_DOC = "How often (stream time) ids older "
            + "than the retention are deleted from the store. Only affects store size.";

    public static final String FALLBACK_ALBUM_PATH = "enrich.fallback.album.path";
    private static final String FALLBACK_ALBUM_PATH_DOC = "Slash-separated album path for photos no "
            + "rule matches and whose camera has no default album. Empty: such photos are dead-lettered.";

    public static final String UNROUTABLE_ACTION = "enrich.unroutable.action";
    private static final String UNROUTABLE_ACTION_DOC = "fallback: photos no rule matches go to the "
            + "camera's default album, else the fallback album. dead_letter: to the camera's default "
            + "album, else the dead-letter topic with reason UNROUTABLE.";

    public static final String TIME_ZONE = "enrich.time.zone";
    private static final String TIME_ZONE_DOC = "Zone in which {capture_date:...} and "
            + "{capture_time:...} are rendered, e.g. UTC or Europe/Berlin.";

    public static final String STUCK_RECORD_MS = "enrich.stuck.record.ms";
    private static final String STUCK_RECORD_MS_DOC = "A stream thread busy with one photo longer than this "
            + "(milliseconds) makes enrich-stream's readiness DOWN, naming the thread, the photo and its partition and "
            + "offset: Kafka Streams still says RUNNING while the photos behind it wait. Routing is linear-time; this "
            + "catches any other stall.";

    public static final ConfigDef CONFIG_DEF = define(TopicConfigs.define(CommonConfigs.define(new ConfigDef())));

    /** The user's {@code kafka.*} client settings, prefix stripped; checked when the config is built. */
    private final Map<String, Object> kafkaClientSettings;

    public EnrichConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        kafkaClientSettings = KafkaClientSettings.from(originals());
    }

    /** Extra settings for every Kafka client of this service ({@code kafka.X} as {@code X}), e.g. SASL or TLS. */
    public Map<String, Object> kafkaClientSettings() {
        return kafkaClientSettings;
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(APPLICATION_ID, Type.STRING, "photopipe-enrich", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        APPLICATION_ID_DOC, GROUP, ++order, Width.MEDIUM, "Application id")
                .define(STATE_DIR, Type.STRING, "./data/enrich-state", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        STATE_DIR_DOC, GROUP, ++order, Width.LONG, "State directory")
                .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                        ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                        Importance.HIGH, PROCESSING_GUARANTEE_DOC, GROUP, ++order, Width.SHORT,
                        "Processing guarantee")
                .define(DEDUP_RETENTION_MS, Type.LONG, Duration.ofDays(30).toMillis(), ConfigDef.Range.atLeast(1),
                        Importance.MEDIUM, DEDUP_RETENTION_MS_DOC, GROUP, ++order, Width.SHORT,
                        "Duplicate retention (ms)")
                .define(DEDUP_PURGE_INTERVAL_MS, Type.LONG, Duration.ofHours(1).toMillis(),
                        ConfigDef.Range.atLeast(1000), Importance.LOW, DEDUP_PURGE_INTERVAL_MS_DOC, GROUP,
                        ++order, Width.SHORT, "Duplicate purge interval (ms)")
                .define(FALLBACK_ALBUM_PATH, Type.STRING, "Unsorted", Importance.MEDIUM,
                        FALLBACK_ALBUM_PATH_DOC, GROUP, ++order, Width.MEDIUM, "Fallback album path")
                .define(UNROUTABLE_ACTION, Type.STRING, "fallback",
                        ConfigDef.ValidString.in("fallback", "dead_letter"), Importance.MEDIUM,
                        UNROUTABLE_ACTION_DOC, GROUP, ++order, Width.SHORT, "Unroutable action")
                .define(TIME_ZONE, Type.STRING, "UTC", new ZoneIdValidator(), Importance.LOW, TIME_ZONE_DOC, GROUP, ++order, Width.SHORT, "Time zone")
                .define(STUCK_RECORD_MS, Type.LONG, Duration.ofSeconds(60).toMillis(), ConfigDef.Range.atLeast(1),
                        Importance.LOW, STUCK_RECORD_MS_DOC, GROUP, ++order, Width.SHORT, "Stuck record (ms)");
    }

    /** Accepts what {@link ZoneId#of(String)} accepts; named so that generated docs can print it. */
    private static final class ZoneIdValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ZoneId.of(String.valueOf(value));
            } catch (DateTimeException e) {
                throw new ConfigException(name, value, "not a time zone id: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a time zone id (UTC, Europe/Berlin, +02:00)";
        }
    }

    /** How long one record may hold a stream thread before readiness says so. */
    public Duration stuckRecordLimit() {
        return Duration.ofMillis(getLong(STUCK_RECORD_MS));
    }

    public Duration dedupRetention() {
        return Duration.ofMillis(getLong(DEDUP_RETENTION_MS));
    }

    public RoutingPolicy routingPolicy() {
        List<String> fallback = Arrays.stream(getString(FALLBACK_ALBUM_PATH).split("/"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new RoutingPolicy(fallback,
                RoutingPolicy.Unroutable.valueOf(getString(UNROUTABLE_ACTION).toUpperCase(Locale.ROOT)),
                ZoneId.of(getString(TIME_ZONE)));
    }

    /** The topology's settings on the catalog's topics. */
    public TopologySettings topologySettings() {
        TopicCatalog topics = topics();
        return topologySettings(topics.name(PhotopipeTopic.CAPTURED_PHOTOS), topics.name(PhotopipeTopic.UPLOAD_REQUESTS),
                topics.name(PhotopipeTopic.CAMERAS), topics.name(PhotopipeTopic.ROUTING_RULES));
    }

    /** The topology's settings on the given topics (tests and benchmarks name their own). */
    public TopologySettings topologySettings(String capturedTopic, String requestsTopic, String camerasTopic,
                                             String rulesTopic) {
        return new TopologySettings(capturedTopic, requestsTopic, camerasTopic, rulesTopic, dedupRetention(),
                Duration.ofMillis(getLong(DEDUP_PURGE_INTERVAL_MS)), routingPolicy());
    }

    /**
     * The Kafka Streams properties: application id, brokers, state directory, guarantee, the three
     * exception handlers and the catalog's dead-letter topic (Streams' built-in dead-letter queue,
     * KIP-1034, which the handlers extend with photopipe's headers).
     *
     * <p>{@code processing.exception.handler.global.enabled} is left at its default (off, with a
     * warning from Streams): the global processors only put and delete reference data, and
     * dead-lettering from the global thread is not covered by this module's tests yet.
     *
     * <p>The user's {@code kafka.*} client settings go in first, unprefixed: Streams hands them to
     * every client it creates. photopipe's own settings are put after them and win; the ones its
     * guarantees rest on cannot be given as {@code kafka.*} at all ({@link KafkaClientSettings}).
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(kafkaClientSettings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(CommonConfigs.BOOTSTRAP_SERVERS)));
        props.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics().name(PhotopipeTopic.DEAD_LETTERS));
        // Global tables (cameras, rules) bootstrap one partition at a time, each waiting up to
        // fetch.max.wait.ms on an idle partition: 500 ms by default, seconds at start-up.
        props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringProductionHandler.class.getName());
        return props;
    }

    /** The topics this service reads and writes, named with the configured prefix. */
    public TopicCatalog topics() {
        return TopicConfigs.catalog(this);
    }
}
