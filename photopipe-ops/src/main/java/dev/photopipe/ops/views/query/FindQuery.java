package dev.photopipe.ops.views.query;

import dev.photopipe.ops.InstantArgument;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code photopipe find} and the status page's search ask for: every criterion given must
 * hold (batch AND file name AND ...). At least one is required, so nobody lists a million photos
 * by forgetting a flag. Immutable.
 *
 * @param batch    batch (lot) id, exact
 * @param photo    photo id, or its first 8 or more hex digits (as tables show it)
 * @param fileName the file name the camera gave the photo, any case
 * @param tag      a tag routed to the photo, any case, e.g. {@code lot:4711}
 * @param camera   the camera (source id), exact
 * @param from     earliest capture time, inclusive, or null
 * @param to       latest capture time, exclusive, or null
 * @param limit    most photos to return, oldest first
 */
public record FindQuery(String batch, String photo, String fileName, String tag, String camera, Instant from,
                        Instant to, int limit) {
    public static final int DEFAULT_LIMIT = 10_000;
    public static final int MAX_LIMIT = 100_000;
    /** Shortest photo id prefix accepted: shorter ones match too many photos to be meant. */
    public static final int MIN_PHOTO_PREFIX = 8;

    /** The parameter names, as the HTTP API and the page use them. */
    public static final String BATCH = "batch";
    public static final String PHOTO = "photo";
    public static final String FILE = "file";
    public static final String TAG = "tag";
    public static final String CAMERA = "camera";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String LIMIT = "limit";
    /** The status page's one search box: a lot, a photo id or a file name. */
    public static final String ANY = "q";

    /** A problem with the criteria; the message lists each one with its fix. */
    public static final class InvalidQueryException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidQueryException(List<String> problems) {
            super(String.join("\n", problems));
        }
    }

    /**
     * The query named by HTTP parameters, every problem reported at once.
     *
     * @throws InvalidQueryException naming each bad parameter and how to fix it
     */
    public static FindQuery parse(Map<String, String> parameters) {
        return parse(parameters, false);
    }

    /**
     * As {@link #parse(Map)}; with {@code flags}, problems name the command's flags ({@code --batch})
     * rather than HTTP parameters, the names being the same.
     */
    public static FindQuery parse(Map<String, String> parameters, boolean flags) {
        String dashes = flags ? "--" : "";
        List<String> problems = new ArrayList<>();
        String batch = text(parameters, BATCH, dashes, problems);
        String photo = text(parameters, PHOTO, dashes, problems);
        String file = text(parameters, FILE, dashes, problems);
        String tag = text(parameters, TAG, dashes, problems);
        String camera = text(parameters, CAMERA, dashes, problems);
        Instant from = instant(parameters, FROM, dashes, problems);
        Instant to = instant(parameters, TO, dashes, problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add(dashes + FROM + " " + from + " is not before " + dashes + TO + " " + to
                    + ": give a range whose start comes first");
        }
        if (photo != null) {
            photo = photo.toLowerCase(Locale.ROOT);
            if (photo.length() < MIN_PHOTO_PREFIX || !photo.matches("[0-9a-f]+")) {
                problems.add(dashes + PHOTO + " " + photo + " is not a photo id: give the hex id, or at least its first "
                        + MIN_PHOTO_PREFIX + " digits");
            }
        }
        int limit = DEFAULT_LIMIT;
        if (parameters.get(LIMIT) != null) {
            try {
                limit = Integer.parseInt(parameters.get(LIMIT).trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                problems.add(dashes + LIMIT + " " + parameters.get(LIMIT) + " must be a number from 1 to " + MAX_LIMIT);
            }
        }
        if (batch == null && photo == null && file == null && tag == null && camera == null && from == null
                && to == null) {
            problems.add("No criterion: give a batch, photo id, file name, tag, camera or time range, e.g. "
                    + dashes + BATCH + (flags ? " " : "=") + "LOT-4711");
        }
        if (!problems.isEmpty()) {
            throw new InvalidQueryException(problems);
        }
        return new FindQuery(batch, photo, file, tag, camera, from, to, limit);
    }

    /**
     * The status page's search box: {@code text} is a photo id (or its prefix) when it looks like
     * one, else a batch or a file name, whichever finds something (batch first).
     */
    public static List<FindQuery> guesses(String text, int limit) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new InvalidQueryException(List.of("Empty search: type a lot, a photo id or a file name"));
        }
        List<FindQuery> guesses = new ArrayList<>();
        if (trimmed.length() >= MIN_PHOTO_PREFIX && trimmed.toLowerCase(Locale.ROOT).matches("[0-9a-f]+")) {
            guesses.add(new FindQuery(null, trimmed.toLowerCase(Locale.ROOT), null, null, null, null, null, limit));
        }
        guesses.add(new FindQuery(trimmed, null, null, null, null, null, null, limit));
        guesses.add(new FindQuery(null, null, trimmed, null, null, null, null, limit));
        return guesses;
    }

    /** The query as HTTP parameters, the inverse of {@link #parse}. */
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, BATCH, batch);
        put(parameters, PHOTO, photo);
        put(parameters, FILE, fileName);
        put(parameters, TAG, tag);
        put(parameters, CAMERA, camera);
        put(parameters, FROM, from == null ? null : from.toString());
        put(parameters, TO, to == null ? null : to.toString());
        parameters.put(LIMIT, Integer.toString(limit));
        return parameters;
    }

    /** {@link #parameters()} as a URL query string, without the {@code ?}. */
    public String queryString() {
        return parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The criteria as a phrase, e.g. {@code batch LOT-4711, camera cam-1}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parameters().forEach((name, value) -> {
            if (!name.equals(LIMIT)) {
                parts.add(name + " " + value);
            }
        });
        return String.join(", ", parts);
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }

    private static String text(Map<String, String> parameters, String name, String dashes, List<String> problems) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            problems.add(dashes + name + " is empty: leave it out, or give a value");
            return null;
        }
        return value.strip();
    }

    private static Instant instant(Map<String, String> parameters, String name, String dashes, List<String> problems) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return InstantArgument.parse(dashes + name, value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
