package dev.photopipe.enrich.routing;

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

    /** One pass, no regular expressions: this runs for every album level and tag of every photo. */
    private static String clean(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        boolean pendingSpace = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                // Tabs and newlines count as spaces, so words on two lines stay two words.
                pendingSpace = out.length() > 0;
                continue;
            }
            if (Character.isISOControl(c)) {
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c == '<' ? '(' : c == '>' ? ')' : c);
        }
        if (out.length() > MAX_LENGTH) {
            out.setLength(MAX_LENGTH);
            return out.toString().strip();
        }
        return out.toString();
    }
}
