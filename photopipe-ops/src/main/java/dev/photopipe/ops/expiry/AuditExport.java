package dev.photopipe.ops.expiry;

import dev.photopipe.ops.TextFormats;
import dev.photopipe.ops.TextTable;
import dev.photopipe.schemas.ExpiryAudit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code photopipe expiry audit}: the expiry audit topic's entries, oldest event first, as a table
 * or as CSV (a header row, RFC 4180 quoting: reasons and Piwigo's answers contain commas and
 * quotes). The topic is compacted by photo: it keeps each photo's last event for good, and earlier
 * ones until the broker compacts them; the export holds what the topic holds when it is read.
 * Immutable.
 *
 * @param entries    oldest event first
 * @param incomplete why the export may lack entries; empty when complete
 */
public record AuditExport(List<ExpiryAudit> entries, List<String> incomplete) {
    /** The CSV columns, in order; a contract for scripts (add columns at the end only). */
    public static final List<String> CSV_COLUMNS = List.of("photo_id", "image_id", "event", "action", "expires_at",
            "event_time", "rule_id", "reason", "detail");
    private static final Comparator<ExpiryAudit> OLDEST_FIRST = Comparator.comparing(ExpiryAudit::getEventTime)
            .thenComparing(ExpiryAudit::getPhotoId);

    public AuditExport {
        entries = List.copyOf(entries);
        incomplete = List.copyOf(incomplete);
    }

    /**
     * Reads the audit topic of {@code topics}.
     *
     * @param photo only this photo, or the photos whose id starts with it (8 or more hex digits); null for all
     * @param since only events at or after it (the service's event time); null for all
     */
    public static AuditExport read(ExpiryTopics topics, String photo, Instant since) {
        List<ExpiryAudit> entries = new ArrayList<>();
        topics.auditEntries(entry -> {
            if ((photo == null || entry.getPhotoId().startsWith(photo))
                    && (since == null || !entry.getEventTime().isBefore(since))) {
                entries.add(entry);
            }
        });
        entries.sort(OLDEST_FIRST);
        return new AuditExport(entries, topics.incomplete());
    }

    public String table() {
        TextTable table = new TextTable("event time", "photo", "image", "event", "action", "expires at", "rule",
                "reason", "detail");
        entries.forEach(e -> table.row(e.getEventTime(), e.getPhotoId(), e.getPiwigoImageId(), word(e.getEvent()),
                word(e.getExpiryAction()), e.getExpiresAt() == null ? "never" : e.getExpiresAt(), e.getRuleId(),
                e.getReason(), e.getDetail()));
        StringBuilder text = new StringBuilder(table.isEmpty() ? "No audit entries.\n"
                : table.render() + entries.size() + " audit entr" + (entries.size() == 1 ? "y" : "ies") + ".\n");
        incomplete.forEach(why -> text.append("INCOMPLETE: ").append(why).append('\n'));
        return text.toString();
    }

    /** The CSV; an incomplete export says so on standard error only (the caller's), never inside the data. */
    public String csv() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ExpiryAudit e : entries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("photo_id", e.getPhotoId());
            row.put("image_id", e.getPiwigoImageId());
            row.put("event", word(e.getEvent()));
            row.put("action", word(e.getExpiryAction()));
            row.put("expires_at", e.getExpiresAt() == null ? null : e.getExpiresAt().toString());
            row.put("event_time", e.getEventTime().toString());
            row.put("rule_id", e.getRuleId());
            row.put("reason", e.getReason());
            row.put("detail", e.getDetail());
            rows.add(row);
        }
        return TextFormats.csv(CSV_COLUMNS, rows);
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
