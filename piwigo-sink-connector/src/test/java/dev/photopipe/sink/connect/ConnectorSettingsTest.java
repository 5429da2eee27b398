package dev.photopipe.sink.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.sink.config.SinkConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorSettingsTest {
    @Test
    void declaresTheSinksOwnSettingsExceptThoseConnectOwns() {
        assertThat(ConnectorSettings.CONFIG_DEF.names())
                .containsAll(SinkConfig.CONFIG_DEF.names().stream()
                        .filter(name -> !ConnectorSettings.NOT_UNDER_CONNECT.containsKey(name)).toList())
                .doesNotContain(SinkConfig.SINK_GROUP_ID, SinkConfig.SINK_STALL_TIMEOUT_MS);
        assertThat(ConnectorSettings.CONFIG_DEF.configKeys().get(SinkConfig.PIWIGO_API_KEY))
                .isSameAs(SinkConfig.CONFIG_DEF.configKeys().get(SinkConfig.PIWIGO_API_KEY));
    }

    @Test
    void givesEachTaskItsOwnLedgerStoreAndSpoolUnderTheirDirectories() {
        List<Map<String, String>> tasks = ConnectorSettings.taskConfigs(Map.of("name", "gallery/../line 1",
                SinkConfig.SINK_STATE_DIR, "/var/lib/photopipe", SinkConfig.SINK_SPOOL_DIR, "/spool",
                "piwigo.url", "http://piwigo/"), 2);

        assertThat(tasks).extracting(t -> Path.of(t.get(SinkConfig.SINK_STATE_DIR)))
                .containsExactly(Path.of("/var/lib/photopipe/gallery____line_1/task-0"),
                        Path.of("/var/lib/photopipe/gallery____line_1/task-1"));
        assertThat(tasks).extracting(t -> Path.of(t.get(SinkConfig.SINK_SPOOL_DIR)))
                .containsExactly(Path.of("/spool/gallery____line_1/task-0"), Path.of("/spool/gallery____line_1/task-1"));
        assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("piwigo.url", "http://piwigo/"));
    }

    @Test
    void toleratesFailedRecordsOnlyWhenConnectIsToldTo() {
        assertThat(ConnectorSettings.toleratesAll(Map.of("errors.tolerance", "all"))).isTrue();
        assertThat(ConnectorSettings.toleratesAll(Map.of("errors.tolerance", "none"))).isFalse();
        assertThat(ConnectorSettings.toleratesAll(Map.of())).isFalse();
    }
}
