package dev.photopipe.expiry.plan;

import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the expiry service would do at {@code now}, from the topics' contents: the expiries in force
 * ({@link ScheduledExpiry}, as the service computes them) not yet dealt with according to the audit,
 * split into those due now and those whose notice is due. A pure function: {@code photopipe expiry
 * run --dry-run} prints it and acts on nothing.
 *
 * @param now          the moment planned for
 * @param noticeBefore the service's {@code expiry.notice.before}
 * @param due          expiries due at {@code now}, earliest first: the order the service acts in
 * @param notices      expiries not yet due whose notice is due, earliest first
 * @param noticesSent  of {@code due} and {@code notices}, those whose notice is on the notices topic already
 */
public record ExpiryPlan(Instant now, Duration noticeBefore, List<ScheduledExpiry> due, List<ScheduledExpiry> notices,
                         Set<ScheduledExpiry> noticesSent) {

    /** One notice sent: the photo and the expiry it announced. */
    public record SentNotice(String photoId, Instant expiresAt) {
    }

    /**
     * @param ledger  the sink's ledger, last entry per photo
     * @param changes last change per photo
     * @param audit   last audit entry per photo
     * @param sent    notices on the notices topic
     */
    public static ExpiryPlan of(Map<String, UploadOutcome> ledger, Map<String, ExpiryChange> changes,
                                Map<String, ExpiryAudit> audit, Set<SentNotice> sent, Instant now, Duration noticeBefore) {
        List<ScheduledExpiry> open = ledger.entrySet().stream()
                .flatMap(e -> ScheduledExpiry.of(e.getValue(), changes.get(e.getKey())).stream())
                .filter(expiry -> !expiry.isDoneBy(audit.get(expiry.photoId())))
                .sorted(Comparator.comparing(ScheduledExpiry::expiresAt).thenComparing(ScheduledExpiry::photoId))
                .toList();
        List<ScheduledExpiry> due = open.stream().filter(e -> e.isDue(now)).toList();
        List<ScheduledExpiry> notices = open.stream().filter(e -> !e.isDue(now) && e.isNoticeDue(now, noticeBefore)).toList();
        Set<ScheduledExpiry> noticesSent = open.stream().filter(e -> e.isNoticeDue(now, noticeBefore))
                .filter(e -> sent.contains(new SentNotice(e.photoId(), e.expiresAt())))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return new ExpiryPlan(now, noticeBefore, due, notices, noticesSent);
    }

    /** The plan as text for people: what is due now and which notices are due, one line each. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("Due now (").append(now).append("): ").append(due.size()).append(due.isEmpty() ? "\n" : ", in this order:\n");
        due.forEach(e -> out.append(line(e)).append('\n'));
        out.append("Notices due (expiring within ").append(noticeBefore).append("): ").append(notices.size())
                .append('\n');
        notices.forEach(e -> out.append(line(e)).append('\n'));
        out.append("Dry run: nothing was done in Piwigo, no notice or audit was written.\n");
        return out.toString();
    }

    private String line(ScheduledExpiry e) {
        return String.format("  %s  %-8s photo %s  image %d  %s%s", e.expiresAt(), e.action(), e.photoId(),
                e.piwigoImageId(), e.changed() ? "changed by hand" + (e.ruleId() == null ? "" : ", rule " + e.ruleId())
                        : e.ruleId() == null ? "no rule" : "rule " + e.ruleId(),
                noticesSent.contains(e) ? "  (notice sent)" : "  (notice not sent yet)");
    }
}
