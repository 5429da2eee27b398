package dev.photopipe.schemas.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The concrete topics of one deployment: every {@link PhotopipeTopic} with its prefixed name,
 * partition count and replication factor. Immutable and thread-safe.
 */
public final class TopicCatalog {
    private final String prefix;
    private final short replicationFactor;
    private final Map<PhotopipeTopic, TopicSpec> specs;

    private TopicCatalog(String prefix, short replicationFactor, Map<PhotopipeTopic, TopicSpec> specs) {
        this.prefix = prefix;
        this.replicationFactor = replicationFactor;
        this.specs = specs;
    }

    /** No prefix, 6 partitions, replication factor 3 (lowered to the broker count on creation). */
    public static TopicCatalog defaults() {
        return of("", 6, (short) 3);
    }

    /**
     * @param prefix prepended to every base name; may be empty
     * @param partitions partitions of every topic photopipe creates
     * @param replicationFactor wanted replicas of every topic photopipe creates
     */
    public static TopicCatalog of(String prefix, int partitions, short replicationFactor) {
        Objects.requireNonNull(prefix, "prefix");
        Map<PhotopipeTopic, TopicSpec> specs = new EnumMap<>(PhotopipeTopic.class);
        for (PhotopipeTopic topic : PhotopipeTopic.values()) {
            specs.put(topic, new TopicSpec(prefix + topic.baseName(), partitions, replicationFactor,
                    topic.cleanupPolicy(), topic.retention(), topic.key()));
        }
        return new TopicCatalog(prefix, replicationFactor, specs);
    }

    public String prefix() {
        return prefix;
    }

    /** Wanted replicas of every topic; the provisioner lowers it to the broker count. */
    public short replicationFactor() {
        return replicationFactor;
    }

    public TopicSpec spec(PhotopipeTopic topic) {
        return specs.get(topic);
    }

    /** The full name of {@code topic}, prefix included. */
    public String name(PhotopipeTopic topic) {
        return specs.get(topic).name();
    }

    /** Every topic, in declaration order. */
    public Collection<TopicSpec> all() {
        return List.copyOf(specs.values());
    }

    /** The topics that must have equal partition counts, by group name; each list has two or more. */
    public Map<String, List<TopicSpec>> coPartitionGroups() {
        Map<String, List<TopicSpec>> groups = new LinkedHashMap<>();
        specs.forEach((topic, spec) -> topic.coPartitionGroup()
                .ifPresent(group -> groups.computeIfAbsent(group, g -> new ArrayList<>()).add(spec)));
        groups.replaceAll((group, members) -> List.copyOf(members));
        return Collections.unmodifiableMap(groups);
    }
}
