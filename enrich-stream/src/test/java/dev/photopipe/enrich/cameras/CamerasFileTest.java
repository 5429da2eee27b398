package dev.photopipe.enrich.cameras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.enrich.reference.FileProblem;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.schemas.Camera;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamerasFileTest {
    @TempDir
    Path dir;

    @Test
    void shippedCsvExampleLoads() throws Exception {
        Map<String, Camera> cameras = CamerasFile.load(Path.of("../examples/cameras.csv"));

        Camera front = cameras.get("cam-l3-s12-front");
        assertThat(front.getLine()).isEqualTo("Line 3");
        assertThat(front.getStation()).isEqualTo("S12");
        assertThat(front.getDefaultAlbumPath()).containsExactly("Production", "Line 3", "Unsorted");
        assertThat(front.getDefaultTags()).containsExactly("site:plant-a", "line:3");
        assertThat(front.getAttributes()).containsEntry("mount", "front");
        assertThat(cameras.get("cam-lab-1").getLine()).isNull();
    }

    @Test
    void csvProblemsCarryLineNumbers() throws IOException {
        Path file = Files.writeString(dir.resolve("cameras.csv"), """
                camera_id,site,line,colour,attributes
                cam-1,Plant A,Line 3,red,mount=top
                ,Plant A,Line 3,red,
                cam-1,Plant A,Line 4,red,broken
                """);

        assertThatThrownBy(() -> CamerasFile.load(file)).isInstanceOf(InvalidFileException.class)
                .satisfies(e -> assertThat(((InvalidFileException) e).problems())
                        .extracting(FileProblem::line, FileProblem::message)
                        .contains(
                                org.assertj.core.groups.Tuple.tuple(1, "unknown column 'colour' (allowed: "
                                        + "attributes, camera_id, default_album, default_tags, line, site, station)"),
                                org.assertj.core.groups.Tuple.tuple(3, "camera_id is empty"),
                                org.assertj.core.groups.Tuple.tuple(4, "attribute 'broken' is not name=value"),
                                org.assertj.core.groups.Tuple.tuple(4, "duplicate camera id 'cam-1' (first on line 2)")));
    }

    @Test
    void yamlCamerasLoadAndReportUnknownKeys() throws IOException, InvalidFileException {
        Path good = Files.writeString(dir.resolve("cameras.yaml"), """
                cameras:
                  - id: cam-1
                    line: Line 3
                    default_album: Production/Line 3
                    default_tags: [line:3]
                    attributes: {mount: top}
                """);
        assertThat(CamerasFile.load(good).get("cam-1").getDefaultAlbumPath()).containsExactly("Production", "Line 3");

        Path bad = Files.writeString(dir.resolve("bad.yml"), """
                cameras:
                  - id: cam-1
                    lens: 25mm
                """);
        assertThatThrownBy(() -> CamerasFile.load(bad)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("bad.yml:3: unknown key 'lens'");
    }
}
