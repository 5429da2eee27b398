package dev.photopipe.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final ConfigSection SECTION = new ConfigSection("test", "for tests", new ConfigDef()
            .define("bootstrap.servers", Type.LIST, "localhost:9092", Importance.HIGH, "brokers")
            .define("topics.partitions", Type.INT, 6, Range.between(1, 100), Importance.MEDIUM, "partitions")
            .define("kafka.port", Type.INT, 9092, Range.between(0, 65_535), Importance.LOW, "port")
            .define("piwigo.password", Type.PASSWORD, null, Importance.HIGH, "password")
            .define("piwigo.api.token", Type.STRING, "", Importance.HIGH, "named like a secret, typed as string"));

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(List.of(SECTION));

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheLayerBefore() throws IOException {
        Path file = write("photopipe.yaml", """
                bootstrap.servers: file:9092
                topics.partitions: 3
                kafka.port: 1111
                """);
        Map<String, String> env = Map.of("PHOTOPIPE_BOOTSTRAP_SERVERS", "env:9092", "PHOTOPIPE_TOPICS_PARTITIONS", "4",
                "PATH", "/usr/bin");
        List<Setting> flags = List.of(new Setting("bootstrap.servers", "flag:9092", ConfigSource.FLAG, "--bootstrap-servers"));

        EffectiveConfig config = loader.load(file, env, flags, List.of(SECTION));

        assertThat(config.values()).containsEntry("bootstrap.servers", "flag:9092")
                .containsEntry("topics.partitions", "4")
                .containsEntry("kafka.port", "1111");
        assertThat(config.setting("bootstrap.servers")).get().extracting(Setting::source).isEqualTo(ConfigSource.FLAG);
        assertThat(config.setting("topics.partitions")).get().extracting(Setting::origin)
                .isEqualTo("PHOTOPIPE_TOPICS_PARTITIONS");
        assertThat(config.setting("kafka.port")).get().extracting(Setting::source).isEqualTo(ConfigSource.FILE);
    }

    @Test
    void yamlMayNestKeysAndGiveListsAsSequences() throws IOException {
        Path file = write("photopipe.yml", """
                bootstrap:
                  servers: [a:9092, b:9092]
                topics:
                  partitions: 12
                """);

        EffectiveConfig config = loader.load(file, Map.of(), List.of(), List.of(SECTION));

        assertThat(config.values()).containsEntry("bootstrap.servers", "a:9092,b:9092")
                .containsEntry("topics.partitions", "12");
    }

    @Test
    void propertiesFileIsReadLikeYaml() throws IOException {
        Path file = write("photopipe.properties", "bootstrap.servers=p:9092\ntopics.partitions = 7\n");

        EffectiveConfig config = loader.load(file, Map.of(), List.of(), List.of(SECTION));

        assertThat(config.values()).containsEntry("bootstrap.servers", "p:9092").containsEntry("topics.partitions", "7");
    }

    @Test
    void everyErrorIsListedAtOnceWithItsKeyOriginAndFix() throws IOException {
        Path file = write("photopipe.yaml", "topics.partition: 3\n");
        Map<String, String> env = Map.of("PHOTOPIPE_KAFKA_PORT", "abc", "PHOTOPIPE_BOOTSTRAP_SERVER", "x:1");
        List<Setting> flags = List.of(new Setting("topics.partitions", "0", ConfigSource.FLAG, "--set topics.partitions"));

        assertThatThrownBy(() -> loader.load(file, env, flags, List.of(SECTION)))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key).containsExactlyInAnyOrder("topics.partition",
                                "PHOTOPIPE_BOOTSTRAP_SERVER", "kafka.port", "topics.partitions"))
                .hasMessageStartingWith("4 configuration error(s):")
                .hasMessageContaining("topics.partition: unknown setting in file " + file)
                .hasMessageContaining("did you mean 'topics.partitions'?")
                .hasMessageContaining("use 'PHOTOPIPE_BOOTSTRAP_SERVERS'")
                .hasMessageContaining("kafka.port = \"abc\" (from environment PHOTOPIPE_KAFKA_PORT)")
                .hasMessageContaining("Fix: change it in environment PHOTOPIPE_KAFKA_PORT; valid values: [0,...,65535]")
                .hasMessageContaining("topics.partitions = \"0\" (from flag --set topics.partitions)")
                .hasMessageContaining("valid values: [1,...,100]");
    }

    @Test
    void missingFileIsAnErrorNamingTheFileAndTheFix() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> loader.load(missing, Map.of(), List.of(), List.of(SECTION)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(missing + ": the file does not exist")
                .hasMessageContaining("Fix: give an existing file with --config");
    }

    @Test
    void brokenYamlIsAnErrorWithTheLine() throws IOException {
        Path file = write("photopipe.yaml", "bootstrap.servers: a\n  bad: [\n");

        assertThatThrownBy(() -> loader.load(file, Map.of(), List.of(), List.of(SECTION)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("at line");
    }

    @Test
    void passwordsAndSecretNamedSettingsAreMaskedOthersAreNot() {
        Map<String, String> env = Map.of("PHOTOPIPE_PIWIGO_PASSWORD", "s3cret", "PHOTOPIPE_PIWIGO_API_TOKEN", "t0ken");

        EffectiveConfig config = loader.load(null, env, List.of(), List.of(SECTION));

        assertThat(config.printable("piwigo.password", "s3cret")).isEqualTo("[hidden]");
        assertThat(config.printable("piwigo.api.token", "t0ken")).isEqualTo("[hidden]");
        assertThat(config.printable("bootstrap.servers", "a:1")).isEqualTo("a:1");
        assertThat(config.printable("piwigo.password", "")).as("an unset secret shows as unset").isEmpty();
    }

    @Test
    void environmentNamesAreUpperSnakeWithPrefix() {
        assertThat(EnvironmentNames.of("bootstrap.servers")).isEqualTo("PHOTOPIPE_BOOTSTRAP_SERVERS");
        assertThat(EnvironmentNames.of("topics.replication-factor")).isEqualTo("PHOTOPIPE_TOPICS_REPLICATION_FACTOR");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
