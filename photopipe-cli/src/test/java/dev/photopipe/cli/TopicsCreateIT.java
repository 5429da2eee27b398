package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.testing.kafka.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code photopipe topics create} against a real broker: report, idempotence, exit code 5 with the fix. */
@ExtendWith(SharedKafka.class)
class TopicsCreateIT {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void createsTopicsThenReportsThemAsExisting() {
        String prefix = SharedKafka.uniqueName("cli") + ".";

        assertThat(topicsCreate(prefix)).isZero();
        assertThat(out.toString()).contains("Topics ready: 8 created",
                prefix + "photopipe.sink.ledger", "created", "cleanup.policy=compact");

        out.getBuffer().setLength(0);
        assertThat(topicsCreate(prefix)).isZero();
        assertThat(out.toString()).contains("Topics ready: 0 created [], 8 already existed");
    }

    @Test
    void wrongCleanupPolicyExitsWith5AndPrintsTheFix() throws Exception {
        String prefix = SharedKafka.uniqueName("cli") + ".";
        String cameras = prefix + "photopipe.ref.cameras";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(cameras, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.describeTopics(List.of(cameras)).allTopicNames().get(5, TimeUnit.SECONDS) != null);
        }

        assertThat(topicsCreate(prefix)).isEqualTo(ExitCodes.TOPICS);
        assertThat(err.toString()).contains("topic '" + cameras + "': cleanup.policy is 'delete'",
                "--entity-name " + cameras + " --add-config cleanup.policy=compact");
    }

    private int topicsCreate(String prefix) {
        return Photopipe.commandLine(Map.of()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("topics", "create", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                        "--set", "topics.prefix=" + prefix);
    }
}
