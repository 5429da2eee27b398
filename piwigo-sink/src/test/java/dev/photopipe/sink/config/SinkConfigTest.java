package dev.photopipe.sink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkConfigTest {
    private static final String SECRET = "s3cret-never-printed";

    private static Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>();
        m.put(SinkConfig.PIWIGO_URL, "http://127.0.0.1/piwigo/");
        return m;
    }

    @Test
    void requiresApiKeyOrUserWithPassword() {
        assertThatThrownBy(() -> new SinkConfig(base())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.PIWIGO_API_KEY).hasMessageContaining(SinkConfig.PIWIGO_USERNAME);
        Map<String, Object> userOnly = base();
        userOnly.put(SinkConfig.PIWIGO_USERNAME, "admin");
        assertThatThrownBy(() -> new SinkConfig(userOnly)).isInstanceOf(ConfigException.class);
    }

    @Test
    void requiresTheUrlOfTheGallery() {
        Map<String, Object> noUrl = new HashMap<>();
        noUrl.put(SinkConfig.PIWIGO_API_KEY, "pkid-1:2");
        assertThatThrownBy(() -> new SinkConfig(noUrl)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Set " + SinkConfig.PIWIGO_URL);
    }

    @Test
    void acceptsUserAndPasswordAndHidesThePassword() {
        Map<String, Object> m = base();
        m.put(SinkConfig.PIWIGO_USERNAME, "admin");
        m.put(SinkConfig.PIWIGO_PASSWORD, SECRET);
        SinkConfig config = new SinkConfig(m);
        assertThat(config.password()).get().extracting(p -> p.value()).isEqualTo(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.values().toString()).doesNotContain(SECRET);
    }

    @Test
    void readsTheApiKeyFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("key"), "pkid-20261123-x:" + SECRET + "\n");
        Map<String, Object> m = base();
        m.put(SinkConfig.PIWIGO_API_KEY_FILE, file.toString());
        SinkConfig config = new SinkConfig(m);
        assertThat(config.apiKey()).get().extracting(p -> p.value()).isEqualTo("pkid-20261123-x:" + SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void hasDocumentedDefaults() {
        Map<String, Object> m = base();
        m.put(SinkConfig.PIWIGO_API_KEY, "pkid-1:2");
        SinkConfig config = new SinkConfig(m);
        assertThat(config.uploadMaxInFlight()).isEqualTo(4);
        assertThat(config.chunkSizeBytes()).isZero();
        assertThat(config.requestTimeout()).hasSeconds(60);
        assertThat(SinkConfig.CONFIG_DEF.configKeys().values())
                .allSatisfy(key -> assertThat(key.documentation).isNotBlank());
    }

    @Test
    void rejectsOutOfRangeValues() {
        Map<String, Object> m = base();
        m.put(SinkConfig.PIWIGO_API_KEY, "pkid-1:2");
        m.put(SinkConfig.UPLOAD_MAX_IN_FLIGHT, 0);
        assertThatThrownBy(() -> new SinkConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.UPLOAD_MAX_IN_FLIGHT);
    }

    @Test
    void inFlightIsANumberOrAutoUpToItsCap() {
        Map<String, Object> m = base();
        m.put(SinkConfig.PIWIGO_API_KEY, "pkid-1:2");
        m.put(SinkConfig.UPLOAD_MAX_IN_FLIGHT, "auto");
        m.put(SinkConfig.UPLOAD_MAX_IN_FLIGHT_CAP, "7");
        SinkConfig auto = new SinkConfig(m);
        assertThat(auto.uploadInFlightAuto()).isTrue();
        assertThat(auto.uploadMaxInFlight()).isEqualTo(7);

        m.put(SinkConfig.UPLOAD_MAX_IN_FLIGHT, " 3 ");
        SinkConfig fixed = new SinkConfig(m);
        assertThat(fixed.uploadInFlightAuto()).isFalse();
        assertThat(fixed.uploadMaxInFlight()).isEqualTo(3);

        m.put(SinkConfig.UPLOAD_MAX_IN_FLIGHT, "many");
        assertThatThrownBy(() -> new SinkConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.UPLOAD_MAX_IN_FLIGHT).hasMessageContaining("'auto' or a whole number");
    }
}
