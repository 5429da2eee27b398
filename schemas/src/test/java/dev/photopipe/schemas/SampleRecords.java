package dev.photopipe.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One realistic, fully populated instance of every record type, for round-trip tests. */
public final class SampleRecords {
    // Millisecond precision: timestamp-millis drops anything finer.
    public static final Instant CAPTURED = Instant.parse("2026-11-20T10:15:30.123Z");

    private SampleRecords() {
    }

    public static ExifSummary exif() {
        return ExifSummary.newBuilder().setMake("Basler").setModel("ace 2").setOrientation("front")
                .setExifOrientation(1).setLatitude(48.137).setLongitude(11.575).setAltitudeMeters(519.0)
                .setWidthPixels(4000).setHeightPixels(3000).build();
    }

    public static PhotoCaptured photo(String photoId) {
        return PhotoCaptured.newBuilder()
                .setPhotoId(photoId)
                .setMd5("9e107d9d372bb6826bd81d3542a419d6")
                .setSizeBytes(123_456L)
                .setMediaType("image/jpeg")
                .setSourceUri("file:///data/inbox/line3/IMG_0001.jpg")
                .setOriginalFileName("IMG_0001.jpg")
                .setCaptureTime(CAPTURED)
                .setSourceId("cam-07")
                .setSite("Munich").setLine("3").setStation("QA-2")
                .setBatchId("LOT-4711")
                .setAttributes(Map.of("shift", "night"))
                .setExif(exif())
                .setIngestTime(CAPTURED.plusSeconds(2))
                .build();
    }

    public static UploadRequest uploadRequest() {
        return UploadRequest.newBuilder().setPhoto(photo("ab12")).setAlbumPath(List.of("Production", "Line 3", "LOT-4711"))
                .setTags(List.of("lot:4711", "orientation:front")).setTitle("IMG_0001").setDescription("QA shot")
                .setPrivacyLevel(4).setRuleId("rule-1").build();
    }

    public static UploadOutcome uploadOutcome() {
        return UploadOutcome.newBuilder().setPhotoId("ab12").setStatus(UploadStatus.UPLOADED).setPiwigoImageId(42L)
                .setAlbumIds(List.of(1L, 7L)).setMd5("9e107d9d372bb6826bd81d3542a419d6").setAttempts(2)
                .setLastError("HTTP 503").setFirstAttemptTime(CAPTURED).setLastAttemptTime(CAPTURED.plusSeconds(5)).build();
    }

    public static Camera camera() {
        return Camera.newBuilder().setCameraId("cam-07").setSite("Munich").setLine("3").setStation("QA-2")
                .setDefaultAlbumPath(List.of("Unsorted", "cam-07")).setDefaultTags(List.of("camera:cam-07"))
                .setAttributes(Map.of("vendor", "Basler")).build();
    }

    public static RoutingRule routingRule() {
        return RoutingRule.newBuilder().setRuleId("rule-1").setPriority(10).setEnabled(true)
                .setMatch(RuleMatch.newBuilder().setCameraIds(List.of("cam-07")).setSites(List.of())
                        .setLines(List.of("3")).setStations(List.of()).setBatchGlobs(List.of("LOT-*"))
                        .setAttributes(Map.of()).setFileNameGlob("*.jpg").setMediaTypes(List.of("image/*")).build())
                .setAlbumPathTemplate("Production/{line}/{batch}").setTagTemplates(List.of("lot:{batch}"))
                .setTitleTemplate("{file_name}").setDescriptionTemplate(null).setPrivacyLevel(0).build();
    }

    /** One of each type written to Kafka on its own. */
    public static List<SpecificRecord> oneOfEach() {
        return List.of(photo("ab12"), uploadRequest(), uploadOutcome(), camera(), routingRule(), exif());
    }
}
