package dev.photopipe.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --max-records}: the safety bound of the operator commands that read whole topics (a picocli mixin). */
final class ScanLimitOption {
    @Option(names = "--max-records", paramLabel = "N", defaultValue = "1000000",
            description = "Stop reading a topic after N records and say so (default ${DEFAULT-VALUE}).")
    long maxRecords;

    /** Adds a problem naming the flag and the fix when the bound is unusable. */
    void check(List<String> problems) {
        if (maxRecords < 1) {
            problems.add("--max-records " + maxRecords + " must be at least 1: give the most records to read per topic");
        }
    }
}
