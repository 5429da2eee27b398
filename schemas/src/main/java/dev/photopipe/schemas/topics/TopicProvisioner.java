package dev.photopipe.schemas.topics;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster hold every topic of a {@link TopicCatalog}: creates the missing ones and checks
 * the existing ones. Safe to run at every start-up of every instance: creating a topic that
 * another instance created a moment earlier counts as "existing", never as an error.
 *
 * <p>Existing topics are never altered. A wrong cleanup policy, or fewer partitions than a
 * co-partitioned partner, raises {@link TopicMisconfiguredException} naming every problem and its
 * fix. A missing topic of a co-partitioned group is created with as many partitions as its
 * largest existing partner, so that provisioning itself never creates a mismatch.
 *
 * <p>The {@link Admin} belongs to the caller, who closes it. Not thread-safe.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final TopicCatalog catalog;
    private final String bootstrapServers;
    private final Duration timeout;

    /**
     * @param admin a client of the cluster to provision
     * @param catalog the topics required
     * @param bootstrapServers the cluster's address, only used in the fix commands of error messages
     * @param timeout bound of each round trip to the cluster
     */
    public TopicProvisioner(Admin admin, TopicCatalog catalog, String bootstrapServers, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates the missing topics, then checks all of them.
     *
     * @throws TopicMisconfiguredException when existing topics contradict the catalog
     * @throws TopicProvisioningException when the cluster cannot be reached or refuses a request
     */
    public ProvisionReport provision() {
        int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
        Map<String, Observed> observed = describe(names(catalog.all()));

        List<TopicSpec> missing = new ArrayList<>();
        for (TopicSpec spec : catalog.all()) {
            if (!observed.containsKey(spec.name())) {
                missing.add(spec.withPartitions(partitionsFor(spec, observed)));
            }
        }
        // More replicas than brokers cannot be placed; one broker (the embedded one) gets one.
        short replicationFactor = (short) Math.min(catalog.replicationFactor(), Math.max(brokers, 1));
        List<String> created = create(missing, replicationFactor, observed);
        awaitLeaders(created, observed);

        List<TopicMisconfiguredException.Problem> problems = check(observed);
        if (!problems.isEmpty()) {
            throw new TopicMisconfiguredException(problems);
        }
        List<String> existing = new ArrayList<>(observed.keySet());
        existing.removeAll(created);
        ProvisionReport report = new ProvisionReport(created, existing, brokers, replicationFactor);
        LOG.info(report.summary());
        return report;
    }

    /**
     * Returns once every partition of the new topics has a leader that answers. Right after
     * creation, metadata may name a leader that does not serve the partition yet; an idempotent
     * producer whose first batch meets NOT_LEADER_OR_FOLLOWER was seen (on a loaded machine) to
     * retry it with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. ListOffsets, which
     * the admin client retries until the leaders answer, makes the services start on served
     * partitions.
     */
    private void awaitLeaders(List<String> created, Map<String, Observed> observed) {
        if (created.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String topic : created) {
            for (int p = 0; p < observed.get(topic).partitions(); p++) {
                partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        // Right after creation the answering broker may not know the topics yet: the admin client
        // fails that lookup with UnknownTopicOrPartition (retriable) instead of retrying it.
        RetryPolicy<Object> untilKnown = RetryPolicy.builder()
                .handleIf(e -> e instanceof TopicProvisioningException && e.getCause() instanceof RetriableException)
                .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                .withMaxRetries(-1)
                .withMaxDuration(timeout)
                .build();
        Failsafe.with(untilKnown).run(() -> await(admin.listOffsets(partitions).all(), "wait for the leaders of the new topics"));
    }

    /** A missing member of a co-partitioned group follows its largest existing partner. */
    private int partitionsFor(TopicSpec spec, Map<String, Observed> observed) {
        int partitions = spec.partitions();
        for (List<TopicSpec> group : catalog.coPartitionGroups().values()) {
            if (group.contains(spec)) {
                for (TopicSpec partner : group) {
                    Observed seen = observed.get(partner.name());
                    if (seen != null) {
                        partitions = Math.max(partitions, seen.partitions());
                    }
                }
            }
        }
        return partitions;
    }

    private List<String> create(List<TopicSpec> missing, short replicationFactor, Map<String, Observed> observed) {
        if (missing.isEmpty()) {
            return List.of();
        }
        List<NewTopic> newTopics = missing.stream()
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicationFactor)
                        .configs(spec.topicConfigs()))
                .collect(Collectors.toList());
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        List<String> created = new ArrayList<>();
        List<String> raced = new ArrayList<>();
        for (TopicSpec spec : missing) {
            try {
                await(results.get(spec.name()), "create topic " + spec.name());
                created.add(spec.name());
                observed.put(spec.name(), new Observed(spec.partitions(), Set.of(spec.cleanupPolicy().configValue())));
                LOG.info("Created topic {} ({} partitions, replication factor {}, {})", spec.name(),
                        spec.partitions(), replicationFactor, spec.topicConfigs());
            } catch (TopicProvisioningException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another instance created it between our describe and create: check theirs.
                raced.add(spec.name());
            }
        }
        observed.putAll(describeUntilVisible(raced));
        return created;
    }

    /**
     * A topic another client just created can be reported as existing by the controller before
     * the broker answering us knows it: poll, bounded by the timeout, until it is described.
     */
    private Map<String, Observed> describeUntilVisible(List<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long backoffMs = 50;
        Map<String, Observed> observed = describe(names);
        while (observed.size() < names.size()) {
            if (System.nanoTime() > deadline) {
                List<String> invisible = new ArrayList<>(names);
                invisible.removeAll(observed.keySet());
                throw new TopicProvisioningException("Kafka at " + bootstrapServers + " says " + invisible
                        + " already exist but cannot describe them after " + timeout.toSeconds()
                        + " s. Check the brokers' health and retry.", null);
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("Interrupted while waiting for topics " + names, e);
            }
            backoffMs = Math.min(backoffMs * 2, 1_000);
            observed = describe(names);
        }
        return observed;
    }

    private List<TopicMisconfiguredException.Problem> check(Map<String, Observed> observed) {
        List<TopicMisconfiguredException.Problem> problems = new ArrayList<>();
        for (TopicSpec spec : catalog.all()) {
            Observed seen = observed.get(spec.name());
            String wanted = spec.cleanupPolicy().configValue();
            if (seen != null && !seen.cleanupPolicy().equals(Set.of(wanted))) {
                problems.add(new TopicMisconfiguredException.Problem(spec.name(),
                        "cleanup.policy is '" + String.join(",", seen.cleanupPolicy()) + "', photopipe needs '"
                                + wanted + "' (" + whyPolicy(spec.cleanupPolicy()) + ")",
                        "kafka-configs.sh --bootstrap-server " + bootstrapServers
                                + " --alter --entity-type topics --entity-name " + spec.name()
                                + " --add-config " + TopicConfig.CLEANUP_POLICY_CONFIG + "=" + wanted));
            }
        }
        for (Map.Entry<String, List<TopicSpec>> group : catalog.coPartitionGroups().entrySet()) {
            int max = group.getValue().stream().map(s -> observed.get(s.name())).filter(Objects::nonNull)
                    .mapToInt(Observed::partitions).max().orElse(0);
            for (TopicSpec spec : group.getValue()) {
                Observed seen = observed.get(spec.name());
                if (seen != null && seen.partitions() < max) {
                    problems.add(new TopicMisconfiguredException.Problem(spec.name(),
                            "has " + seen.partitions() + " partitions but its co-partitioned partners "
                                    + names(group.getValue()) + " (all keyed by " + spec.key() + ") have up to "
                                    + max + "; the same key must land on the same partition number in each",
                            "kafka-topics.sh --bootstrap-server " + bootstrapServers + " --alter --topic "
                                    + spec.name() + " --partitions " + max));
                }
            }
        }
        return problems;
    }

    private static String whyPolicy(CleanupPolicy policy) {
        return policy == CleanupPolicy.COMPACT
                ? "it is read as a table: the latest record per key must never expire"
                : "it is an event stream: without retention it grows forever";
    }

    /** Partitions and cleanup policy of those {@code names} that exist; missing ones are left out. */
    private Map<String, Observed> describe(List<String> names) {
        Map<String, Observed> observed = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return observed;
        }
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(names).topicNameValues();
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (String name : names) {
            try {
                partitions.put(name, await(descriptions.get(name), "describe topic " + name).partitions().size());
            } catch (TopicProvisioningException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        if (partitions.isEmpty()) {
            return observed;
        }
        List<ConfigResource> resources = partitions.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).collect(Collectors.toList());
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all(), "describe topic configs");
        partitions.forEach((name, count) -> {
            ConfigEntry policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String value = policy == null || policy.value() == null ? "delete" : policy.value();
            Set<String> policies = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
            observed.put(name, new Observed(count, policies));
        });
        return observed;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            throw new TopicProvisioningException("Kafka at " + bootstrapServers + " refused to " + what + ": "
                    + e.getCause().getMessage() + ". Check that this principal may create and describe topics "
                    + "and configs.", e.getCause());
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("Kafka at " + bootstrapServers + " did not answer within "
                    + timeout.toSeconds() + " s when trying to " + what + ". Check bootstrap.servers, that "
                    + "the brokers are up and, if the cluster needs TLS or SASL, the client settings "
                    + "kafka.security.protocol, kafka.sasl.* and kafka.ssl.* (a client that skips them gets no answer).", e);
        }
    }

    private static List<String> names(Collection<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).collect(Collectors.toList());
    }

    private record Observed(int partitions, Set<String> cleanupPolicy) {
    }
}
