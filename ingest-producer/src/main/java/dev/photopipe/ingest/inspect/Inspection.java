package dev.photopipe.ingest.inspect;

import dev.photopipe.schemas.ExifSummary;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one read of a photo file established.
 *
 * @param sha256Hex lower-case hex SHA-256 of the bytes: the photo id
 * @param md5Hex lower-case hex MD5 of the bytes: how Piwigo recognises the image
 * @param sizeBytes bytes read
 * @param kind the format found in the content
 * @param exif what the EXIF block says, with values that were implausible left out
 * @param exifCaptureTime the EXIF original date, if present and plausible
 * @param warnings what was read but not believed (an EXIF date in the future, GPS out of range)
 */
public record Inspection(
        String sha256Hex,
        String md5Hex,
        long sizeBytes,
        MediaKind kind,
        Optional<ExifSummary> exif,
        Optional<Instant> exifCaptureTime,
        List<String> warnings) {

    public Inspection {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        Objects.requireNonNull(md5Hex, "md5Hex");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(exif, "exif");
        Objects.requireNonNull(exifCaptureTime, "exifCaptureTime");
        warnings = List.copyOf(warnings);
    }
}
