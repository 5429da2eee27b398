package dev.photopipe.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import org.junit.jupiter.api.Test;

class ReplayReportTest {
    private static final long T = 1_795_000_000_000L;

    @Test
    void dryRunCountsGroupsAndListsTheFirstLetters() {
        ReplayReport report = new ReplayReport(true, "batch LOT-4711", 2);
        report.add(entry(0, ReasonCode.PIWIGO_UNAVAILABLE, ReplayReport.Outcome.REPLAYED, "Piwigo\n  timed out"));
        report.add(entry(1, ReasonCode.PIWIGO_UNAVAILABLE, ReplayReport.Outcome.REPLAYED, "x".repeat(200)));
        report.add(entry(2, ReasonCode.CORRUPT_IMAGE, ReplayReport.Outcome.ALREADY_REPLAYED, null));
        report.scanned(false, 3);

        String text = report.render();

        assertThat(text).startsWith("Dry run: nothing was re-published or marked.\nSelection: batch LOT-4711\n");
        assertThat(text).containsPattern("would replay +2").containsPattern("already replayed \\(--again replays them\\) +1");
        assertThat(text).contains("""
                source topic               reason              batch     letters
                -------------------------  ------------------  --------  -------
                photopipe.upload.requests  PIWIGO_UNAVAILABLE  LOT-4711        2
                """);
        assertThat(text).contains("First 2 selected:", "Piwigo timed out", "x".repeat(77) + "...")
                .doesNotContain("x".repeat(78));
    }

    @Test
    void aFailedSendIsCountedAsFailedNotReplayed() {
        ReplayReport report = new ReplayReport(false, "all dead letters", 5);
        ReplayReport.Entry entry = entry(0, ReasonCode.SOURCE_MISSING, ReplayReport.Outcome.REPLAYED, null);
        report.add(entry);

        report.failed(entry, "NOT_ENOUGH_REPLICAS");

        assertThat(report.count(ReplayReport.Outcome.REPLAYED)).isZero();
        assertThat(report.count(ReplayReport.Outcome.FAILED)).isOne();
        assertThat(report.render()).contains("failed: NOT_ENOUGH_REPLICAS", "left unmarked; run again")
                .doesNotContain("by source topic");
    }

    private static ReplayReport.Entry entry(long offset, ReasonCode reason, ReplayReport.Outcome outcome,
                                            String message) {
        DeadLetter letter = new DeadLetter("photopipe.upload.requests", 1, 10L + offset, Stage.SINK, reason,
                FailureKind.TRANSIENT, null, message, 1, T, T, "LOT-4711");
        return new ReplayReport.Entry(0, offset, letter, outcome, null);
    }
}
