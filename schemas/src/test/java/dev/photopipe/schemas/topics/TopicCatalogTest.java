package dev.photopipe.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void declaresEveryTopicWithItsCleanupPolicy() {
        TopicCatalog catalog = TopicCatalog.defaults();

        assertThat(catalog.all()).extracting(TopicSpec::name, TopicSpec::cleanupPolicy).containsExactly(
                tuple("photopipe.photos.captured", CleanupPolicy.DELETE),
                tuple("photopipe.upload.requests", CleanupPolicy.DELETE),
                tuple("photopipe.sink.ledger", CleanupPolicy.COMPACT),
                tuple("photopipe.ref.cameras", CleanupPolicy.COMPACT),
                tuple("photopipe.ref.routing-rules", CleanupPolicy.COMPACT),
                tuple("photopipe.dead-letters", CleanupPolicy.DELETE),
                tuple("photopipe.dead-letters.replayed", CleanupPolicy.COMPACT),
                tuple("photopipe.dead-letters.resolved", CleanupPolicy.COMPACT),
                tuple("photopipe.expiry.changes", CleanupPolicy.COMPACT),
                tuple("photopipe.expiry.expiring", CleanupPolicy.DELETE),
                tuple("photopipe.expiry.audit", CleanupPolicy.COMPACT));
        assertThat(catalog.all()).allSatisfy(spec -> assertThat(spec.partitions()).isEqualTo(6));
    }

    @Test
    void deleteTopicsCarryRetentionAndCompactedOnesDoNot() {
        TopicCatalog catalog = TopicCatalog.defaults();

        assertThat(catalog.spec(PhotopipeTopic.DEAD_LETTERS).topicConfigs())
                .containsExactlyInAnyOrderEntriesOf(Map.of("cleanup.policy", "delete",
                        "retention.ms", Long.toString(Duration.ofDays(30).toMillis())));
        assertThat(catalog.spec(PhotopipeTopic.SINK_LEDGER).topicConfigs())
                .containsExactlyEntriesOf(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void photoIdKeyedTopicsFormOneCoPartitionGroup() {
        TopicCatalog catalog = TopicCatalog.of("plant1.", 3, (short) 1);

        assertThat(catalog.coPartitionGroups()).containsOnlyKeys(PhotopipeTopic.PHOTO_ID_GROUP,
                PhotopipeTopic.LETTER_ID_GROUP);
        assertThat(catalog.coPartitionGroups().get(PhotopipeTopic.PHOTO_ID_GROUP)).extracting(TopicSpec::name)
                .containsExactly("plant1.photopipe.photos.captured", "plant1.photopipe.upload.requests",
                        "plant1.photopipe.sink.ledger", "plant1.photopipe.expiry.changes");
    }

    @Test
    void lettersMarksAndResolutionsAreCoPartitioned() {
        TopicCatalog catalog = TopicCatalog.of("", 3, (short) 1);

        assertThat(catalog.coPartitionGroups().get(PhotopipeTopic.LETTER_ID_GROUP)).extracting(TopicSpec::name)
                .containsExactly("photopipe.dead-letters.replayed", "photopipe.dead-letters.resolved");
        assertThat(catalog.spec(PhotopipeTopic.DEAD_LETTERS_RESOLVED).topicConfigs())
                .containsExactlyEntriesOf(Map.of("cleanup.policy", "compact"));
    }

    @Test
    void catalogFollowsTheTopicSettings() {
        ConfigDef def = TopicConfigs.define(new ConfigDef());
        TopicCatalog catalog = TopicConfigs.catalog(new AbstractConfig(def, Map.of(
                TopicConfigs.TOPICS_PREFIX, "lab.", TopicConfigs.TOPICS_PARTITIONS, "12",
                TopicConfigs.TOPICS_REPLICATION_FACTOR, "2")));

        assertThat(catalog.name(PhotopipeTopic.CAMERAS)).isEqualTo("lab.photopipe.ref.cameras");
        assertThat(catalog.spec(PhotopipeTopic.CAMERAS).partitions()).isEqualTo(12);
        assertThat(catalog.replicationFactor()).isEqualTo((short) 2);
    }

    @Test
    void prefixWithCharactersKafkaRefusesIsAConfigError() {
        ConfigDef def = TopicConfigs.define(new ConfigDef());

        assertThatThrownBy(() -> new AbstractConfig(def, Map.of(TopicConfigs.TOPICS_PREFIX, "plant 1/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.prefix")
                .hasMessageContaining("letters, digits");
    }
}
