package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flag checks of {@code replay}, {@code status} and {@code find} that refuse before any Kafka or HTTP call. */
class OpsCommandsTest {
    private final StringWriter err = new StringWriter();

    @Test
    void statusListsEveryBadFlagWithItsFix() {
        assertThat(photopipe("status", "--sample-ms", "-1", "--watch", "0")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("photopipe status: --sample-ms -1 is negative",
                "--watch 0 must be at least 1 second");
    }

    @Test
    void findNeedsACriterionAndOneOutputFormat() {
        assertThat(photopipe("find")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("photopipe find: No criterion", "e.g. --batch LOT-4711");

        assertThat(photopipe("find", "--batch", "LOT-1", "--json", "--csv")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--json and --csv exclude each other");

        assertThat(photopipe("find", "--photo", "xyz", "--from", "tomorrow")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--photo xyz is not a photo id", "--from tomorrow is not an ISO-8601");
    }

    @Test
    void requestsReplayNeedsSinceAndRefusesDeadLetterSelections() {
        assertThat(photopipe("replay", "--requests", "--batch", "LOT-1")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--requests needs --since TIME", "drop --batch/--from/--to");
    }

    @Test
    void sinceWithoutRequestsIsRefused() {
        assertThat(photopipe("replay", "--all", "--since", "2026-11-01")).isEqualTo(ExitCodes.USAGE);

        assertThat(err.toString()).contains("--since and --force-check apply to upload requests: add --requests");
    }

    @Test
    void aSubcommandsRefusalNamesTheWholeCommand() {
        assertThat(photopipe("expiry", "reapply", "--rule", " ")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("photopipe expiry reapply: --rule is empty");

        assertThat(photopipe("dead-letters", "resolve", "--note", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("photopipe dead-letters resolve: ");
    }

    private int photopipe(String... args) {
        return Photopipe.commandLine(Map.of()).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args);
    }
}
