package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.testing.kafka.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
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
        assertThat(out.toString()).contains("Topics ready: 11 created",
                prefix + "photopipe.sink.ledger", "created", "cleanup.policy=compact");

        out.getBuffer().setLength(0);
        assertThat(topicsCreate(prefix)).isZero();
        assertThat(out.toString()).contains("Topics ready: 0 created [], 11 already existed");
    }

    @Test
    void wrongCleanupPolicyExitsWith5AndPrintsTheFix() throws Exception {
        String prefix = SharedKafka.uniqueName("cli") + ".";
        String cameras = prefix + "photopipe.ref.cameras";
        SharedKafka.createTopics(new NewTopic(cameras, 6, (short) 1));

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
