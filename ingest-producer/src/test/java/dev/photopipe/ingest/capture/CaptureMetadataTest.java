package dev.photopipe.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.InspectionException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureMetadataTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSidecarNextToThePhoto() throws Exception {
        Path photo = dir.resolve("part-0001.jpg");
        write("part-0001.jpg.json", """
                {"lot": "LOT-4711", "station": "S12", "orientation": "front",
                 "captureTime": "2026-11-23T08:15:30Z", "shift": "B", "attributes": {"part": "housing"}}
                """);

        CaptureMetadata metadata = CaptureMetadata.readSidecar(photo);

        assertThat(metadata.batch()).contains("LOT-4711");
        assertThat(metadata.station()).contains("S12");
        assertThat(metadata.orientation()).contains("front");
        assertThat(metadata.captureTime()).contains(Instant.parse("2026-11-23T08:15:30Z"));
        assertThat(metadata.attributes()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("part", "housing", "shift", "B"));
    }

    @Test
    void findsASidecarNamedWithoutThePhotoExtension() throws Exception {
        write("part-0002.json", "{\"batch\": \"LOT-1\"}");
        assertThat(CaptureMetadata.readSidecar(dir.resolve("part-0002.jpg")).batch()).contains("LOT-1");
    }

    @Test
    void aPhotoWithoutSidecarHasNoMetadata() throws Exception {
        assertThat(CaptureMetadata.readSidecar(dir.resolve("alone.jpg"))).isEqualTo(CaptureMetadata.NONE);
    }

    @Test
    void aSidecarThatIsNotJsonIsReportedWithItsFileName() throws Exception {
        write("bad.jpg.json", "lot=4711");
        assertThatThrownBy(() -> CaptureMetadata.readSidecar(dir.resolve("bad.jpg")))
                .isInstanceOfSatisfying(InspectionException.class, e -> assertThat(e.problem()).isEqualTo(Problem.SIDECAR_INVALID))
                .hasMessageContaining("bad.jpg.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void aFieldOfTheWrongShapeIsNamed() throws Exception {
        write("shape.jpg.json", "{\"captureTime\": \"yesterday\"}");
        assertThatThrownBy(() -> CaptureMetadata.readSidecar(dir.resolve("shape.jpg")))
                .isInstanceOf(InspectionException.class)
                .hasMessageContaining("captureTime").hasMessageContaining("yesterday");
        write("list.jpg.json", "[1, 2]");
        assertThatThrownBy(() -> CaptureMetadata.readSidecar(dir.resolve("list.jpg")))
                .isInstanceOf(InspectionException.class).hasMessageContaining("one JSON object");
    }

    private void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
