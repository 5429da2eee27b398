package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.testing.kafka.SharedKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** rules/cameras load and list against a real broker, with the example files shipped in examples/. */
@ExtendWith(SharedKafka.class)
class ReferenceDataCommandIT {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private final String prefix = SharedKafka.uniqueName("refdata") + ".";

    @TempDir
    Path dir;

    @Test
    void loadsListsAndTombstonesRulesRemovedFromTheFile() throws Exception {
        Result loaded = photopipe("rules", "load", EXAMPLES.resolve("rules.yaml").toString());
        assertThat(loaded.code).as(loaded.out).isZero();
        assertThat(loaded.out).contains("0 updated", "0 removed");

        Result listed = photopipe("rules", "list");
        assertThat(listed.code).isZero();
        String firstRule = listed.out.lines().findFirst().orElseThrow().split("\\s+")[0];
        long live = listed.out.lines().filter(line -> line.contains("priority")).count();
        assertThat(live).isGreaterThan(1);
        assertThat(listed.out.lines().filter(line -> line.startsWith("people-with-consent ")))
                .singleElement().asString().endsWith("expiry {attr.consent_until} (archive)");
        assertThat(listed.out.lines().filter(line -> line.startsWith("supplier-stock ")))
                .singleElement().asString().endsWith("expiry P5Y (delete)");

        // The same file again writes nothing; a file without the first rule tombstones it.
        assertThat(photopipe("rules", "load", EXAMPLES.resolve("rules.yaml").toString()).out)
                .contains("0 created", "0 updated", "0 removed", live + " unchanged");
        Path fewer = dir.resolve("rules.yaml");
        Files.writeString(fewer, withoutRule(Files.readString(EXAMPLES.resolve("rules.yaml")), firstRule));
        assertThat(photopipe("rules", "load", fewer.toString()).out).contains("1 removed [" + firstRule + "]");
        assertThat(photopipe("rules", "list").out).doesNotContain(firstRule + "  ").contains((live - 1) + " rules live");
    }

    @Test
    void aBrokenFileIsRefusedWithEveryProblemAndPublishesNothing() throws Exception {
        Path bad = dir.resolve("cameras.yaml");
        Files.writeString(bad, "cameras:\n  - id: cam-1\n    lenz: wide\n");

        Result result = photopipe("cameras", "load", bad.toString());

        assertThat(result.code).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.out).contains(bad + ":3", "nothing was published");
        assertThat(photopipe("cameras", "list").out).contains("0 cameras live");
    }

    private static String withoutRule(String yaml, String ruleId) {
        // Rules are list items starting with "- id: <id>"; drop that item up to the next one.
        StringBuilder kept = new StringBuilder();
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.strip().startsWith("- id:")) {
                skipping = line.strip().equals("- id: " + ruleId);
            }
            if (!skipping) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    private record Result(int code, String out) {
    }

    private Result photopipe(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = Photopipe.commandLine(Map.of(
                "PHOTOPIPE_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "PHOTOPIPE_TOPICS_PREFIX", prefix,
                "PHOTOPIPE_TOPICS_REPLICATION_FACTOR", "1"));
        command.setOut(new PrintWriter(out, true));
        int code = command.execute(args);
        return new Result(code, out.toString());
    }
}
