package dev.photopipe.enrich.testing;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.RuleMatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for test records with sensible defaults. */
public final class Fixtures {
    public static final Instant CAPTURED = Instant.parse("2026-11-23T08:15:30Z");

    private Fixtures() {
    }

    public static PhotoCaptured.Builder photo(String photoId) {
        return PhotoCaptured.newBuilder()
                .setPhotoId(photoId)
                .setMd5("md5-" + photoId)
                .setSizeBytes(1234)
                .setMediaType("image/jpeg")
                .setSourceUri("file:///photos/" + photoId + ".jpg")
                .setOriginalFileName(photoId + ".jpg")
                .setCaptureTime(CAPTURED)
                .setSourceId("cam-1")
                .setBatchId("LOT-4711")
                .setAttributes(Map.of())
                .setExif(ExifSummary.newBuilder().setOrientation("front").build())
                .setIngestTime(CAPTURED.plusSeconds(5));
    }

    public static Camera.Builder camera(String cameraId) {
        return Camera.newBuilder().setCameraId(cameraId).setSite("Plant A").setLine("Line 3").setStation("S12")
                .setDefaultAlbumPath(List.of()).setDefaultTags(List.of()).setAttributes(Map.of());
    }

    public static RuleMatch.Builder match() {
        return RuleMatch.newBuilder().setCameraIds(List.of()).setSites(List.of()).setLines(List.of())
                .setStations(List.of()).setBatchGlobs(List.of()).setAttributes(Map.of()).setFileNameGlob(null)
                .setMediaTypes(List.of());
    }

    public static RoutingRule.Builder rule(String ruleId, int priority, String album, String... tags) {
        return RoutingRule.newBuilder().setRuleId(ruleId).setPriority(priority).setEnabled(true)
                .setMatch(match().build()).setAlbumPathTemplate(album).setTagTemplates(List.of(tags))
                .setTitleTemplate(null).setDescriptionTemplate(null).setPrivacyLevel(0);
    }
}
