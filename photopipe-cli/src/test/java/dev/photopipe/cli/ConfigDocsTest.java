package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.cli.config.ConfigDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is generated; this keeps it from going stale. */
class ConfigDocsTest {
    /** Surefire runs in the module directory; the README is the repository's. */
    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeConfigurationReferenceEqualsTheGeneratedOne() throws IOException {
        assertThat(README).as("README.md at the repository root").isRegularFile();
        String readme = Files.readString(README, StandardCharsets.UTF_8);

        String inReadme = ConfigDocs.between(readme);
        String generated = ConfigDocs.markdown(CommandConfig.allSections());

        assertThat(inReadme).as("README.md needs the markers %s and %s", ConfigDocs.START_MARKER, ConfigDocs.END_MARKER)
                .isNotNull();
        assertThat(inReadme)
                .as("README.md's configuration reference is stale. Regenerate it from the repository root with:%n  %s%n",
                        ConfigDocs.REGENERATE_COMMAND)
                .isEqualTo(generated);
    }

    @Test
    void everySettingOfEveryServiceIsDocumentedWithItsEnvironmentVariable() {
        String generated = ConfigDocs.markdown(CommandConfig.allSections());

        assertThat(generated).contains("### photopipe (the command)", "### ingest-producer", "### enrich-stream",
                "### piwigo-sink", "| `kafka.port` | `PHOTOPIPE_KAFKA_PORT` | int | `9092` | [0,...,65535] | low |",
                "| `topics.prefix` | `PHOTOPIPE_TOPICS_PREFIX` | string | `\"\"` |");
    }
}
