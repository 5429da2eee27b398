package dev.photopipe.enrich.routing;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.PhotoCaptured;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The values rules see for one photo. Event fields win; the camera fills gaps (site, line,
 * station, attributes), because the ingest side knows better about a single photo than reference
 * data does about the camera in general.
 */
final class PhotoVariables {
    private final PhotoCaptured photo;
    private final Camera camera;
    private final ZoneId zone;
    // Resolved once: every rule asks for them, and a photo is matched against many rules.
    private final String site;
    private final String line;
    private final String station;
    private final String batch;

    PhotoVariables(PhotoCaptured photo, Camera camera, ZoneId zone) {
        this.photo = photo;
        this.camera = camera;
        this.zone = zone;
        this.site = firstNonBlank(photo.getSite(), camera == null ? null : camera.getSite());
        this.line = firstNonBlank(photo.getLine(), camera == null ? null : camera.getLine());
        this.station = firstNonBlank(photo.getStation(), camera == null ? null : camera.getStation());
        this.batch = blankToNull(photo.getBatchId());
    }

    String photoId() {
        return photo.getPhotoId();
    }

    Instant captureTime() {
        return photo.getCaptureTime();
    }

    ZoneId zone() {
        return zone;
    }

    String site() {
        return site;
    }

    String line() {
        return line;
    }

    String station() {
        return station;
    }

    String batch() {
        return batch;
    }

    String attribute(String name) {
        String own = attribute(photo.getAttributes(), name);
        return own != null ? own : camera == null ? null : attribute(camera.getAttributes(), name);
    }

    /** The value of a non-date variable, or {@code null}. */
    String value(String name) {
        if (name.startsWith(Template.ATTRIBUTE_PREFIX)) {
            return attribute(name.substring(Template.ATTRIBUTE_PREFIX.length()));
        }
        ExifSummary exif = photo.getExif();
        return switch (name) {
            case "photo_id" -> photo.getPhotoId();
            case "md5" -> photo.getMd5();
            case "media_type" -> photo.getMediaType();
            case "file_name" -> photo.getOriginalFileName();
            case "source_id", "camera_id" -> photo.getSourceId();
            case "site" -> site();
            case "line" -> line();
            case "station" -> station();
            case "batch" -> batch();
            case "exif.make" -> exif == null ? null : exif.getMake();
            case "exif.model" -> exif == null ? null : exif.getModel();
            case "exif.orientation" -> exif == null ? null : exif.getOrientation();
            case "exif.exif_orientation" -> exif == null ? null : string(exif.getExifOrientation());
            case "exif.width" -> exif == null ? null : string(exif.getWidthPixels());
            case "exif.height" -> exif == null ? null : string(exif.getHeightPixels());
            default -> throw new IllegalStateException("unknown variable " + name);
        };
    }

    /** A date variable formatted in the configured zone, or {@code null}. */
    String date(String name, DateTimeFormatter format) {
        Instant instant = switch (name) {
            case "capture_date", "capture_time" -> photo.getCaptureTime();
            case "ingest_date" -> photo.getIngestTime();
            default -> throw new IllegalStateException("unknown date variable " + name);
        };
        return instant == null ? null : format.format(instant.atZone(zone));
    }

    private static String attribute(Map<String, String> attributes, String name) {
        return attributes == null ? null : blankToNull(attributes.get(name));
    }

    private static String string(Integer value) {
        return value == null ? null : value.toString();
    }

    private static String firstNonBlank(String first, String second) {
        String own = blankToNull(first);
        return own != null ? own : blankToNull(second);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
