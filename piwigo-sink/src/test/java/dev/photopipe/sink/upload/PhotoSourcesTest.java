package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PhotoSourcesTest {
    @Test
    void acceptsFileUrisAndPlainPaths() {
        assertThat(PhotoSources.path("file:///data/in/a%20b.jpg")).isEqualTo(Path.of("/data/in/a b.jpg"));
        assertThat(PhotoSources.path("/data/in/c.jpg")).isEqualTo(Path.of("/data/in/c.jpg"));
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> PhotoSources.path("s3://bucket/key.jpg")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3");
        assertThatThrownBy(() -> PhotoSources.path(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
