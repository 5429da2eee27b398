package dev.photopipe.schemas.topics;

import dev.photopipe.schemas.kafka.KafkaCalls;
import dev.photopipe.schemas.kafka.KafkaCalls.KafkaCallException;
import dev.photopipe.schemas.kafka.KafkaFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
    private final KafkaCalls calls;

    /**
     * @param admin a client of the cluster to provision
     * @param catalog the topics required
     * @param bootstrapServers the cluster's address, only used in the fix commands of error messages
     * @param timeout how long each step may keep asking while Kafka answers with retriable errors
     *                (metadata of new topics propagating, leaders being elected) or not at all
     */
    public TopicProvisioner(Admin admin, TopicCatalog catalog, String bootstrapServers, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.calls = new KafkaCalls(bootstrapServers, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Creates the missing topics, then checks all of them.
     *
     * @throws TopicMisconfiguredException when existing topics contradict the catalog
     * @throws TopicProvisioningException when the cluster cannot be reached or refuses a request
     */
    public ProvisionReport provision() {
        try {
            return provisionOrThrow();
        } catch (KafkaCallException e) {
            throw new TopicProvisioningException(e.getMessage(), e);
        }
    }

    private ProvisionReport provisionOrThrow() {
        int brokers = calls.await("describe the cluster",
                timeoutMs -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()).size();
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
     * Returns once every partition of the new topics has a leader that answers (see
     * {@link KafkaCalls#awaitLeaders}): the services then start on served partitions.
     */
    private void awaitLeaders(List<String> created, Map<String, Observed> observed) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (String topic : created) {
            partitions.put(topic, observed.get(topic).partitions());
        }
        calls.awaitLeaders(admin, partitions);
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
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics,
                new CreateTopicsOptions().timeoutMs((int) calls.deadline().toMillis())).values();
        List<String> created = new ArrayList<>();
        List<String> raced = new ArrayList<>();
        for (int i = 0; i < missing.size(); i++) {
            TopicSpec spec = missing.get(i);
            NewTopic newTopic = newTopics.get(i);
            // The first attempt waits for the batch's answer; a retry creates this topic alone.
            AtomicReference<KafkaFuture<Void>> first = new AtomicReference<>(results.get(spec.name()));
            try {
                calls.await("create topic " + spec.name(), timeoutMs -> {
                    KafkaFuture<Void> pending = first.getAndSet(null);
                    return pending != null ? pending : admin.createTopics(List.of(newTopic),
                            new CreateTopicsOptions().timeoutMs(timeoutMs)).values().get(spec.name());
                });
                created.add(spec.name());
                observed.put(spec.name(), new Observed(spec.partitions(), Set.of(spec.cleanupPolicy().configValue())));
                LOG.info("Created topic {} ({} partitions, replication factor {}, {})", spec.name(),
                        spec.partitions(), replicationFactor, spec.topicConfigs());
            } catch (KafkaCallException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Another instance created it between our describe and create (or our own earlier
                // attempt did, and its answer was lost): check what exists.
                raced.add(spec.name());
            }
        }
        observed.putAll(describeUntilVisible(raced));
        return created;
    }

    /**
     * A topic another client just created can be reported as existing by the controller before
     * the broker answering us knows it: asks again, within the deadline, until it is described.
     */
    private Map<String, Observed> describeUntilVisible(List<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> partitions = calls.awaitStage("describe the topics " + names + " that already exist",
                timeoutMs -> partitionCounts(names, timeoutMs).thenApply(found -> {
                    if (found.size() < names.size()) {
                        throw new UnknownTopicOrPartitionException("not all of " + names + " are visible yet");
                    }
                    return found;
                }));
        return withPolicies(partitions);
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
        if (names.isEmpty()) {
            return new LinkedHashMap<>();
        }
        return withPolicies(calls.awaitStage("describe topics", timeoutMs -> partitionCounts(names, timeoutMs)));
    }

    /** Partition count of each of {@code names} that exists; "unknown topic" means absent, not failed. */
    private CompletionStage<Map<String, Integer>> partitionCounts(List<String> names, int timeoutMs) {
        Map<String, KafkaFuture<TopicDescription>> descriptions =
                admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(timeoutMs)).topicNameValues();
        CompletionStage<Map<String, Integer>> all = CompletableFuture.completedFuture(new LinkedHashMap<>());
        for (String name : names) {
            CompletionStage<Integer> count = descriptions.get(name).toCompletionStage().handle((description, e) -> {
                if (e == null) {
                    return description.partitions().size();
                }
                if (KafkaFailure.unwrap(e) instanceof UnknownTopicOrPartitionException) {
                    return null;
                }
                throw new CompletionException(KafkaFailure.unwrap(e));
            });
            all = all.thenCombine(count, (found, partitions) -> {
                if (partitions != null) {
                    found.put(name, partitions);
                }
                return found;
            });
        }
        return all;
    }

    private Map<String, Observed> withPolicies(Map<String, Integer> partitions) {
        Map<String, Observed> observed = new LinkedHashMap<>();
        if (partitions.isEmpty()) {
            return observed;
        }
        List<ConfigResource> resources = partitions.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).collect(Collectors.toList());
        Map<ConfigResource, Config> configs = calls.await("describe topic configs",
                timeoutMs -> admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(timeoutMs)).all());
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

    private static List<String> names(Collection<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).collect(Collectors.toList());
    }

    private record Observed(int partitions, Set<String> cleanupPolicy) {
    }
}
