package dev.photopipe.ops;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Parses the time flags of the operator commands: an ISO-8601 instant, or a date meaning its start
 * in UTC (or in a given zone, e.g. the one rules' expiry dates are read in).
 */
public final class InstantArgument {
    private InstantArgument() {
    }

    /**
     * An optional flag: {@code null} when not given, else parsed, a problem added to
     * {@code problems} (and {@code null} returned) when it does not parse.
     */
    public static Instant optional(String flag, String text, List<String> problems) {
        if (text == null) {
            return null;
        }
        try {
            return parse(flag, text);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * @param flag the flag's name, for the message, e.g. {@code --since}
     * @throws IllegalArgumentException naming the flag, the text and the accepted forms
     */
    public static Instant parse(String flag, String text) {
        // A bare date is what people type after a restore ("since the 1st"): midnight UTC, not local.
        return parse(flag, text, ZoneOffset.UTC);
    }

    /**
     * Like {@link #parse(String, String)}, a bare date meaning its start in {@code zone}.
     *
     * @throws IllegalArgumentException naming the flag, the text and the accepted forms
     */
    public static Instant parse(String flag, String text, ZoneId zone) {
        String trimmed = text.trim();
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(trimmed).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException(flag + " " + text + " is not an ISO-8601 instant or date; write it "
                        + "like 2026-11-01T00:00:00Z or 2026-11-01 (midnight "
                        + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId()) + ")",
                        notADate);
            }
        }
    }
}
