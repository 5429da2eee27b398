package dev.photopipe.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.hotfolder.AfterPublish;
import dev.photopipe.ingest.hotfolder.Checkpoint;
import dev.photopipe.ingest.hotfolder.TestIngestors;
import dev.photopipe.ingest.hotfolder.HotFolderSettings;
import dev.photopipe.ingest.hotfolder.HotFolderWatcher;
import dev.photopipe.ingest.publish.RecordingPublisher;
import dev.photopipe.schemas.PhotoCaptured;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraSimulatorTest {
    @TempDir
    Path hotFolder;
    @TempDir
    Path state;

    @Test
    void writesPhotosTheHotFolderTakesWithLotsThatRollOver() throws Exception {
        SimulatorSettings settings = new SimulatorSettings(hotFolder, 4, 2, 10_000, Duration.ZERO, 20, 4, 64, "plant-1");

        CameraSimulator.Report report = new CameraSimulator(settings, Clock.systemUTC()).run();

        RecordingPublisher publisher = new RecordingPublisher();
        try (Checkpoint checkpoint = Checkpoint.open(state.resolve("checkpoint"))) {
            HotFolderSettings watch = new HotFolderSettings(List.of(hotFolder), PathPattern.parse("{site}/{line}/{camera}/**"),
                    Duration.ZERO, Duration.ofSeconds(1), HotFolderSettings.DEFAULT_IGNORED_SUFFIXES, "unknown");
            new HotFolderWatcher(watch, TestIngestors.ingestor(watch.pattern(), "unknown", state.resolve("photos"), publisher,
                    checkpoint, AfterPublish.KEEP, Clock.systemUTC()), 8, Clock.systemUTC()).scanOnce();
        }

        assertThat(report.photos()).isEqualTo(20);
        assertThat(publisher.rejections).isEmpty();
        assertThat(publisher.events).hasSize(20);
        assertThat(publisher.events).extracting(PhotoCaptured::getPhotoId).doesNotHaveDuplicates();
        assertThat(publisher.events).extracting(PhotoCaptured::getSite).containsOnly("plant-1");
        assertThat(publisher.events).extracting(PhotoCaptured::getSourceId).containsOnly("cam-01", "cam-02", "cam-03", "cam-04");
        assertThat(publisher.events).extracting(e -> e.getExif().getOrientation())
                .containsOnly(CameraSimulator.ORIENTATIONS.toArray(String[]::new));
        // 4 cameras on 2 lines, 10 photos each, 4 per lot: lots 1..3 of each line; line 1 gets odd, line 2 even numbers.
        assertThat(publisher.events).filteredOn(e -> e.getLine().equals("line-1")).extracting(PhotoCaptured::getBatchId)
                .containsOnly("LOT-4711", "LOT-4713", "LOT-4715");
        assertThat(publisher.events).filteredOn(e -> e.getLine().equals("line-2")).extracting(PhotoCaptured::getBatchId)
                .containsOnly("LOT-4712", "LOT-4714", "LOT-4716");
        assertThat(report.lotsStarted()).isEqualTo(6);
    }

    @Test
    void refusesSettingsThatWouldNeverStop() {
        assertThatThrownBy(() -> new SimulatorSettings(hotFolder, 3, 1, 5, Duration.ZERO, 0, 10, 64, "s"))
                .hasMessageContaining("never stops");
        assertThatThrownBy(() -> new SimulatorSettings(hotFolder, 2, 3, 5, Duration.ofSeconds(1), 0, 10, 64, "s"))
                .hasMessageContaining("lines must be 1..2");
    }
}
