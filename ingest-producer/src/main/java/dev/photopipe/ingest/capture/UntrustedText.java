package dev.photopipe.ingest.capture;

/**
 * Text that came from outside (file names, sidecars, HTTP metadata, EXIF strings) made safe for
 * Piwigo fields, log lines and terminals: control characters (newlines that would forge a log
 * line or a second header, escape sequences a terminal obeys), Unicode line separators and bidi
 * overrides (which make {@code gpj.exe} read as {@code exe.jpg}) become U+FFFD. Everything else,
 * accents and emoji included, stays. Applied once, where input becomes an event
 * ({@link CaptureEvents}) or a refusal. Stateless and thread-safe.
 */
public final class UntrustedText {
    /** What replaces each unsafe character: visible, and never mistaken for the original. */
    public static final char REPLACEMENT = '\uFFFD';
    /** Longest base name kept: Piwigo's {@code file} column holds 255 characters. */
    static final int MAX_NAME_LENGTH = 200;

    private UntrustedText() {
    }

    /** {@code text} with every unsafe character replaced; null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder cleaned = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (cleaned == null) {
                    cleaned = new StringBuilder(text.length()).append(text, 0, i);
                }
                cleaned.append(REPLACEMENT);
            } else if (cleaned != null) {
                cleaned.append(c);
            }
        }
        return cleaned == null ? text : cleaned.toString();
    }

    /**
     * The last path segment of a name a client sent ({@code ../../etc/passwd} gives {@code passwd},
     * {@code C:\photos\a.jpg} gives {@code a.jpg}), cleaned and shortened to
     * {@value #MAX_NAME_LENGTH} characters keeping its extension; {@code fallback} when nothing
     * usable remains ({@code ..}, empty, only separators).
     */
    public static String baseName(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            return fallback;
        }
        base = clean(base);
        if (base.length() > MAX_NAME_LENGTH) {
            int dot = base.lastIndexOf('.');
            String extension = dot > 0 && base.length() - dot <= 10 ? base.substring(dot) : "";
            base = base.substring(0, MAX_NAME_LENGTH - extension.length()) + extension;
        }
        return base;
    }

    private static boolean isUnsafe(char c) {
        return Character.isISOControl(c)
                || c == '\u2028' || c == '\u2029' // line and paragraph separators
                || (c >= '\u202A' && c <= '\u202E') // bidi embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069') // bidi isolates
                || c == '\u200E' || c == '\u200F' || c == '\u061C'; // bidi marks
    }
}
