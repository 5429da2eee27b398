package dev.photopipe.ingest.bulk;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a bulk import did.
 *
 * @param published files whose events Kafka acknowledged in this run
 * @param duplicates of those, files with the same bytes as another file of this run (one photo id;
 *     the enrich stream keeps one)
 * @param alreadyImported files an earlier, interrupted run of the same import had done
 * @param skipped files refused, counted by reason code
 * @param publishedBytes bytes of the published files
 * @param complete false when the import stopped early (asked to stop, or Kafka unreachable)
 * @param stopRequested the import stopped early because it was asked to (Ctrl-C, SIGTERM), not because of Kafka
 */
public record ImportSummary(long published, long duplicates, long alreadyImported, Map<String, Long> skipped,
        long publishedBytes, boolean complete, boolean stopRequested) {

    public ImportSummary {
        skipped = Map.copyOf(skipped);
    }

    public long skippedTotal() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The summary as an operator reads it at the end of an import. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(complete ? "Import complete: " : stopRequested
                        ? "Import stopped as asked (run the same command again to import the rest): "
                        : "Import stopped early (run the same command again to resume): ")
                .append(published).append(" published (").append(duplicates).append(" duplicates), ")
                .append(alreadyImported).append(" already imported, ")
                .append(skippedTotal()).append(" skipped");
        new TreeMap<>(skipped).forEach((reason, count) -> text.append("\n  skipped ").append(reason).append(": ").append(count));
        return text.toString();
    }
}
