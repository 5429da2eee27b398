package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that requires SASL (PLAIN over SASL_PLAINTEXT): photopipe reaches it with the
 * {@code kafka.*} client settings, and says so clearly without them or with a wrong password.
 */
class SecuredKafkaIT {
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required";
    private static final String USER = "photopipe";
    private static final String PASSWORD = "photopipe-s3cret";

    @TempDir
    static Path dataDir;
    private static EmbeddedKafkaBroker broker;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startSecuredBroker() {
        // The client listener keeps its name (PLAINTEXT) but speaks SASL_PLAINTEXT; PLAIN's users
        // are declared in the listener's JAAS entry (user_NAME="password").
        broker = EmbeddedKafkaBroker.builder(dataDir)
                .brokerProperty("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .brokerProperty("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .brokerProperty("listener.name.plaintext.plain.sasl.jaas.config", PLAIN
                        + " username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_" + USER
                        + "=\"" + PASSWORD + "\";")
                .clientProperty("security.protocol", "SASL_PLAINTEXT")
                .clientProperty("sasl.mechanism", "PLAIN")
                .clientProperty("sasl.jaas.config", jaas("admin", "admin-secret"))
                .build()
                .start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void topicsCreateConnectsWithTheKafkaClientSettings() {
        int exit = topicsCreate("secured.", "--set", "kafka.security.protocol=SASL_PLAINTEXT",
                "--set", "kafka.sasl.mechanism=PLAIN", "--set", "kafka.sasl.jaas.config=" + jaas(USER, PASSWORD));

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Topics ready: 11 created");
        assertThat(out.toString() + err).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsReportedAsAuthenticationFailure() {
        int exit = topicsCreate("wrong.", "--set", "kafka.security.protocol=SASL_PLAINTEXT",
                "--set", "kafka.sasl.mechanism=PLAIN", "--set", "kafka.sasl.jaas.config=" + jaas(USER, "not-it"));

        assertThat(exit).isEqualTo(ExitCodes.KAFKA);
        assertThat(err.toString()).contains("Authentication failed").doesNotContain("not-it");
    }

    @Test
    void withoutTheSettingsItSaysWhereToLook() {
        // The broker drops a client that skips the SASL handshake: no error, just no answer.
        // kafka.default.api.timeout.ms bounds how long photopipe keeps asking (30 s by default).
        int exit = topicsCreate("none.", "--set", "kafka.default.api.timeout.ms=5000",
                "--set", "kafka.request.timeout.ms=5000");

        assertThat(exit).isEqualTo(ExitCodes.KAFKA);
        assertThat(err.toString()).contains("did not answer within 5 s", "bootstrap.servers", "kafka.security.protocol")
                .doesNotContain("refused", "ACL");
    }

    private int topicsCreate(String prefix, String... settings) {
        List<String> args = new ArrayList<>(List.of("topics", "create", "--bootstrap-servers", broker.bootstrapServers(),
                "--set", "topics.prefix=" + prefix));
        args.addAll(List.of(settings));
        return Photopipe.commandLine(Map.of()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
    }

    private static String jaas(String user, String password) {
        return PLAIN + " username=\"" + user + "\" password=\"" + password + "\";";
    }
}
