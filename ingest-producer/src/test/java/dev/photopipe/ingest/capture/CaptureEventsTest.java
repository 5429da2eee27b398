package dev.photopipe.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.MediaKind;
import dev.photopipe.schemas.ExifSummary;
import dev.photopipe.schemas.PhotoCaptured;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant EXIF_TIME = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant FILE_TIME = Instant.parse("2026-11-23T09:00:00Z");
    private final CaptureEvents events = new CaptureEvents(Clock.fixed(NOW, ZoneOffset.UTC));
    private final Inspection inspection = new Inspection("ab".repeat(32), "cd".repeat(16), 1234, MediaKind.JPEG,
            Optional.of(ExifSummary.newBuilder().setMake("Basler").setExifOrientation(1).build()),
            Optional.of(EXIF_TIME), List.of());

    @Test
    void metadataBeatsFoldersWhichBeatTheDefault() {
        CaptureMetadata given = new CaptureMetadata(Optional.of("LOT-4711"), Optional.empty(), Optional.of("line-9"),
                Optional.empty(), Optional.empty(), Optional.of("front"), Optional.empty(), Map.of("part", "housing"));

        PhotoCaptured event = events.build(URI.create("file:///photos/a.jpg"), "a.jpg", inspection, given,
                Map.of("site", "plant-1", "line", "line-3", "camera", "cam-07", "shift", "B"), "hotfolder", FILE_TIME);

        assertThat(event.getPhotoId()).isEqualTo(inspection.sha256Hex());
        assertThat(event.getMd5()).isEqualTo(inspection.md5Hex());
        assertThat(event.getMediaType()).isEqualTo("image/jpeg");
        assertThat(event.getSourceUri()).isEqualTo("file:///photos/a.jpg");
        assertThat(event.getSourceId()).isEqualTo("cam-07");
        assertThat(event.getSite()).isEqualTo("plant-1");
        assertThat(event.getLine()).isEqualTo("line-9");
        assertThat(event.getBatchId()).isEqualTo("LOT-4711");
        assertThat(event.getAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of("shift", "B", "part", "housing"));
        assertThat(event.getExif().getOrientation()).isEqualTo("front");
        assertThat(event.getExif().getMake()).isEqualTo("Basler");
        assertThat(event.getCaptureTime()).isEqualTo(EXIF_TIME);
        assertThat(event.getIngestTime()).isEqualTo(NOW);
    }

    @Test
    void captureTimeFallsBackFromMetadataToExifToTheFile() {
        Instant given = Instant.parse("2026-11-23T07:00:00Z");
        CaptureMetadata withTime = new CaptureMetadata(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(given), Map.of());
        Inspection noExif = new Inspection("ab".repeat(32), "cd".repeat(16), 1, MediaKind.PNG,
                Optional.empty(), Optional.empty(), List.of());
        URI uri = URI.create("file:///x.png");

        assertThat(events.build(uri, "x", inspection, withTime, Map.of(), "d", FILE_TIME).getCaptureTime()).isEqualTo(given);
        assertThat(events.build(uri, "x", inspection, CaptureMetadata.NONE, Map.of(), "d", FILE_TIME).getCaptureTime()).isEqualTo(EXIF_TIME);
        PhotoCaptured bare = events.build(uri, "x", noExif, CaptureMetadata.NONE, Map.of(), "d", FILE_TIME);
        assertThat(bare.getCaptureTime()).isEqualTo(FILE_TIME);
        assertThat(bare.getSourceId()).isEqualTo("d");
        assertThat(bare.getExif()).isNull();
    }
}
