package dev.photopipe.sink.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.config.SinkConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiwigoSinkTaskTest {
    @TempDir
    Path tmp;

    @Test
    void failsAtStartWithTheSettingToCheckWhenPiwigoRefusesTheCredentials() {
        try (PiwigoEmulator piwigo = PiwigoEmulator.builder()
                .apiKey(PiwigoEmulator.DEFAULT_API_KEY.replaceAll(":.*", ":" + "0".repeat(40))).start()) {
            PiwigoSinkTask task = new PiwigoSinkTask();
            assertThatThrownBy(() -> task.start(Map.of(SinkConfig.PIWIGO_URL, piwigo.url().toString(),
                    SinkConfig.PIWIGO_API_KEY, PiwigoEmulator.DEFAULT_API_KEY,
                    SinkConfig.SINK_STATE_DIR, tmp.toString())))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("refused photopipe's credentials").hasMessageContaining("piwigo.api.key");
        }
    }

    @Test
    void startsWhilePiwigoIsDownAndReportsItsVersionFromTheBuild() {
        PiwigoSinkTask task = new PiwigoSinkTask();
        task.start(Map.of(SinkConfig.PIWIGO_URL, "http://127.0.0.1:9/", SinkConfig.PIWIGO_API_KEY, "pkid-1:2",
                SinkConfig.SINK_STATE_DIR, tmp.toString()));
        task.stop();
        assertThat(task.version()).isNotBlank().doesNotContain("${");
    }
}
