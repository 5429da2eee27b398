package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.cli.config.ConfigLoader;
import dev.photopipe.cli.config.ConfigProblem;
import dev.photopipe.cli.config.ConfigSource;
import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.config.EnvironmentNames;
import dev.photopipe.cli.config.InvalidConfigException;
import dev.photopipe.cli.config.Setting;
import dev.photopipe.schemas.config.KafkaClientSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka.* client settings in the configuration layer: accepted, validated by Kafka, secrets masked. */
class KafkaClientSettingsConfigTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"photopipe\" password=\"jaas-s3cret\";";

    private final ConfigLoader loader = new ConfigLoader(CommandConfig.allSections());

    @TempDir
    Path dir;

    @Test
    void acceptsKafkaSettingsFromFileEnvironmentAndFlags() throws IOException {
        Path file = Files.writeString(dir.resolve("photopipe.yaml"), """
                kafka:
                  port: 19092
                  security.protocol: SASL_SSL
                  ssl:
                    truststore.location: /etc/photopipe/truststore.p12
                """);
        Map<String, String> env = Map.of("PHOTOPIPE_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "PHOTOPIPE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");

        EffectiveConfig config = loader.load(file, env, List.of(flag("kafka.client.dns.lookup", "use_all_dns_ips")),
                List.of(CommandConfig.SECTION));
        CommandConfig command = new CommandConfig(config.values());

        assertThat(command.kafkaPort()).isEqualTo(19092);
        assertThat(command.kafkaClientSettings()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("ssl.truststore.location", "/etc/photopipe/truststore.p12"),
                Map.entry("sasl.jaas.config", JAAS),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("client.dns.lookup", "use_all_dns_ips"));
        assertThat(config.setting("kafka.sasl.jaas.config")).get().extracting(Setting::origin)
                .isEqualTo("PHOTOPIPE_KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void anUnknownKafkaSettingIsAnErrorNamingItWithASuggestion() {
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of(flag("kafka.sasl.mechanisms", "PLAIN")),
                List.of(CommandConfig.SECTION)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("kafka.sasl.mechanisms");
                            assertThat(problem.message()).contains("not a Kafka producer, consumer or admin client setting");
                            assertThat(problem.fix()).contains("did you mean 'kafka.sasl.mechanism'");
                        }));
        assertThatThrownBy(() -> loader.load(null, Map.of("PHOTOPIPE_KAFKA_SASL_MECHANISMS", "PLAIN"), List.of(),
                List.of(CommandConfig.SECTION)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .extracting(ConfigProblem::fix).asString().contains("PHOTOPIPE_KAFKA_SASL_MECHANISM'"));
    }

    @Test
    void photopipesGuaranteesCannotBeOverriddenAndBadValuesAreReportedMasked() {
        assertThatThrownBy(() -> loader.load(null, Map.of(), List.of(flag("kafka.acks", "1"),
                flag("kafka.enable.auto.commit", "true"), flag("kafka.security.protocol", "SASL_TLS")),
                List.of(CommandConfig.SECTION)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("kafka.acks", "kafka.enable.auto.commit", "kafka.security.protocol"))
                .hasMessageContaining("kafka.acks cannot be changed: photopipe's producers use acks=all")
                .hasMessageContaining("(from flag --set kafka.acks)");
    }

    @Test
    void configShowMasksKafkaSecrets() {
        EffectiveConfig config = loader.load(null, Map.of("PHOTOPIPE_KAFKA_SASL_JAAS_CONFIG", JAAS), List.of(
                flag("kafka.security.protocol", "SASL_SSL"),
                flag("kafka.ssl.truststore.password", "store-s3cret"),
                flag("kafka.ssl.keystore.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----")), List.of());

        String shown = ConfigCommand.Show.render(config, CommandConfig.allSections());

        assertThat(shown).containsPattern("kafka\\.sasl\\.jaas\\.config\\s+= \\[hidden\\]   \\(environment PHOTOPIPE_KAFKA_SASL_JAAS_CONFIG\\)")
                .containsPattern("kafka\\.ssl\\.truststore\\.password\\s+= \\[hidden\\]")
                .containsPattern("kafka\\.ssl\\.keystore\\.key\\s+= \\[hidden\\]")
                .containsPattern("kafka\\.security\\.protocol\\s+= SASL_SSL")
                .doesNotContain("jaas-s3cret", "store-s3cret", "PRIVATE KEY");
    }

    @Test
    void everyKafkaSettingHasItsOwnEnvironmentVariable() {
        // Underscores stand for dots: the mapping back is unambiguous only if no two names collide.
        Set<String> names = new HashSet<>();
        for (String key : KafkaClientSettings.clientSettings()) {
            assertThat(names.add(EnvironmentNames.of(key))).as(key).isTrue();
        }
        for (String key : loader.knownKeys()) {
            assertThat(names.add(EnvironmentNames.of(key)) || key.equals("bootstrap.servers")).as(key).isTrue();
        }
    }

    private static Setting flag(String key, String value) {
        return new Setting(key, value, ConfigSource.FLAG, "--set " + key);
    }
}
