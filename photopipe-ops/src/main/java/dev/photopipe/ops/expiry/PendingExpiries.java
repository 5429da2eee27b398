package dev.photopipe.ops.expiry;

import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The expiries still to be acted on ({@code photopipe expiry list}): for every photo of the ledger
 * its expiry in force ({@link ScheduledExpiry}: the ledger's, unless a change replaced it) that its
 * audit does not say was dealt with, soonest first. Overdue ones (the service has not acted yet,
 * e.g. Piwigo was down) are listed too: they are pending as much as the others. Feed the ledger
 * with {@link #ledgerEntry} in topic order, then read {@link #list}. Not thread-safe.
 */
public final class PendingExpiries {
    /** Soonest first; equal times by photo id, so that every run prints the same order. */
    public static final Comparator<ScheduledExpiry> SOONEST_FIRST =
            Comparator.comparing(ScheduledExpiry::expiresAt).thenComparing(ScheduledExpiry::photoId);

    private final Map<String, ExpiryChange> changes;
    private final Map<String, ExpiryAudit> audits;
    private final Map<String, ScheduledExpiry> inForce = new HashMap<>();

    /** @param changes the last change of each photo; @param audits the last audit entry of each photo */
    public PendingExpiries(Map<String, ExpiryChange> changes, Map<String, ExpiryAudit> audits) {
        this.changes = changes;
        this.audits = audits;
    }

    /** Reads everything of {@code topics}. */
    public static PendingExpiries read(ExpiryTopics topics) {
        PendingExpiries pending = new PendingExpiries(topics.changes(), topics.audits());
        topics.ledger(pending::ledgerEntry);
        return pending;
    }

    /** One ledger record; null for a tombstone. A photo's later record replaces its earlier one. */
    public void ledgerEntry(String photoId, UploadOutcome outcome) {
        Optional<ScheduledExpiry> expiry = ScheduledExpiry.of(outcome, changes.get(photoId));
        if (expiry.isPresent() && !expiry.get().isDoneBy(audits.get(photoId))) {
            inForce.put(photoId, expiry.get());
        } else {
            inForce.remove(photoId);
        }
    }

    /**
     * @param now    the time the window starts from
     * @param within only expiries before {@code now + within} (overdue ones included); null for all
     * @param ruleId only expiries from this rule; null for any
     * @return soonest first
     */
    public List<ScheduledExpiry> list(Instant now, Duration within, String ruleId) {
        Instant until = within == null ? null : now.plus(within);
        return inForce.values().stream()
                .filter(expiry -> until == null || expiry.expiresAt().isBefore(until))
                .filter(expiry -> ruleId == null || ruleId.equals(expiry.ruleId()))
                .sorted(SOONEST_FIRST).toList();
    }
}
