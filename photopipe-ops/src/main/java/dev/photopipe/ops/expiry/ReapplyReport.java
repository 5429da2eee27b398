package dev.photopipe.ops.expiry;

import dev.photopipe.ops.TextTable;
import dev.photopipe.ops.TopicScan;
import dev.photopipe.schemas.ExpiryAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code photopipe expiry reapply} did (or, dry, would do): requests scanned and how far back
 * they reach, photos of the rule changed, unchanged, out of the capture range and failed (by
 * reason, with an example), and the first few changes. Filled by {@link RuleReapplier}; not
 * thread-safe.
 */
public final class ReapplyReport {
    private final boolean dryRun;
    private final String ruleId;
    private final String ruleExpiry;
    private final String requestsTopic;
    private final Duration retention;
    private final int sampleSize;
    private final List<String[]> sample = new ArrayList<>();
    private final Map<String, Failure> failures = new TreeMap<>();
    private long scanned;
    private Instant oldest;
    private long changed;
    private long unchanged;
    private long outsideRange;
    private long notWritten;
    private String lastWriteError;
    private boolean limitHit;

    /** How many photos failed for one reason, and the first one's message. */
    private static final class Failure {
        long count;
        final String example;

        Failure(String example) {
            this.example = example;
        }
    }

    /** @param ruleExpiry the rule's expiry and action now, e.g. {@code expiry P5Y, action delete} */
    ReapplyReport(boolean dryRun, String ruleId, String ruleExpiry, String requestsTopic, Duration retention,
                  int sampleSize) {
        this.dryRun = dryRun;
        this.ruleId = ruleId;
        this.ruleExpiry = ruleExpiry;
        this.requestsTopic = requestsTopic;
        this.retention = retention;
        this.sampleSize = sampleSize;
    }

    void scanned(long timestampMs) {
        scanned++;
        Instant at = Instant.ofEpochMilli(timestampMs);
        if (oldest == null || at.isBefore(oldest)) {
            oldest = at;
        }
    }

    void limitHit(TopicScan.Result result) {
        limitHit |= result.limitHit();
    }

    void outsideCaptureRange() {
        outsideRange++;
    }

    void sameAsBefore() {
        unchanged++;
    }

    void changed(String photoId, Instant captured, Instant from, ExpiryAction fromAction, Instant to,
                 ExpiryAction toAction) {
        changed++;
        if (sample.size() < sampleSize) {
            sample.add(new String[] {photoId, captured.toString(), describe(from, fromAction), describe(to, toAction)});
        }
    }

    void failed(String photoId, String reasonCode, String message) {
        failures.computeIfAbsent(reasonCode, r -> new Failure(photoId + ": " + message)).count++;
    }

    /** A request whose bytes are not an upload request: it cannot be reapplied (nor was it routed). */
    void undecodable(String where, String message) {
        failed(where, "UNDECODABLE", message);
    }

    /** A change the broker did not take: the photo keeps its expiry (run again). */
    void notWritten(String photoId, String error) {
        changed--;
        notWritten++;
        lastWriteError = photoId + ": " + error;
    }

    public long changed() {
        return changed;
    }

    public long unchanged() {
        return unchanged;
    }

    /** Photos whose new expiry could not be computed (they keep theirs; the report says why). */
    public long failed() {
        return failures.values().stream().mapToLong(f -> f.count).sum();
    }

    /** Changes the broker did not take (those photos keep their expiry; run the command again). */
    public long notWritten() {
        return notWritten;
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        if (dryRun) {
            text.append("Dry run: no expiry was changed.\n");
        }
        text.append("Rule ").append(ruleId).append(" as it is now: ").append(ruleExpiry).append('\n');
        text.append("Upload requests scanned: ").append(scanned).append(" on ").append(requestsTopic);
        text.append(oldest == null ? " (none kept)" : ", the oldest from " + oldest);
        text.append(retention == null ? "" : " (the topic keeps " + days(retention) + ")").append(".\n");
        text.append("Photos routed before").append(oldest == null ? " that" : " " + oldest)
                .append(" are not covered: change their expiry with photopipe expiry extend.\n");
        if (limitHit) {
            text.append("Stopped at the --max-records limit: later records were not considered; raise it.\n");
        }
        TextTable totals = new TextTable("photos of the rule", "count")
                .row(dryRun ? "would change" : "changed", changed)
                .row("unchanged", unchanged);
        if (outsideRange > 0) {
            totals.row("outside the capture range", outsideRange);
        }
        failures.forEach((code, failure) -> totals.row("failed: " + code, failure.count));
        if (notWritten > 0) {
            totals.row("failed to write (expiry unchanged; run again): " + lastWriteError, notWritten);
        }
        text.append(totals.render());
        if (!failures.isEmpty()) {
            text.append("\nFailed photos keep their expiry; the first of each reason:\n");
            failures.forEach((code, failure) -> text.append("  ").append(code).append(": ").append(failure.example)
                    .append('\n'));
        }
        if (!sample.isEmpty()) {
            text.append("\nFirst ").append(sample.size()).append(dryRun ? " that would change:\n" : " changed:\n");
            TextTable changes = new TextTable("photo", "captured", "expiry was", "expiry now");
            sample.forEach(row -> changes.row((Object[]) row));
            text.append(changes.render());
        }
        return text.toString();
    }

    private static String describe(Instant at, ExpiryAction action) {
        return at == null ? "never" : at + " (" + action.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String days(Duration retention) {
        return retention.toDays() > 0 && retention.toHours() % 24 == 0 ? retention.toDays() + " days"
                : retention.toHours() + " hours";
    }
}
