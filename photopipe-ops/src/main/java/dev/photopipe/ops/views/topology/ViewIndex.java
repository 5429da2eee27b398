package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.Journey;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The secondary index of the journeys, one store entry per (criterion, value, time, key): find
 * reads a range of it instead of every journey. Keys sort by criterion, value, then time, so one
 * range is one criterion's value within a time window, oldest first. Names and tags are indexed
 * lower-case (people type them as they remember them). Stateless.
 *
 * <pre>
 * b NUL batch NUL time NUL key      by batch (lot)
 * f NUL file name NUL time NUL key  by source file name
 * c NUL camera NUL time NUL key     by camera (source id)
 * t NUL tag NUL time NUL key        by tag routed
 * T NUL time NUL key                by time alone
 * x NUL expiry NUL key              by pending expiry (photos whose expiry in force is not done yet)
 * </pre>
 * Time is the capture time in epoch ms (for {@code x} the expiry in force), zero-padded to 13
 * digits so that text order is time order.
 */
public final class ViewIndex {
    public static final char BATCH = 'b';
    public static final char FILE = 'f';
    public static final char CAMERA = 'c';
    public static final char TAG = 't';
    public static final char TIME = 'T';
    public static final char EXPIRY = 'x';
    private static final char SEP = '\0';
    private static final int TIME_DIGITS = 13;

    private ViewIndex() {
    }

    /** Every index key of {@code journey}. */
    public static Set<String> keysOf(Journey journey) {
        Set<String> keys = new LinkedHashSet<>();
        long time = journey.timeMs();
        String subject = journey.key();
        keys.add(key(BATCH, journey.batch(), time, subject));
        if (journey.fileName() != null) {
            keys.add(key(FILE, journey.fileName(), time, subject));
        }
        if (journey.capture() != null && journey.capture().camera() != null) {
            keys.add(key(CAMERA, journey.capture().camera(), time, subject));
        }
        if (journey.route() != null) {
            journey.route().tags().forEach(tag -> keys.add(key(TAG, tag, time, subject)));
        }
        keys.add(prefix(TIME, null) + time(time) + SEP + subject);
        journey.pendingExpiry().ifPresent(expiry ->
                keys.add(prefix(EXPIRY, null) + time(expiry.expiresAt().toEpochMilli()) + SEP + subject));
        return keys;
    }

    /** The first key of {@code criterion}'s {@code value} (null for {@link #TIME}) at {@code fromMs} or later. */
    public static String lower(char criterion, String value, long fromMs) {
        return prefix(criterion, value) + time(fromMs);
    }

    /** A key after every key of {@code criterion}'s {@code value} before {@code toMs}. */
    public static String upper(char criterion, String value, long toMs) {
        return prefix(criterion, value) + time(toMs);
    }

    /** The journey key an index key points at. */
    public static String subjectOf(String indexKey) {
        return indexKey.substring(indexKey.lastIndexOf(SEP) + 1);
    }

    /** The capture time an index key carries, epoch ms. */
    public static long timeOf(String indexKey) {
        int end = indexKey.lastIndexOf(SEP);
        return Long.parseLong(indexKey.substring(end - TIME_DIGITS, end));
    }

    private static String key(char criterion, String value, long time, String subject) {
        return prefix(criterion, value) + time(time) + SEP + subject;
    }

    private static String prefix(char criterion, String value) {
        return value == null ? criterion + String.valueOf(SEP) : criterion + String.valueOf(SEP) + normal(criterion, value) + SEP;
    }

    /** Values as indexed: no separator inside, names and tags lower-case. */
    private static String normal(char criterion, String value) {
        String clean = value.replace(SEP, ' ');
        return criterion == FILE || criterion == TAG ? clean.toLowerCase(Locale.ROOT) : clean;
    }

    private static String time(long ms) {
        long clamped = Math.max(0, Math.min(ms, 9_999_999_999_999L));
        String digits = Long.toString(clamped);
        return "0".repeat(TIME_DIGITS - digits.length()) + digits;
    }
}
