package dev.photopipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.photopipe.ops.status.StatusCollector;
import dev.photopipe.ops.status.StatusReport;
import dev.photopipe.ops.status.StatusTables;
import dev.photopipe.ops.views.query.HttpViews;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photopipe status}: lag per group and partition, rates, dead letters and per-batch
 * progress, once or {@code --watch}ed, as tables or {@code --json}. Thin: the work is in
 * {@code dev.photopipe.ops.status}; the counts come from a running photopipe's views.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows consumer lag per group and partition, rates in and out, dead letters by reason "
                + "and batch, and per-batch progress.",
            "Lag comes from Kafka; the counts from the views a running photopipe keeps (views.url), so a status "
                    + "takes the same time at any history size."})
final class StatusCommand extends OpsCommand {
    /** ANSI: cursor home, clear screen. Enough for every terminal people watch a status in. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Option(names = "--json", description = "Print one JSON document (per refresh) instead of tables.")
    boolean json;

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "5",
            description = "Refresh every SECONDS (default 5 when given without a value) until Ctrl-C; rates are "
                    + "measured between refreshes.")
    Integer watchSeconds;

    @Option(names = "--sample-ms", paramLabel = "MS", defaultValue = "0",
            description = "Measure rates over a window of MS before printing (default ${DEFAULT-VALUE}: none, or "
                    + "between refreshes with --watch).")
    long sampleMs;

    /** Accepted so that scripts written before the views keep working; status no longer scans topics. */
    @Option(names = "--max-records", hidden = true, paramLabel = "N")
    Long ignoredMaxRecords;

    StatusCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (sampleMs < 0) {
            problems.add("--sample-ms " + sampleMs + " is negative: give 0 (no window) or a window such as 2000");
        }
        if (watchSeconds != null && watchSeconds < 1) {
            problems.add("--watch " + watchSeconds + " must be at least 1 second");
        }
        if (!problems.isEmpty()) {
            return usage(problems);
        }
        HttpViews views = views();
        StatusCollector collector = new StatusCollector(clients("photopipe-status"), catalog(), Duration.ofMillis(sampleMs),
                Clock.systemUTC(), views, views.baseUrl());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        PrintWriter out = out();
        StatusReport report;
        do {
            report = collector.collect();
            if (watchSeconds != null && !json) {
                out.print(CLEAR_SCREEN);
            }
            out.println(json ? mapper.writeValueAsString(report) : StatusTables.render(report));
            out.flush();
            if (watchSeconds != null) {
                // The refresh interval of --watch; Ctrl-C interrupts it and ends the command.
                Thread.sleep(watchSeconds * 1000L);
            }
        } while (watchSeconds != null);
        return report.views().error() == null ? ExitCodes.OK : ExitCodes.KAFKA;
    }
}
