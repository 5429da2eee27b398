package dev.photopipe.sink.upload;

import java.util.ArrayList;
import java.util.List;

/**
 * What happens to characters Piwigo's default database cannot store: those outside the Basic
 * Multilingual Plane (4 bytes in UTF-8: emoji, some CJK). Piwigo's tables are utf8mb3 unless the
 * admin converted them, and such a character makes Piwigo die with a PHP fatal error (HTTP 200,
 * an HTML page, no JSON) on every attempt. Immutable, thread-safe.
 */
final class TextRule {
    enum Mode { REPLACE, REJECT, KEEP }

    private final Mode mode;
    private final String replacement;

    TextRule(Mode mode, String replacement) {
        if (replacement.codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            throw new IllegalArgumentException("the replacement must itself be storable: " + replacement);
        }
        this.mode = mode;
        this.replacement = replacement;
    }

    /** Replaces each unstorable character by U+FFFD. */
    static TextRule replacing() {
        return new TextRule(Mode.REPLACE, "\uFFFD");
    }

    /**
     * {@code text} as it will be sent; {@code null} stays {@code null}.
     *
     * @param what names the field in a refusal, e.g. "album name"
     * @throws UnstorableTextException in REJECT mode when {@code text} holds such a character
     */
    String apply(String what, String text) {
        if (text == null || mode == Mode.KEEP || text.codePoints().noneMatch(Character::isSupplementaryCodePoint)) {
            return text;
        }
        if (mode == Mode.REJECT) {
            throw new UnstorableTextException(what + " '" + text + "' holds characters outside the Basic "
                    + "Multilingual Plane (e.g. emoji), which Piwigo's default utf8mb3 database cannot store; "
                    + "set piwigo.text.unstorable=replace to have them replaced, or convert the gallery's "
                    + "tables to utf8mb4 and set keep, then replay");
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isSupplementaryCodePoint(c)) {
                out.append(replacement);
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    List<String> apply(String what, List<String> texts) {
        List<String> out = new ArrayList<>(texts.size());
        texts.forEach(t -> out.add(apply(what, t)));
        return out;
    }

    /** The request with every text the gallery stores made storable. */
    UploadRequest apply(UploadRequest r) {
        return new UploadRequest(r.md5(), r.source(), apply("file name", r.fileName()), apply("title", r.title()),
                apply("album name", r.albumPath()), apply("tag", r.tags()), apply("description", r.description()),
                r.privacyLevel());
    }
}
