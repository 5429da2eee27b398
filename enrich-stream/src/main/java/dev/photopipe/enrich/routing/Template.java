package dev.photopipe.enrich.routing;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text with {@code {variable}} and {@code {variable:java.time pattern}} placeholders, parsed
 * and checked once when a rule is compiled so that rendering a record is a plain loop.
 *
 * <p>Variables: {@code photo_id}, {@code md5}, {@code media_type}, {@code file_name},
 * {@code source_id}, {@code camera_id}, {@code site}, {@code line}, {@code station},
 * {@code batch}, {@code attr.NAME}, {@code exif.make}, {@code exif.model},
 * {@code exif.orientation}, {@code exif.exif_orientation}, {@code exif.width},
 * {@code exif.height}, and the dates {@code capture_date} (default pattern {@code yyyy-MM-dd}),
 * {@code capture_time} (default {@code HH:mm:ss}) and {@code ingest_date}. Only dates take a
 * pattern. Braces cannot appear literally. Values are stripped of surrounding whitespace; an absent or blank value is an error, never an empty string.
 */
final class Template {
    static final Set<String> PLAIN_VARIABLES = Set.of("photo_id", "md5", "media_type", "file_name",
            "source_id", "camera_id", "site", "line", "station", "batch", "exif.make", "exif.model",
            "exif.orientation", "exif.exif_orientation", "exif.width", "exif.height");
    static final Map<String, String> DATE_VARIABLES = Map.of(
            "capture_date", "yyyy-MM-dd", "capture_time", "HH:mm:ss", "ingest_date", "yyyy-MM-dd");
    static final String ATTRIBUTE_PREFIX = "attr.";

    /** A literal run ({@code variable == null}) or a placeholder. */
    private record Part(String literal, String variable, DateTimeFormatter format) {
    }

    private final String text;
    private final List<Part> parts;

    private Template(String text, List<Part> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the first problem: unbalanced braces, an unknown
     *                                  variable, a pattern on a non-date or a bad date pattern
     */
    static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int stray = text.indexOf('}', i);
            if (stray >= 0 && (open < 0 || stray < open)) {
                throw new IllegalArgumentException("unmatched '}' at position " + stray + " in '" + text + "'");
            }
            if (open < 0) {
                parts.add(new Part(text.substring(i), null, null));
                break;
            }
            if (open > i) {
                parts.add(new Part(text.substring(i, open), null, null));
            }
            int close = text.indexOf('}', open);
            if (close < 0 || text.indexOf('{', open + 1) >= 0 && text.indexOf('{', open + 1) < close) {
                throw new IllegalArgumentException("unclosed '{' at position " + open + " in '" + text + "'");
            }
            parts.add(placeholder(text.substring(open + 1, close).trim()));
            i = close + 1;
        }
        return new Template(text, List.copyOf(parts));
    }

    private static Part placeholder(String body) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon).trim();
        String pattern = colon < 0 ? null : body.substring(colon + 1);
        if (DATE_VARIABLES.containsKey(name)) {
            String effective = pattern == null ? DATE_VARIABLES.get(name) : pattern;
            try {
                return new Part(null, name, DateTimeFormatter.ofPattern(effective));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad date pattern '" + effective + "' for {" + name + "}: "
                        + e.getMessage(), e);
            }
        }
        boolean attribute = name.startsWith(ATTRIBUTE_PREFIX) && name.length() > ATTRIBUTE_PREFIX.length();
        if (!attribute && !PLAIN_VARIABLES.contains(name)) {
            throw new IllegalArgumentException("unknown template variable {" + name + "}");
        }
        if (pattern != null) {
            throw new IllegalArgumentException("{" + name + "} is not a date and takes no pattern");
        }
        return new Part(null, name, null);
    }

    /**
     * Renders the template for one photo.
     *
     * @throws RoutingException {@code TEMPLATE_VARIABLE_MISSING} if a variable is absent or blank
     */
    String render(PhotoVariables variables) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.variable() == null) {
                out.append(part.literal());
                continue;
            }
            String value = part.format() == null
                    ? variables.value(part.variable())
                    : variables.date(part.variable(), part.format());
            if (value == null || value.isBlank()) {
                throw new RoutingException(RoutingException.Reason.TEMPLATE_VARIABLE_MISSING,
                        "template '" + text + "' needs {" + part.variable() + "}, which photo "
                                + variables.photoId() + " does not have");
            }
            // Surrounding whitespace in a value is never meant: "lot: 4711" would be another tag.
            out.append(value.strip());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
