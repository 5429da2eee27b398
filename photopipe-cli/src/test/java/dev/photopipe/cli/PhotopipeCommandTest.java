package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.cli.config.ConfigLoader;
import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.cli.config.EffectiveConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command tree without Kafka: config commands, validation and exit codes. */
class PhotopipeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aKafkaFailurePrintsTheRootCauseThatNamesTheSetting() {
        Exception e = new org.apache.kafka.common.KafkaException("Failed to create new KafkaAdminClient",
                new org.apache.kafka.common.config.ConfigException(
                        "default.api.timeout.ms should be greater than or equal to request.timeout.ms"));

        assertThat(Photopipe.messageWithRootCause(e)).isEqualTo("Failed to create new KafkaAdminClient: "
                + "default.api.timeout.ms should be greater than or equal to request.timeout.ms");
        assertThat(Photopipe.messageWithRootCause(new IllegalStateException("alone"))).isEqualTo("alone");
    }

    @Test
    void configShowPrintsEffectiveValuesWithTheirSource() {
        int code = execute(Map.of("PHOTOPIPE_TOPICS_PARTITIONS", "12"),
                "config", "show", "--bootstrap-servers", "kafka:9092");

        assertThat(code).isZero();
        assertThat(out.toString())
                .containsPattern("bootstrap\\.servers\\s+= kafka:9092\\s+\\(flag --bootstrap-servers\\)")
                .containsPattern("topics\\.partitions\\s+= 12\\s+\\(environment PHOTOPIPE_TOPICS_PARTITIONS\\)")
                .containsPattern("kafka\\.port\\s+= 9092\\s+\\(default\\)");
    }

    @Test
    void registryCredentialsAreAcceptedFromTheEnvironmentAndShownHidden() {
        int code = execute(Map.of("PHOTOPIPE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "photopipe:r3gistry-s3cret"),
                "config", "show", "--schema-registry-url", "https://registry.example.org");

        assertThat(code).as("accepted; stderr: %s", err).isZero();
        assertThat(out.toString()).containsPattern("schema\\.registry\\.basic\\.auth\\.user\\.info\\s+= \\[hidden\\]")
                .doesNotContain("r3gistry-s3cret");
    }

    @Test
    void runRefusesSecuredClientSettingsWithoutACluster(@TempDir Path dataDir) {
        int code = execute(Map.of(), "run", "--data-dir", dataDir.toString(), "--set", "kafka.security.protocol=SASL_SSL");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("kafka.security.protocol=SASL_SSL", "embedded broker", "Set bootstrap.servers");
        assertThat(dataDir).as("nothing started").isEmptyDirectory();
    }

    @Test
    void configShowMasksSecrets() {
        ConfigSection section = new ConfigSection("s", "d", new ConfigDef()
                .define("piwigo.password", Type.PASSWORD, null, Importance.HIGH, "password"));
        EffectiveConfig config = new ConfigLoader(List.of(section))
                .load(null, Map.of("PHOTOPIPE_PIWIGO_PASSWORD", "s3cret"), List.of(), List.of(section));

        String shown = ConfigCommand.Show.render(config, List.of(section));

        assertThat(shown).contains("piwigo.password = [hidden]").doesNotContain("s3cret");
    }

    @Test
    void invalidConfigurationExitsWith3AndListsEveryError() {
        int code = execute(Map.of("PHOTOPIPE_KAFKA_PORT", "-1"), "run", "--set", "topics.partitions=0",
                "--set", "topics.partitons=3");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err.toString()).contains("3 configuration error(s):", "kafka.port", "topics.partitions = \"0\"",
                "did you mean 'topics.partitions'?");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExit2() {
        assertThat(execute(Map.of(), "run", "--no-such-flag")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        assertThat(execute(Map.of(), "run", "--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:", "5   Existing topics contradict");
    }

    private int execute(Map<String, String> env, String... args) {
        return Photopipe.commandLine(env).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }
}
