package dev.photopipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.photopipe.ops.status.StatusCollector;
import dev.photopipe.ops.status.StatusReport;
import dev.photopipe.ops.status.StatusTables;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code photopipe status}: lag per group and partition, rates, dead letters and per-batch
 * progress, once or {@code --watch}ed, as tables or {@code --json}. Thin: the work is in
 * {@code dev.photopipe.ops.status}.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows consumer lag per group and partition, rates in and out, dead letters by reason "
                + "and batch, and per-batch progress.",
            "Counts are read by scanning the topics from the beginning (bounded by --max-records)."})
final class StatusCommand extends OpsCommand {
    /** ANSI: cursor home, clear screen. Enough for every terminal people watch a status in. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Option(names = "--json", description = "Print one JSON document (per refresh) instead of tables.")
    boolean json;

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "5",
            description = "Refresh every SECONDS (default 5 when given without a value) until Ctrl-C.")
    Integer watchSeconds;

    @Option(names = "--sample-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Window over which rates are measured (default ${DEFAULT-VALUE}); 0 skips rates.")
    long sampleMs;

    @Mixin
    ScanLimitOption scanLimit;

    StatusCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (sampleMs < 0) {
            problems.add("--sample-ms " + sampleMs + " is negative: give 0 (no rates) or a window such as 2000");
        }
        scanLimit.check(problems);
        if (watchSeconds != null && watchSeconds < 1) {
            problems.add("--watch " + watchSeconds + " must be at least 1 second");
        }
        if (!problems.isEmpty()) {
            return usage(problems);
        }
        StatusCollector collector = new StatusCollector(clients("photopipe-status"), catalog(), config().originals(),
                Duration.ofMillis(sampleMs), scanLimit.maxRecords, Clock.systemUTC());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        PrintWriter out = out();
        do {
            StatusReport report = collector.collect();
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
        return ExitCodes.OK;
    }
}
