package dev.photopipe.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

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
                        List.of("10.0.0.7:9464: no answer"), null));

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
    }

    @Test
    void saysWhenThereIsNothingYet() {
        StatusReport empty = new StatusReport("2026-11-23T09:00:00Z", 0, List.of(), List.of(), List.of(),
                new StatusReport.DeadLetterCounts(List.of(), List.of(), List.of()), List.of(), List.of(),
                new StatusReport.ViewsSource("local", List.of(), null));

        assertThat(StatusTables.render(empty)).contains("no rates (--watch, or --sample-ms MS)",
                "(no group has committed offsets on photopipe's topics)", "(no photos yet)", "(none)");
    }

    @Test
    void saysWhyTheCountsAreMissingWhenNoViewsAnswer() {
        StatusReport lagOnly = new StatusReport("2026-11-23T09:00:00Z", 0, List.of(), List.of(), List.of(),
                new StatusReport.DeadLetterCounts(List.of(), List.of(), List.of()), List.of(), List.of(),
                new StatusReport.ViewsSource("http://127.0.0.1:9464", List.of(),
                        "No photopipe views at http://127.0.0.1:9464: connection refused. Start photopipe"));

        assertThat(StatusTables.render(lagOnly)).contains("Batches and dead letters: unavailable. No photopipe views at "
                + "http://127.0.0.1:9464: connection refused. Start photopipe").doesNotContain("(no photos yet)");
    }
}
