package dev.photopipe.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.views.query.ViewTotals;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTablesTest {

    @Test
    void rendersEverySectionAsAlignedTables() {
        StatusReport report = new StatusReport("2026-11-23T09:00:00Z", 2000,
                List.of(new StatusReport.PartitionLag("photopipe-sink", "photopipe.upload.requests", 0, 90, 100, 10,
                        4.5, 2.0)),
                List.of("photopipe-enrich"),
                List.of(new StatusReport.TopicRate("photopipe.upload.requests", 100, 4.5)),
                new StatusReport.DeadLetterCounts(List.of(new StatusReport.LetterCount("PIWIGO_REJECTED", 3, 1, 2)),
                        List.of(new StatusReport.LetterCount("LOT-4711", 3, 1, 2)), List.of()),
                List.of(new StatusReport.BatchProgress("LOT-4711", 120, 2, 118, 110, 5, 3, 1, 2)),
                List.of(), new StatusReport.ViewsSource("http://127.0.0.1:9464",
                        List.of("10.0.0.7:9464: no answer"), null),
                List.of(new ViewTotals.ExpiringRow("9f2c41d0", 17L, "IMG_0001.JPG", "LOT-4711", "2026-11-24T00:00:00Z",
                                "archive", "consent", "rule", false, null),
                        new ViewTotals.ExpiringRow("0b7e11aa", 18L, "IMG_0002.JPG", "LOT-4711", "2026-11-23T08:00:00Z",
                                "delete", null, "hand", true, null)), true);

        String text = StatusTables.render(report);

        assertThat(text).contains("rates over 2000 ms", "No committed offsets yet: photopipe-enrich",
                "INCOMPLETE: these views instances did not answer", "10.0.0.7:9464: no answer");
        assertThat(text).contains("""
                group           topic                      partition  committed  end  lag  in/s  out/s
                --------------  -------------------------  ---------  ---------  ---  ---  ----  -----
                photopipe-sink  photopipe.upload.requests          0         90  100   10   4.5    2.0
                """);
        assertThat(text).contains("""
                batch     captured  duplicates  routed  uploaded  failed  dead letters  replayed  resolved
                --------  --------  ----------  ------  --------  ------  ------------  --------  --------
                LOT-4711       120           2     118       110       5             3         1         2
                """);
        assertThat(text).contains("""
                reason           pending  replayed  resolved
                ---------------  -------  --------  --------
                PIWIGO_REJECTED        3         1         2
                """);
        assertThat(text).contains("""
                Expiring in the next 30 days
                photo     image  file          expires at            action   rule             due
                --------  -----  ------------  --------------------  -------  ---------------  -------
                9f2c41d0     17  IMG_0001.JPG  2026-11-24T00:00:00Z  archive  consent          pending
                0b7e11aa     18  IMG_0002.JPG  2026-11-23T08:00:00Z  delete   changed by hand  OVERDUE
                More expire than listed: `photopipe expiry list --within P30D` lists them all
                """);
    }

    @Test
    void saysWhenThereIsNothingYet() {
        StatusReport empty = new StatusReport("2026-11-23T09:00:00Z", 0, List.of(), List.of(), List.of(),
                new StatusReport.DeadLetterCounts(List.of(), List.of(), List.of()), List.of(), List.of(),
                new StatusReport.ViewsSource("local", List.of(), null), List.of(), false);

        assertThat(StatusTables.render(empty)).contains("no rates (--watch, or --sample-ms MS)",
                "(no group has committed offsets on photopipe's topics)", "(no photos yet)", "(none)",
                "Expiring in the next 30 days\n(nothing expires in the next 30 days)\n");
    }

    @Test
    void saysWhyTheCountsAreMissingWhenNoViewsAnswer() {
        StatusReport lagOnly = new StatusReport("2026-11-23T09:00:00Z", 0, List.of(), List.of(), List.of(),
                new StatusReport.DeadLetterCounts(List.of(), List.of(), List.of()), List.of(), List.of(),
                new StatusReport.ViewsSource("http://127.0.0.1:9464", List.of(),
                        "No photopipe views at http://127.0.0.1:9464: connection refused. Start photopipe"), List.of(),
                false);

        assertThat(StatusTables.render(lagOnly)).contains("Batches and dead letters: unavailable. No photopipe views at "
                + "http://127.0.0.1:9464: connection refused. Start photopipe").doesNotContain("(no photos yet)");
    }
}
