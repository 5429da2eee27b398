package dev.photopipe.ops.find;

import dev.photopipe.ops.TextFormats;
import dev.photopipe.ops.TextTable;
import dev.photopipe.ops.views.query.FoundPhotos;
import dev.photopipe.ops.views.query.PhotoView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code photopipe find}'s three outputs of the same answer: an aligned table for people, JSON
 * (the {@link FoundPhotos} document, a contract for scripts) and CSV (one row per photo, lists
 * joined with {@code ;}, written by Jackson's CSV module so that quoting is right). Stateless.
 */
public final class FindOutput {
    /** The CSV columns, in order; a contract like the JSON field names (add columns at the end only). */
    public static final List<String> CSV_COLUMNS = List.of("photo_id", "file", "source", "camera", "batch",
            "captured_at", "status", "album_path", "tags", "rule_id", "image_id", "album_ids", "image_url",
            "album_urls", "uploaded_at", "dead_letters", "error", "md5", "expires_at", "expiry_action", "expiry_rule_id",
            "expiry_set_by", "expiry_state", "expiry_audit");
    private static final int SHORT_ID = 12;
    private static final int WHY_CHARS = 60;

    private FindOutput() {
    }

    public static String table(FoundPhotos found) {
        StringBuilder text = new StringBuilder();
        TextTable table = new TextTable("photo", "captured", "file", "camera", "album", "tags", "status", "image",
                "expires", "link or why");
        for (PhotoView photo : found.photos()) {
            table.row(shortId(photo), photo.capturedAt(), photo.file(), photo.camera(),
                    photo.albumPath(), photo.tags().isEmpty() ? null : String.join(",", photo.tags()), photo.status(),
                    photo.imageId(), expires(photo.expiry()), linkOrWhy(photo));
        }
        text.append(table.isEmpty() ? "No photos match " + found.query() + ".\n" : table.render());
        TextTable audit = new TextTable("photo", "at", "expiry event", "action", "expiry", "rule", "reason", "detail");
        for (PhotoView photo : found.photos()) {
            photo.expiryAudit().forEach(event -> audit.row(shortId(photo), event.at(), event.event(), event.action(),
                    event.expiresAt() == null ? "never" : event.expiresAt(), event.ruleId(), event.reason(), event.detail()));
        }
        if (!audit.isEmpty()) {
            text.append("Expiry audit\n").append(audit.render());
        }
        text.append(found.photos().size()).append(" photo(s) for ").append(found.query());
        if (found.limitHit()) {
            text.append("; more match: raise --limit, or narrow the search (--from/--to, --camera)");
        }
        text.append('\n');
        if (!found.unreachable().isEmpty()) {
            text.append("INCOMPLETE: these views instances did not answer, their photos are missing:\n");
            found.unreachable().forEach(instance -> text.append("  ").append(instance).append('\n'));
        }
        return text.toString();
    }

    public static String json(FoundPhotos found) {
        return TextFormats.json(found);
    }

    public static String csv(FoundPhotos found) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PhotoView photo : found.photos()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("photo_id", photo.photoId());
            row.put("file", photo.file());
            row.put("source", photo.source());
            row.put("camera", photo.camera());
            row.put("batch", photo.batch());
            row.put("captured_at", photo.capturedAt());
            row.put("status", photo.status());
            row.put("album_path", photo.albumPath());
            row.put("tags", String.join(";", photo.tags()));
            row.put("rule_id", photo.ruleId());
            row.put("image_id", photo.imageId());
            row.put("album_ids", photo.albumIds().stream().map(String::valueOf).collect(Collectors.joining(";")));
            row.put("image_url", photo.imageUrl());
            row.put("album_urls", String.join(";", photo.albumUrls()));
            row.put("uploaded_at", photo.uploadedAt());
            row.put("dead_letters", photo.deadLetters().stream().map(l -> l.reason() + ":" + l.state())
                    .collect(Collectors.joining(";")));
            row.put("error", photo.error());
            row.put("md5", photo.md5());
            PhotoView.ExpiryView expiry = photo.expiry();
            row.put("expires_at", expiry == null ? null : expiry.expiresAt());
            row.put("expiry_action", expiry == null ? null : expiry.action());
            row.put("expiry_rule_id", expiry == null ? null : expiry.ruleId());
            row.put("expiry_set_by", expiry == null ? null : expiry.setBy());
            row.put("expiry_state", expiry == null ? null : expiry.state());
            row.put("expiry_audit", photo.expiryAudit().stream().map(e -> e.event() + "@" + e.at())
                    .collect(Collectors.joining(";")));
            rows.add(row);
        }
        return TextFormats.csv(CSV_COLUMNS, rows);
    }

    private static String shortId(PhotoView photo) {
        return photo.photoId() == null ? "(file)" : photo.photoId().substring(0, Math.min(SHORT_ID, photo.photoId().length()));
    }

    /** The expiry in force in a few words: date, action, and its rule or "by hand" (e.g. {@code 2027-01-01 archive, rule consent}). */
    static String expires(PhotoView.ExpiryView expiry) {
        if (expiry == null) {
            return null;
        }
        String date = expiry.expiresAt().endsWith("T00:00:00Z") ? expiry.expiresAt().substring(0, 10) : expiry.expiresAt();
        String source = expiry.ruleId() == null ? "changed by hand"
                : "rule " + expiry.ruleId() + ("reapply".equals(expiry.setBy()) ? " (reapplied)" : "");
        return date + " " + expiry.action() + ", " + source + ("pending".equals(expiry.state()) ? ""
                : " (" + expiry.state() + ")");
    }

    /** The image's page once in Piwigo, else why it is not (the latest pending letter, or the sink's error). */
    private static String linkOrWhy(PhotoView photo) {
        if (photo.imageUrl() != null) {
            return photo.imageUrl();
        }
        String why = photo.deadLetters().stream().filter(l -> "pending".equals(l.state()))
                .reduce((first, second) -> second)
                .map(l -> l.reason() + (l.message() == null ? "" : ": " + l.message())).orElse(photo.error());
        if (why == null) {
            return null;
        }
        String line = why.replaceAll("\\s+", " ").strip();
        return line.length() <= WHY_CHARS ? line : line.substring(0, WHY_CHARS - 3) + "...";
    }
}
