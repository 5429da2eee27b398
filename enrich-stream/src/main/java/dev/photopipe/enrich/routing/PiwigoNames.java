package dev.photopipe.enrich.routing;

import java.util.regex.Pattern;

/**
 * Makes album names and tags safe for Piwigo. Piwigo stores names as given but its web pages and
 * API treat some characters specially, so a value from a photo could otherwise change the album
 * tree or show up mangled:
 * <ul>
 *   <li>{@code /} and {@code \} would read as a path separator in our album paths, so they become
 *       {@code -} (a batch {@code A/B} stays one album, {@code A-B});</li>
 *   <li>{@code <} and {@code >} are HTML-escaped by Piwigo and shown as entities, so they become
 *       {@code (} and {@code )};</li>
 *   <li>control characters (including tabs and newlines) are removed;</li>
 *   <li>runs of whitespace become one space; leading and trailing whitespace are trimmed
 *       (Piwigo trims, which would otherwise create a second, "different" album);</li>
 *   <li>names are cut to 255 characters, Piwigo's column size;</li>
 *   <li>in tags a {@code ,} becomes {@code ;}, since Piwigo splits tag lists on commas.</li>
 * </ul>
 */
final class PiwigoNames {
    static final int MAX_LENGTH = 255;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private PiwigoNames() {
    }

    /** A sanitised album name; may be empty, which the caller must reject. */
    static String albumName(String raw) {
        return clean(raw.replace('/', '-').replace('\\', '-'));
    }

    /** A sanitised tag; may be empty, which the caller drops. */
    static String tag(String raw) {
        return clean(raw.replace(',', ';'));
    }

    private static String clean(String raw) {
        String text = raw.replace('<', '(').replace('>', ')');
        // Control characters that are whitespace (tab, newline) become spaces first, so words
        // on two lines stay two words.
        text = SPACES.matcher(text).replaceAll(" ");
        text = CONTROL.matcher(text).replaceAll("").strip();
        return text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH).strip() : text;
    }
}
