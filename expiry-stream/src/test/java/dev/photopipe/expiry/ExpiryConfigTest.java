package dev.photopipe.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ExpiryConfigTest {

    @Test
    void readsItsSettingsAndTheSinksPiwigoConnection() {
        ExpiryConfig config = new ExpiryConfig(Map.of(ExpiryConfig.NOTICE_BEFORE, "PT12H",
                ExpiryConfig.ARCHIVE_ALBUM, " Archive / Consent ended ", SinkConfig.PIWIGO_URL, "https://photos.example.org",
                SinkConfig.PIWIGO_USERNAME, "admin", SinkConfig.PIWIGO_PASSWORD, "secret"));

        PiwigoSettings piwigo = config.piwigoSettings();

        assertThat(config.noticeBefore()).isEqualTo(Duration.ofHours(12));
        assertThat(config.archiveAlbum()).containsExactly("Archive", "Consent ended");
        assertThat(piwigo.url().toString()).isEqualTo("https://photos.example.org/");
        assertThat(piwigo.retry().maxAttempts()).as("the next check is the retry").isEqualTo(1);
        assertThat(config.streamsProperties()).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(ExpiryConfig.CONFIG_DEF.configKeys().get(SinkConfig.PIWIGO_URL).documentation)
                .isEqualTo(SinkConfig.CONFIG_DEF.configKeys().get(SinkConfig.PIWIGO_URL).documentation);
    }

    @Test
    void aBadNoticeDurationNamesTheSettingAndTheFormat() {
        assertThatThrownBy(() -> new ExpiryConfig(Map.of(ExpiryConfig.NOTICE_BEFORE, "7 days")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(ExpiryConfig.NOTICE_BEFORE).hasMessageContaining("P7D");
    }

    @Test
    void withoutAPiwigoUrlItSaysWhatToSet() {
        ExpiryConfig config = new ExpiryConfig(Map.of());

        assertThatThrownBy(config::piwigoSettings).isInstanceOf(ConfigException.class)
                .hasMessageContaining(SinkConfig.PIWIGO_URL);
        assertThat(config.archiveAlbum()).isEqualTo(List.of("Archive", "Expired"));
    }
}
