package dev.photopipe.ops.letters;

import dev.photopipe.ops.TextTable;
import dev.photopipe.schemas.deadletter.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code photopipe dead-letters resolve} did (or, dry, would do): letters resolved now,
 * already resolved before, failed to write, and the first few. Filled by {@link LetterResolver};
 * not thread-safe.
 */
public final class ResolveReport {
    private final boolean dryRun;
    private final String selection;
    private final int sampleSize;
    private final List<String[]> sample = new ArrayList<>();
    private long resolved;
    private long alreadyResolved;
    private long failed;
    private String lastError;
    private long scanned;
    private boolean limitHit;

    ResolveReport(boolean dryRun, String selection, int sampleSize) {
        this.dryRun = dryRun;
        this.selection = selection;
        this.sampleSize = sampleSize;
    }

    void add(String letterId, DeadLetter letter, boolean already) {
        if (already) {
            alreadyResolved++;
        } else {
            resolved++;
        }
        if (sample.size() < sampleSize) {
            sample.add(new String[] {letterId, letter.stage().headerValue(), letter.reason().name(),
                    letter.batchId() == null ? "-" : letter.batchId(),
                    Instant.ofEpochMilli(letter.lastFailureTimeMs()).toString(),
                    already ? "already resolved" : dryRun ? "would resolve" : "resolved"});
        }
    }

    /** A resolution the broker did not take: the letter stays pending (run again). */
    void failed(String error) {
        resolved--;
        failed++;
        lastError = error;
    }

    void scanned(long records, boolean limitHit) {
        this.scanned = records;
        this.limitHit = limitHit;
    }

    public long resolved() {
        return resolved;
    }

    public long alreadyResolved() {
        return alreadyResolved;
    }

    public long failed() {
        return failed;
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        if (dryRun) {
            text.append("Dry run: nothing was resolved.\n");
        }
        text.append("Selection: ").append(selection).append('\n');
        text.append("Dead letters scanned: ").append(scanned).append(limitHit
                ? " (stopped at the --max-records limit: later letters were not considered; raise it)" : "").append('\n');
        TextTable totals = new TextTable("outcome", "letters").row(dryRun ? "would resolve" : "resolved", resolved)
                .row("skipped: already resolved", alreadyResolved);
        if (failed > 0) {
            totals.row("failed to write (still pending; run again): " + lastError, failed);
        }
        text.append(totals.render());
        if (!sample.isEmpty()) {
            text.append("\nFirst ").append(sample.size()).append(" selected:\n");
            TextTable letters = new TextTable("letter", "stage", "reason", "batch", "last failure", "outcome");
            sample.forEach(row -> letters.row((Object[]) row));
            text.append(letters.render());
        }
        return text.toString();
    }
}
