package dev.photopipe.ingest.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {

    @Test
    void capturesFolderVariablesAtAnyDepthBelow() {
        PathPattern pattern = PathPattern.parse("{site}/{line}/{camera}/**");
        assertThat(pattern.match(Path.of("plant-1/line-3/cam-07/2026/11")))
                .contains(Map.of("site", "plant-1", "line", "line-3", "camera", "cam-07"));
        assertThat(pattern.match(Path.of("plant-1/line-3/cam-07"))).isPresent();
    }

    @Test
    void foldersThatDoNotFitGiveNoMatch() {
        PathPattern exact = PathPattern.parse("incoming/{camera}");
        assertThat(exact.match(Path.of("incoming/cam-1"))).contains(Map.of("camera", "cam-1"));
        assertThat(exact.match(Path.of("incoming"))).isEmpty();
        assertThat(exact.match(Path.of("incoming/cam-1/extra"))).isEmpty();
        assertThat(exact.match(Path.of("rejected/cam-1"))).isEmpty();
        assertThat(PathPattern.parse("*/{camera}").match(Path.of("anything/cam-2"))).contains(Map.of("camera", "cam-2"));
    }

    @Test
    void anEmptyPatternTakesEveryFolderWithoutVariables() {
        assertThat(PathPattern.parse("").match(Path.of("a/b/c"))).contains(Map.of());
        assertThat(PathPattern.parse(null).match(Path.of(""))).contains(Map.of());
    }

    @Test
    void badPatternsNameTheSegment() {
        assertThatThrownBy(() -> PathPattern.parse("**/{camera}")).hasMessageContaining("'**' may only be the last");
        assertThatThrownBy(() -> PathPattern.parse("{site/x")).hasMessageContaining("segment '{site'");
        assertThatThrownBy(() -> PathPattern.parse("cam*/x")).hasMessageContaining("segment 'cam*'");
    }
}
