package dev.photopipe.enrich.config;

import dev.photopipe.enrich.errors.DeadLetteringDeserializationHandler;
import dev.photopipe.enrich.errors.DeadLetteringProcessingHandler;
import dev.photopipe.enrich.errors.DeadLetteringProductionHandler;
import dev.photopipe.enrich.routing.RoutingPolicy;
import dev.photopipe.enrich.topology.TopologySettings;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The topology's own settings (deduplication, routing, guarantees, dead letters), to be folded
 * into {@code EnrichConfig}: {@link #define(ConfigDef)} adds them to any {@link ConfigDef}.
 * Topic names for input, output, cameras and rules live in {@code EnrichConfig}; pass them to
 * {@link #topologySettings}.
 */
public final class EnrichStreamConfig extends AbstractConfig {
    public static final String GROUP = "Enrichment";

    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default): each capture "
            + "yields its request exactly once even across crashes; needs 3 brokers in production "
            + "(or transaction.state.log settings for one). at_least_once: faster, a crash may repeat "
            + "requests, which the sink's ledger absorbs.";

    public static final String DEAD_LETTERS_TOPIC = "dead.letters.topic";
    private static final String DEAD_LETTERS_TOPIC_DOC = "Topic for records enrich-stream cannot "
            + "process (unreadable, unroutable, missing template variable), with their original bytes "
            + "and photopipe.dlq.* headers. Passed to Kafka Streams as "
            + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + ".";

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

    public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public EnrichStreamConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    /** Adds this class's settings to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                        ConfigDef.ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
                        Importance.HIGH, PROCESSING_GUARANTEE_DOC, GROUP, ++order, Width.SHORT,
                        "Processing guarantee")
                .define(DEAD_LETTERS_TOPIC, Type.STRING, "photopipe.dead-letters",
                        new ConfigDef.NonEmptyString(), Importance.HIGH, DEAD_LETTERS_TOPIC_DOC, GROUP,
                        ++order, Width.MEDIUM, "Dead-letters topic")
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
                .define(TIME_ZONE, Type.STRING, "UTC", new ZoneIdValidator(), Importance.LOW, TIME_ZONE_DOC, GROUP, ++order, Width.SHORT, "Time zone");
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

    /** The topology's settings, given the topic names configured elsewhere. */
    public TopologySettings topologySettings(String capturedTopic, String requestsTopic, String camerasTopic,
                                             String rulesTopic) {
        return new TopologySettings(capturedTopic, requestsTopic, camerasTopic, rulesTopic, dedupRetention(),
                Duration.ofMillis(getLong(DEDUP_PURGE_INTERVAL_MS)), routingPolicy());
    }

    /**
     * The Kafka Streams properties this module insists on: guarantee, the three exception
     * handlers and the dead-letter topic. The caller adds {@code application.id},
     * {@code bootstrap.servers}, state directory and tuning.
     *
     * <p>{@code processing.exception.handler.global.enabled} is left at its default (off, with a
     * warning from Streams): the global processors only put and delete reference data, and
     * dead-lettering from the global thread is not covered by this module's tests yet.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(PROCESSING_GUARANTEE));
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, getString(DEAD_LETTERS_TOPIC));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringProductionHandler.class.getName());
        return props;
    }
}
