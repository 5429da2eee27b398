package dev.photopipe.sink.upload;

/**
 * A name, title or description holds characters the gallery's database cannot store (4-byte
 * UTF-8 on Piwigo's default utf8mb3 tables) and {@code piwigo.text.unstorable=reject}: the photo
 * is refused before anything is sent. Permanent: dead-letter it ({@code UNSTORABLE_TEXT}).
 */
public final class UnstorableTextException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnstorableTextException(String message) {
        super(message);
    }
}
