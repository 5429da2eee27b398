package dev.photopipe.ingest.capture;

import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.PhotoCaptured;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Assembles {@link PhotoCaptured} events from what each source of truth says, with one
 * precedence everywhere: metadata given with the capture (sidecar or HTTP) beats folder
 * variables, which beat the camera's EXIF, which beats the file's own time.
 *
 * <p>The one event builder of every entry point (hot folder, bulk import, HTTP multipart and
 * JSON captures), and so the one place where what a caller sent becomes fields: identity (photo
 * id, MD5, size, media type) comes from the {@link Inspection} of the bytes only, never from the
 * caller; every text field is cleaned by {@link UntrustedText}, the file name reduced to a safe
 * base name. Thread-safe.
 */
public final class CaptureEvents {
    /** Folder variables with a field of their own; every other variable becomes an attribute. */
    private static final Set<String> FIELD_VARIABLES = Set.of("site", "line", "station", "camera", "batch", "lot");

    private final Clock clock;

    public CaptureEvents(Clock clock) {
        this.clock = clock;
    }

    /**
     * Builds the event for one stored photo.
     *
     * @param source where the sink will read the bytes: the real path photopipe checked and hashed
     * @param fileName the name the photo had when it was captured, as the caller gave it (reduced
     *     to a safe base name ending in its type's extension here; null: "photo" with that extension)
     * @param inspection hashes, format and EXIF of the bytes
     * @param given metadata from the sidecar or the HTTP request
     * @param folderVariables what the path pattern read from the photo's folders
     * @param defaultSourceId the source id when neither the metadata nor the folders name a camera
     * @param fileTime the file's modification time, the capture time of last resort
     */
    public PhotoCaptured build(URI source, String fileName, Inspection inspection, CaptureMetadata given,
            Map<String, String> folderVariables, String defaultSourceId, Instant fileTime) {
        Map<String, String> attributes = new LinkedHashMap<>();
        folderVariables.forEach((name, value) -> {
            if (!FIELD_VARIABLES.contains(name)) {
                attributes.put(clean(name), clean(value));
            }
        });
        given.attributes().forEach((name, value) -> attributes.put(clean(name), clean(value)));
        Instant captureTime = given.captureTime().or(inspection::exifCaptureTime).orElse(fileTime);
        return PhotoCaptured.newBuilder()
                .setPhotoId(inspection.sha256Hex())
                .setMd5(inspection.md5Hex())
                .setSizeBytes(inspection.sizeBytes())
                .setMediaType(inspection.kind().mediaType())
                .setSourceUri(source.toString())
                .setOriginalFileName(inspection.kind().nameWithExtension(UntrustedText.baseName(fileName, "photo")))
                .setCaptureTime(captureTime)
                .setSourceId(clean(given.camera().or(() -> folder(folderVariables, "camera")).orElse(defaultSourceId)))
                .setSite(clean(given.site().or(() -> folder(folderVariables, "site")).orElse(null)))
                .setLine(clean(given.line().or(() -> folder(folderVariables, "line")).orElse(null)))
                .setStation(clean(given.station().or(() -> folder(folderVariables, "station")).orElse(null)))
                .setBatchId(clean(given.batch().or(() -> folder(folderVariables, "batch"))
                        .or(() -> folder(folderVariables, "lot")).orElse(null)))
                .setAttributes(attributes)
                .setExif(exif(inspection.exif(), given.orientation()))
                .setIngestTime(clock.instant())
                .build();
    }

    private static String clean(String text) {
        return UntrustedText.clean(text);
    }

    private static Optional<String> folder(Map<String, String> variables, String name) {
        return Optional.ofNullable(variables.get(name));
    }

    private static ExifSummary exif(Optional<ExifSummary> read, Optional<String> orientation) {
        if (read.isEmpty() && orientation.isEmpty()) {
            return null;
        }
        ExifSummary.Builder builder = read.map(ExifSummary::newBuilder).orElseGet(ExifSummary::newBuilder);
        orientation.ifPresent(builder::setOrientation);
        // Strings the camera (or whoever edited the file) wrote: as untrusted as a sidecar.
        return builder.setMake(clean(builder.getMake())).setModel(clean(builder.getModel()))
                .setOrientation(clean(builder.getOrientation())).build();
    }
}
