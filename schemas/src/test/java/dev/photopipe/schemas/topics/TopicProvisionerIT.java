package dev.photopipe.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.photopipe.testing.kafka.SharedKafka;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafka.class)
class TopicProvisionerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Admin admin;
    private TopicCatalog catalog;

    @BeforeEach
    void setUp() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
        // A fresh prefix per test: the broker is shared by every test of this JVM.
        catalog = TopicCatalog.of(SharedKafka.uniqueName("prov") + ".", 3, (short) 3);
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void createsEveryTopicThenASecondRunChangesNothing() throws Exception {
        ProvisionReport first = provisioner(admin).provision();

        assertThat(first.created()).containsExactlyElementsOf(names(catalog.all()));
        assertThat(first.existing()).isEmpty();
        assertThat(first.replicationFactor()).as("capped at the single broker").isEqualTo((short) 1);
        Map<String, TopicDescription> described = describe(names(catalog.all()));
        assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
        assertThat(cleanupPolicy(catalog.name(PhotopipeTopic.SINK_LEDGER))).isEqualTo("compact");
        assertThat(cleanupPolicy(catalog.name(PhotopipeTopic.ROUTING_RULES))).isEqualTo("compact");
        assertThat(cleanupPolicy(catalog.name(PhotopipeTopic.DEAD_LETTERS))).isEqualTo("delete");

        ProvisionReport second = provisioner(admin).provision();

        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(names(catalog.all()));
    }

    @Test
    void wrongCleanupPolicyIsAStartupErrorThatNamesTheTopicAndTheFix() throws Exception {
        String ledger = catalog.name(PhotopipeTopic.SINK_LEDGER);
        SharedKafka.createTopics(admin, List.of(new NewTopic(ledger, 3, (short) 1).configs(Map.of("cleanup.policy", "delete"))));

        assertThatThrownBy(() -> provisioner(admin).provision())
                .isInstanceOfSatisfying(TopicMisconfiguredException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.topic()).isEqualTo(ledger)))
                .hasMessageContaining("topic '" + ledger + "': cleanup.policy is 'delete', photopipe needs 'compact'")
                .hasMessageContaining("kafka-configs.sh --bootstrap-server " + SharedKafka.bootstrapServers()
                        + " --alter --entity-type topics --entity-name " + ledger
                        + " --add-config cleanup.policy=compact");
    }

    @Test
    void fewerPartitionsThanACoPartitionedPartnerIsAStartupError() throws Exception {
        String captured = catalog.name(PhotopipeTopic.CAPTURED_PHOTOS);
        String requests = catalog.name(PhotopipeTopic.UPLOAD_REQUESTS);
        SharedKafka.createTopics(admin, List.of(new NewTopic(captured, 5, (short) 1), new NewTopic(requests, 2, (short) 1)));

        assertThatThrownBy(() -> provisioner(admin).provision())
                .isInstanceOfSatisfying(TopicMisconfiguredException.class, e -> assertThat(e.problems())
                        .extracting(TopicMisconfiguredException.Problem::topic).containsExactly(requests))
                .hasMessageContaining("topic '" + requests + "': has 2 partitions but its co-partitioned partners")
                .hasMessageContaining("kafka-topics.sh --bootstrap-server " + SharedKafka.bootstrapServers()
                        + " --alter --topic " + requests + " --partitions 5");
    }

    @Test
    void missingCoPartitionedTopicIsCreatedWithItsExistingPartnersPartitionCount() throws Exception {
        String captured = catalog.name(PhotopipeTopic.CAPTURED_PHOTOS);
        SharedKafka.createTopics(admin, List.of(new NewTopic(captured, 4, (short) 1)));

        provisioner(admin).provision();

        Map<String, TopicDescription> described = describe(List.of(catalog.name(PhotopipeTopic.UPLOAD_REQUESTS),
                catalog.name(PhotopipeTopic.SINK_LEDGER), catalog.name(PhotopipeTopic.CAMERAS)));
        assertThat(described.get(catalog.name(PhotopipeTopic.UPLOAD_REQUESTS)).partitions()).hasSize(4);
        assertThat(described.get(catalog.name(PhotopipeTopic.SINK_LEDGER)).partitions()).hasSize(4);
        assertThat(described.get(catalog.name(PhotopipeTopic.CAMERAS)).partitions()).as("not co-partitioned")
                .hasSize(3);
    }

    @Test
    void topicCreatedByAnotherInstanceMeanwhileCountsAsExisting() {
        // Another instance wins the race: every topic appears between our describe and our create.
        Admin racing = new ForwardingAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers())) {
            @Override
            public CreateTopicsResult createTopics(Collection<NewTopic> newTopics, CreateTopicsOptions options) {
                try {
                    admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return super.createTopics(newTopics, options);
            }
        };
        try (racing) {
            ProvisionReport report = provisioner(racing).provision();

            assertThat(report.created()).isEmpty();
            assertThat(report.existing()).containsExactlyInAnyOrderElementsOf(names(catalog.all()));
        }
    }

    private TopicProvisioner provisioner(Admin client) {
        return new TopicProvisioner(client, catalog, SharedKafka.bootstrapServers(), TIMEOUT);
    }

    /** Topics just created reach the broker's metadata a moment after the create call returns. */
    private Map<String, TopicDescription> describe(List<String> topics) {
        return await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS), d -> true);
    }

    private String cleanupPolicy(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Config> configs = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS);
        return configs.get(resource).get("cleanup.policy").value();
    }

    private static List<String> names(Collection<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).collect(Collectors.toList());
    }
}
