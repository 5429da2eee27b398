package dev.photopipe.schemas.topics;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Topic settings shared by every service that names a photopipe topic. Declared once here and
 * added to each service's {@link ConfigDef}, like {@code CommonConfigs}.
 */
public final class TopicConfigs {
    public static final String GROUP = "Topics";

    public static final String TOPICS_PREFIX = "topics.prefix";
    private static final String TOPICS_PREFIX_DOC =
            "Prepended to every photopipe topic name, e.g. 'plant1.' gives 'plant1.photopipe.sink.ledger'. "
                    + "Lets several pipelines share one cluster.";

    public static final String TOPICS_PARTITIONS = "topics.partitions";
    private static final String TOPICS_PARTITIONS_DOC =
            "Partitions of the topics photopipe creates. Upper bound of the parallelism of every "
                    + "consumer group. Existing topics are never changed.";

    public static final String TOPICS_REPLICATION_FACTOR = "topics.replication.factor";
    private static final String TOPICS_REPLICATION_FACTOR_DOC =
            "Replicas of the topics photopipe creates, lowered to the number of brokers when the "
                    + "cluster is smaller (1 on the embedded broker).";

    private TopicConfigs() {
    }

    /** Adds the topic settings to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(TOPICS_PREFIX, Type.STRING, "", new TopicPrefixValidator(), Importance.LOW,
                        TOPICS_PREFIX_DOC, GROUP, ++order, Width.MEDIUM, "Topic name prefix")
                .define(TOPICS_PARTITIONS, Type.INT, 6, Range.between(1, 10_000), Importance.MEDIUM,
                        TOPICS_PARTITIONS_DOC, GROUP, ++order, Width.SHORT, "Partitions")
                .define(TOPICS_REPLICATION_FACTOR, Type.SHORT, (short) 3, Range.between(1, Short.MAX_VALUE),
                        Importance.MEDIUM, TOPICS_REPLICATION_FACTOR_DOC, GROUP, ++order, Width.SHORT,
                        "Replication factor");
    }

    /** The catalog a config defined with {@link #define(ConfigDef)} describes. */
    public static TopicCatalog catalog(AbstractConfig config) {
        return TopicCatalog.of(config.getString(TOPICS_PREFIX), config.getInt(TOPICS_PARTITIONS),
                config.getShort(TOPICS_REPLICATION_FACTOR));
    }

    /** Kafka topic names allow ASCII letters, digits, '.', '_' and '-'. */
    private static final class TopicPrefixValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String prefix = (String) value;
            if (prefix != null && !prefix.matches("[a-zA-Z0-9._-]*")) {
                throw new ConfigException(name, value,
                        "Use only letters, digits, '.', '_' and '-' (Kafka topic name characters)");
            }
        }

        @Override
        public String toString() {
            return "letters, digits, '.', '_', '-'";
        }
    }
}
