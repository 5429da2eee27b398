package dev.photopipe.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Everything photopipe requires of one topic.
 *
 * @param name full topic name, prefix included
 * @param partitions partition count used when photopipe creates the topic
 * @param replicationFactor wanted replicas; the provisioner lowers it to the broker count
 * @param cleanupPolicy required {@code cleanup.policy}; an existing topic with another one is refused
 * @param retention {@code retention.ms} for {@link CleanupPolicy#DELETE} topics, empty for compacted ones
 * @param key what the record key is, for documentation and error messages
 */
public record TopicSpec(String name, int partitions, short replicationFactor, CleanupPolicy cleanupPolicy,
                        Optional<Duration> retention, String key) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(key, "key");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of " + name + " must be >= 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor of " + name + " must be >= 1, was "
                    + replicationFactor);
        }
        if (cleanupPolicy == CleanupPolicy.COMPACT && retention.isPresent()) {
            // A retention on a compacted topic would silently turn it into compact,delete.
            throw new IllegalArgumentException(name + " is compacted and takes no retention");
        }
    }

    /** The topic-level configs photopipe sets when it creates this topic. */
    public Map<String, String> topicConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        retention.ifPresent(r -> configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
        return configs;
    }

    TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, replicationFactor, cleanupPolicy, retention, key);
    }
}
