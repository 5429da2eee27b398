package dev.photopipe.expiry;

import dev.photopipe.expiry.errors.DeadLetteringDeserializationHandler;
import dev.photopipe.expiry.topology.TopologySettings;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the expiry service: its own settings declared once here; the Piwigo
 * connection settings ({@link SinkConfig#PIWIGO_CONNECTION}) are the sink's, copied from its
 * {@code ConfigDef}, so that one {@code piwigo.*} set of values serves both.
 */
public final class ExpiryConfig extends AbstractConfig {
    public static final String GROUP = "Expiry";

    public static final String APPLICATION_ID = "expiry.application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id of the expiry service: the "
            + "consumer group of every instance and the prefix of its internal topics. Instances with the same id "
            + "split the ledger's partitions, so each photo is acted on by one instance only.";

    public static final String STATE_DIR = "expiry.state.dir";
    private static final String STATE_DIR_DOC = "Local directory of the expiry service's state stores (each "
            + "photo's ledger entry and last change, and the pending expiries in time order). Rebuilt from "
            + "changelogs when lost; keep it on local disk, one per instance.";

    public static final String CHECK_INTERVAL_MS = "expiry.check.interval.ms";
    private static final String CHECK_INTERVAL_MS_DOC = "How often (wall-clock milliseconds) the service looks "
            + "for expiries that are due and notices to send. An expiry is acted on at most this long after its "
            + "time; a Piwigo that did not answer is asked again at the next check.";

    public static final String NOTICE_BEFORE = "expiry.notice.before";
    private static final String NOTICE_BEFORE_DOC = "How long before its expiry a photo's ExpiryNotice is sent "
            + "to the expiring topic (once per photo and expiry), as an ISO-8601 duration: P7D, PT12H. PT0S: "
            + "on the day only.";

    public static final String ARCHIVE_ALBUM = "expiry.archive.album";
    private static final String ARCHIVE_ALBUM_DOC = "Slash-separated path of the private album photos with the "
            + "action 'archive' are moved to (and only to) on their expiry, with privacy level 8 (admins). "
            + "Missing levels are created as private albums.";

    public static final String ROUND_MAX_MS = "expiry.round.max.ms";
    private static final String ROUND_MAX_MS_DOC = "Longest one check may spend acting on Piwigo (milliseconds); "
            + "what is left waits for the next check, in order. Bounds the Kafka transaction a check runs in.";

    public static final ConfigDef CONFIG_DEF = define(TopicConfigs.define(CommonConfigs.define(new ConfigDef())));

    /** The user's {@code kafka.*} client settings, prefix stripped; checked when the config is built. */
    private final Map<String, Object> kafkaClientSettings;

    public ExpiryConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        kafkaClientSettings = KafkaClientSettings.from(originals());
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(APPLICATION_ID, Type.STRING, "photopipe-expiry", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        APPLICATION_ID_DOC, GROUP, ++order, Width.MEDIUM, "Application id")
                .define(STATE_DIR, Type.STRING, "./data/expiry-state", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM, STATE_DIR_DOC, GROUP, ++order, Width.LONG, "State directory")
                .define(CHECK_INTERVAL_MS, Type.LONG, Duration.ofMinutes(1).toMillis(), ConfigDef.Range.atLeast(100),
                        Importance.MEDIUM, CHECK_INTERVAL_MS_DOC, GROUP, ++order, Width.SHORT, "Check interval (ms)")
                .define(NOTICE_BEFORE, Type.STRING, "P7D", new DurationValidator(), Importance.MEDIUM,
                        NOTICE_BEFORE_DOC, GROUP, ++order, Width.SHORT, "Notice before")
                .define(ARCHIVE_ALBUM, Type.STRING, "Archive/Expired", new AlbumPathValidator(), Importance.MEDIUM,
                        ARCHIVE_ALBUM_DOC, GROUP, ++order, Width.MEDIUM, "Archive album")
                .define(ROUND_MAX_MS, Type.LONG, Duration.ofSeconds(30).toMillis(), ConfigDef.Range.atLeast(1000),
                        Importance.LOW, ROUND_MAX_MS_DOC, GROUP, ++order, Width.SHORT, "Round limit (ms)");
        // The sink's definitions as they are: same names, defaults and docs.
        SinkConfig.PIWIGO_CONNECTION.forEach(name -> def.define(SinkConfig.CONFIG_DEF.configKeys().get(name)));
        return def;
    }

    /** Accepts what {@link Duration#parse} accepts, not negative; named so that generated docs can print it. */
    private static final class DurationValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                if (Duration.parse(String.valueOf(value).strip()).isNegative()) {
                    throw new ConfigException(name, value, "must not be negative");
                }
            } catch (DateTimeParseException e) {
                throw new ConfigException(name, value, "not an ISO-8601 duration such as P7D or PT12H");
            }
        }

        @Override
        public String toString() {
            return "an ISO-8601 duration (P7D, PT12H, PT0S)";
        }
    }

    /** At least one non-blank album name. */
    private static final class AlbumPathValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (albumPath(String.valueOf(value)).isEmpty()) {
                throw new ConfigException(name, value, "needs at least one album name, e.g. Archive/Expired");
            }
        }

        @Override
        public String toString() {
            return "an album path, e.g. Archive/Expired";
        }
    }

    private static List<String> albumPath(String text) {
        return Arrays.stream(text.split("/")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public Duration checkInterval() {
        return Duration.ofMillis(getLong(CHECK_INTERVAL_MS));
    }

    public Duration noticeBefore() {
        return Duration.parse(getString(NOTICE_BEFORE).strip());
    }

    public List<String> archiveAlbum() {
        return albumPath(getString(ARCHIVE_ALBUM));
    }

    public Duration roundMax() {
        return Duration.ofMillis(getLong(ROUND_MAX_MS));
    }

    /**
     * How to reach Piwigo: the sink's connection settings (checked as the sink checks them: URL
     * and credentials required), with ONE attempt per call (piwigo.retry.* are the sink's). The service's own checks are the retry: a
     * call that fails stops the check, and the next check asks again, in the same order; a
     * client retrying inside the call would hold the check's Kafka transaction open meanwhile.
     *
     * @throws ConfigException {@code piwigo.url} or the credentials are missing
     */
    public PiwigoSettings piwigoSettings() {
        Map<String, Object> connection = new HashMap<>();
        originals().forEach((key, value) -> {
            if (SinkConfig.PIWIGO_CONNECTION.contains(key)) {
                connection.put(key, value);
            }
        });
        PiwigoSettings configured = PiwigoSettings.from(new SinkConfig(connection));
        PiwigoSettings.Retry retry = configured.retry();
        return new PiwigoSettings(configured.url(), configured.credentials(), configured.chunkSizeBytes(),
                configured.requestTimeout(), new PiwigoSettings.Retry(retry.initialBackoff(), retry.maxBackoff(),
                retry.jitterFactor(), 1), configured.maxChunkBytes(), configured.statusMaxAge(),
                configured.bypassUserCache());
    }

    /** The topology's settings on the catalog's topics. */
    public TopologySettings topologySettings() {
        TopicCatalog topics = topics();
        return topologySettings(topics.name(PhotopipeTopic.SINK_LEDGER), topics.name(PhotopipeTopic.EXPIRY_CHANGES),
                topics.name(PhotopipeTopic.EXPIRY_NOTICES), topics.name(PhotopipeTopic.EXPIRY_AUDIT));
    }

    /** The topology's settings on the given topics (tests name their own). */
    public TopologySettings topologySettings(String ledgerTopic, String changesTopic, String noticesTopic,
                                             String auditTopic) {
        return new TopologySettings(ledgerTopic, changesTopic, noticesTopic, auditTopic, checkInterval(),
                noticeBefore(), roundMax());
    }

    /**
     * The Kafka Streams properties: application id, brokers, state directory and exactly_once_v2,
     * which makes each audit record and notice exactly once (see {@code ExpiryProcessor}). The
     * transaction timeout covers the longest check (Piwigo calls included), and so does the poll
     * interval: a check runs on the stream thread.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(kafkaClientSettings);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(CommonConfigs.BOOTSTRAP_SERVERS)));
        props.put(StreamsConfig.STATE_DIR_CONFIG, getString(STATE_DIR));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        long requestTimeout = getLong(SinkConfig.PIWIGO_REQUEST_TIMEOUT_MS);
        long longestCheck = getLong(ROUND_MAX_MS) + requestTimeout + Duration.ofSeconds(30).toMillis();
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, Math.max(60_000L, longestCheck)));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, Math.max(300_000L, longestCheck)));
        // A record that cannot be read goes to the dead-letter topic (Streams' own, KIP-1034) and the
        // stream goes on: one bad ledger record must not stop every expiry. The handler adds photopipe's
        // headers (stage expiry), which photopipe's tools need to see the letter.
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics().name(PhotopipeTopic.DEAD_LETTERS));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetteringDeserializationHandler.class.getName());
        return props;
    }

    /** Extra settings for every Kafka client of this service ({@code kafka.X} as {@code X}), e.g. SASL or TLS. */
    public Map<String, Object> kafkaClientSettings() {
        return kafkaClientSettings;
    }

    /** The topics this service reads and writes, named with the configured prefix. */
    public TopicCatalog topics() {
        return TopicConfigs.catalog(this);
    }
}
