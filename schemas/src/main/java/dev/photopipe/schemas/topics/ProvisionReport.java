package dev.photopipe.schemas.topics;

import java.util.List;

/**
 * What {@link TopicProvisioner#provision()} found and did.
 *
 * @param created topics created by this call
 * @param existing topics that were already there and passed the checks
 * @param brokers brokers in the cluster
 * @param replicationFactor replicas given to the created topics
 */
public record ProvisionReport(List<String> created, List<String> existing, int brokers, short replicationFactor) {
    public ProvisionReport {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
    }

    /** One line for the log. */
    public String summary() {
        return "Topics ready: " + created.size() + " created " + created + ", " + existing.size()
                + " already existed (" + brokers + " broker(s), replication factor " + replicationFactor + ")";
    }
}
