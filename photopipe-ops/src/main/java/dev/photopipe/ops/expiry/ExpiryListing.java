package dev.photopipe.ops.expiry;

import dev.photopipe.ops.TextFormats;
import dev.photopipe.ops.TextTable;
import dev.photopipe.schemas.expiry.ScheduledExpiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code photopipe expiry list}'s answer, and its three outputs: an aligned table for people, CSV
 * (a header row, then one row per expiry) and JSON (this record; field names are a contract for
 * scripts, added, never renamed). Immutable.
 *
 * @param at         when the list was taken, ISO-8601
 * @param selection  what was asked for, as a phrase
 * @param expiries   soonest first
 * @param incomplete why the list may lack expiries (topics read only up to --max-records, records
 *                   that did not decode); empty when complete
 */
public record ExpiryListing(String at, String selection, List<Expiry> expiries, List<String> incomplete) {
    /** The CSV columns, in order; a contract like the JSON field names (add columns at the end only). */
    public static final List<String> CSV_COLUMNS = List.of("photo_id", "image_id", "expires_at", "action", "rule_id",
            "set_by", "overdue", "due_in");

    public ExpiryListing {
        expiries = List.copyOf(expiries);
        incomplete = List.copyOf(incomplete);
    }

    /**
     * One pending expiry.
     *
     * @param action   {@code none}, {@code archive} or {@code delete}
     * @param ruleId   the rule it comes from; null when changed by hand
     * @param setBy    {@code rule} (the routing rule's, from the ledger), {@code hand} ({@code expiry extend})
     *                 or {@code reapply} ({@code expiry reapply} of a rule)
     * @param overdue  its time has passed and the expiry service has not acted on it yet
     * @param dueIn    how long until it is due, e.g. {@code 3d 4h}; for an overdue one, how long ago it was
     */
    public record Expiry(String photoId, long imageId, String expiresAt, String action, String ruleId, String setBy,
                         boolean overdue, String dueIn) {
    }

    /** The listing of {@code expiries} at {@code now}. */
    public static ExpiryListing of(Instant now, String selection, List<ScheduledExpiry> expiries, List<String> incomplete) {
        List<Expiry> rows = new ArrayList<>();
        for (ScheduledExpiry expiry : expiries) {
            boolean overdue = expiry.isDue(now);
            rows.add(new Expiry(expiry.photoId(), expiry.piwigoImageId(), expiry.expiresAt().toString(),
                    expiry.action().name().toLowerCase(Locale.ROOT), expiry.ruleId(), setBy(expiry), overdue,
                    span(overdue ? Duration.between(expiry.expiresAt(), now) : Duration.between(now, expiry.expiresAt()))));
        }
        return new ExpiryListing(now.toString(), selection, rows, incomplete);
    }

    /** Who set an expiry in force: the rule, an operator, or a reapply of a rule. */
    public static String setBy(ScheduledExpiry expiry) {
        return !expiry.changed() ? "rule" : expiry.ruleId() == null ? "hand" : "reapply";
    }

    public String table() {
        TextTable table = new TextTable("photo", "image", "expires at", "action", "rule", "set by", "due");
        for (Expiry expiry : expiries) {
            table.row(expiry.photoId(), expiry.imageId(), expiry.expiresAt(), expiry.action(), expiry.ruleId(),
                    expiry.setBy(), (expiry.overdue() ? "OVERDUE by " : "in ") + expiry.dueIn());
        }
        StringBuilder text = new StringBuilder();
        text.append(table.isEmpty() ? "No pending expiries (" + selection + ").\n"
                : table.render() + expiries.size() + " pending expir" + (expiries.size() == 1 ? "y" : "ies")
                        + " (" + selection + ").\n");
        incomplete.forEach(why -> text.append("INCOMPLETE: ").append(why).append('\n'));
        return text.toString();
    }

    public String csv() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Expiry expiry : expiries) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("photo_id", expiry.photoId());
            row.put("image_id", expiry.imageId());
            row.put("expires_at", expiry.expiresAt());
            row.put("action", expiry.action());
            row.put("rule_id", expiry.ruleId());
            row.put("set_by", expiry.setBy());
            row.put("overdue", expiry.overdue());
            row.put("due_in", expiry.dueIn());
            rows.add(row);
        }
        return TextFormats.csv(CSV_COLUMNS, rows);
    }

    public String json() {
        return TextFormats.json(this);
    }

    /** A span as people read it: the two largest of days, hours, minutes (seconds under a minute). */
    static String span(Duration span) {
        long seconds = Math.max(0, span.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes > 0 ? minutes + "m" : seconds + "s";
    }
}
