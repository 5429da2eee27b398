package dev.photopipe.ingest.inspect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The photo and video formats photopipe accepts, recognised by their leading bytes. The file
 * name's extension is never trusted: cameras and users rename files, content does not lie about
 * its format.
 */
public enum MediaKind {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    HEIC("image/heic", "heic"),
    MP4("video/mp4", "mp4"),
    MOV("video/quicktime", "mov");

    /** Bytes needed to recognise every kind. */
    static final int SNIFF_BYTES = 16;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1");
    private static final Set<String> MP4_BRANDS = Set.of("isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "3gp4", "3gp5");

    private final String mediaType;
    private final String extension;

    MediaKind(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** The file extension photopipe gives stored files of this kind (Piwigo checks extensions). */
    public String extension() {
        return extension;
    }

    /** The IANA media type written into {@code PhotoCaptured.mediaType}. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * {@code name} ending in an extension of this kind, appended when it has none or another one:
     * Piwigo decides a file's type by its extension, so a JPEG posted as {@code passwd} or
     * {@code notes.exe} becomes {@code passwd.jpg} or {@code notes.exe.jpg}.
     */
    public String nameWithExtension(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        boolean fits = lower.endsWith("." + extension) || (this == JPEG && (lower.endsWith(".jpeg") || lower.endsWith(".jpe")));
        return fits ? name : name + "." + extension;
    }

    public boolean isVideo() {
        return this == MP4 || this == MOV;
    }

    /** Recognises a format from the first bytes of a file; empty when photopipe does not take it. */
    static Optional<MediaKind> sniff(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (length >= PNG_SIGNATURE.length && Arrays.equals(head, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return Optional.of(PNG);
        }
        if (length >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WEBP")) {
            return Optional.of(WEBP);
        }
        // ISO base media files (HEIC, MP4, MOV) start with an 'ftyp' box naming the major brand.
        if (length >= 12 && ascii(head, 4, 4).equals("ftyp")) {
            String brand = ascii(head, 8, 4);
            if (HEIC_BRANDS.contains(brand)) {
                return Optional.of(HEIC);
            }
            if (brand.equals("qt  ")) {
                return Optional.of(MOV);
            }
            if (MP4_BRANDS.contains(brand)) {
                return Optional.of(MP4);
            }
        }
        return Optional.empty();
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
