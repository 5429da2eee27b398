package dev.photopipe.ingest.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.RecordingPublisher;
import dev.photopipe.ingest.publish.Rejection;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotFolderWatcherTest {
    @TempDir
    Path root;
    @TempDir
    Path state;
    @TempDir
    Path elsewhere;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingPublisher publisher = new RecordingPublisher();
    private Checkpoint checkpoint;

    @AfterEach
    void closeCheckpoint() {
        if (checkpoint != null) {
            checkpoint.close();
        }
    }

    @Test
    void publishesEachPhotoOnceAcrossScansAndRestarts() throws Exception {
        photo("plant-1/line-3/cam-07/a.jpg", 1);
        photo("plant-1/line-3/cam-07/b.jpg", 2);

        assertThat(watcher(Duration.ZERO).scanOnce().published()).isEqualTo(2);
        assertThat(watcher(Duration.ZERO).scanOnce().published()).isZero();
        checkpoint.close();

        // Restart: a new checkpoint from the same file; a photo arrived while ingest was down.
        checkpoint = null;
        photo("plant-1/line-3/cam-08/c.jpg", 3);
        ScanReport afterRestart = watcher(Duration.ZERO).scanOnce();

        assertThat(afterRestart.published()).isEqualTo(1);
        assertThat(publisher.events).extracting(PhotoCaptured::getOriginalFileName).containsExactly("a.jpg", "b.jpg", "c.jpg");
        assertThat(publisher.events.get(2).getSourceId()).isEqualTo("cam-08");
        assertThat(publisher.events.get(2).getLine()).isEqualTo("line-3");
    }

    @Test
    void waitsUntilAFileStopsGrowing() throws Exception {
        byte[] jpeg = new SyntheticJpeg().seed(4).toBytes();
        Path file = root.resolve("p/l/c/growing.jpg");
        Files.createDirectories(file.getParent());
        Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));
        HotFolderWatcher watcher = watcher(Duration.ofSeconds(2));

        assertThat(watcher.scanOnce().waiting()).isEqualTo(1);
        Files.write(file, jpeg);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-23T12:00:01Z")));
        clock.advance(Duration.ofSeconds(3));
        assertThat(watcher.scanOnce().waiting()).as("changed since the last scan: the window starts again").isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));

        assertThat(watcher.scanOnce().published()).isEqualTo(1);
        assertThat(publisher.rejections).isEmpty();
        assertThat(publisher.events.get(0).getSizeBytes()).isEqualTo(jpeg.length);
    }

    @Test
    void ignoresFilesStillCarryingATemporaryName() throws Exception {
        Path partial = photo("p/l/c/d.jpg.part", 5);
        HotFolderWatcher watcher = watcher(Duration.ZERO);
        assertThat(watcher.scanOnce().published()).isZero();

        Files.move(partial, partial.resolveSibling("d.jpg"));
        assertThat(watcher.scanOnce().published()).isEqualTo(1);
    }

    @Test
    void reportsEachBadFileWithItsReasonAndKeepsGoing() throws Exception {
        photo("p/l/c/good.jpg", 6);
        write("p/l/c/empty.jpg", new byte[0]);
        byte[] jpeg = new SyntheticJpeg().seed(7).toBytes();
        write("p/l/c/cut.jpg", Arrays.copyOf(jpeg, jpeg.length - 100));
        write("p/l/c/readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        photo("p/l/c/labelled.jpg", 8);
        write("p/l/c/labelled.jpg.json", "{\"batch\": \"LOT-1\", ".getBytes(StandardCharsets.UTF_8));
        photo("misplaced.jpg", 9);

        ScanReport report = watcher(Duration.ZERO).scanOnce();

        assertThat(report.published()).isEqualTo(1);
        assertThat(publisher.rejections).extracting(r -> r.source().substring(r.source().lastIndexOf('/') + 1), Rejection::reasonCode)
                .containsExactlyInAnyOrder(
                        tuple("empty.jpg", ReasonCode.EMPTY_FILE),
                        tuple("cut.jpg", ReasonCode.TRUNCATED_FILE),
                        tuple("readme.txt", ReasonCode.FORBIDDEN_TYPE),
                        tuple("labelled.jpg", ReasonCode.INVALID_METADATA),
                        tuple("misplaced.jpg", ReasonCode.PATH_REFUSED));
        assertThat(publisher.rejections).filteredOn(r -> r.source().endsWith("misplaced.jpg")).singleElement()
                .extracting(Rejection::message).asString().contains("ingest.hotfolder.path.pattern");
        assertThat(watcher(Duration.ZERO).scanOnce().rejected()).as("reported once, not on every scan").isZero();
    }

    @Test
    void aPhotoRefusedForItsSidecarIsTakenOnceTheSidecarIsFixed() throws Exception {
        photo("p/l/c/part.jpg", 13);
        Path sidecar = write("p/l/c/part.jpg.json", "{\"batch\": ".getBytes(StandardCharsets.UTF_8));
        HotFolderWatcher watcher = watcher(Duration.ZERO);
        assertThat(watcher.scanOnce().rejected()).isEqualTo(1);

        Files.writeString(sidecar, "{\"batch\": \"LOT-4711\"}");
        Files.setLastModifiedTime(sidecar, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-23T13:00:00Z")));

        assertThat(watcher.scanOnce().published()).isEqualTo(1);
        assertThat(publisher.events).singleElement().extracting(PhotoCaptured::getBatchId).isEqualTo("LOT-4711");
    }

    @Test
    void refusesALinkLeadingOutOfTheWatchedFolder() throws Exception {
        Path secret = Files.write(elsewhere.resolve("secret.jpg"), new SyntheticJpeg().seed(10).toBytes());
        Files.createDirectories(root.resolve("p/l/c"));
        Files.createSymbolicLink(root.resolve("p/l/c/link.jpg"), secret);

        watcher(Duration.ZERO).scanOnce();

        assertThat(publisher.events).isEmpty();
        assertThat(publisher.rejections).singleElement().satisfies(r -> {
            assertThat(r.reasonCode()).isEqualTo(ReasonCode.PATH_REFUSED);
            assertThat(r.message()).contains("link.jpg", "outside the watched folder");
        });
    }

    @Test
    void aLinkInsideTheFolderIsPublishedUnderItsRealPathAndALinkedSidecarOutsideIsRefused() throws Exception {
        Path real = photo("p/l/c/real.jpg", 20);
        Files.createSymbolicLink(root.resolve("p/l/c/alias.jpg"), real);
        Path outsideSidecar = Files.writeString(elsewhere.resolve("meta.json"), "{\"batch\": \"LOT-1\"}");
        photo("p/l/c/other.jpg", 21);
        Files.createSymbolicLink(root.resolve("p/l/c/other.jpg.json"), outsideSidecar);

        watcher(Duration.ZERO).scanOnce();

        assertThat(publisher.events).extracting(PhotoCaptured::getSourceUri)
                .as("what the sink reads is the file that was hashed, not a link that may change")
                .containsOnly(real.toRealPath().toUri().toString());
        assertThat(publisher.rejections).singleElement().satisfies(r -> {
            assertThat(r.reasonCode()).isEqualTo(ReasonCode.PATH_REFUSED);
            assertThat(r.message()).contains("other.jpg", "sidecar");
        });
    }

    @Test
    void aBrokerThatIsDownLosesNothing() throws Exception {
        photo("p/l/c/a.jpg", 11);
        photo("p/l/c/b.jpg", 12);
        HotFolderWatcher watcher = watcher(Duration.ZERO);
        publisher.brokerDown = true;

        assertThat(watcher.scanOnce().published()).isZero();
        publisher.brokerDown = false;

        assertThat(watcher.scanOnce().published()).isEqualTo(2);
        assertThat(publisher.events).hasSize(2);
    }

    private HotFolderWatcher watcher(Duration stableWindow) {
        if (checkpoint == null) {
            checkpoint = Checkpoint.open(state.resolve("checkpoint"));
        }
        HotFolderSettings settings = new HotFolderSettings(List.of(root), PathPattern.parse("{site}/{line}/{camera}/**"),
                stableWindow, Duration.ofSeconds(1), HotFolderSettings.DEFAULT_IGNORED_SUFFIXES, "unknown-camera");
        return new HotFolderWatcher(settings, PhotoInspector.create(clock), new CaptureEvents(clock), publisher, checkpoint, clock);
    }

    private Path photo(String relative, long seed) throws Exception {
        return write(relative, new SyntheticJpeg().seed(seed).size(64, 48).toBytes());
    }

    private Path write(String relative, byte[] bytes) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    /** A clock the test moves by hand, so stability windows pass without waiting. */
    @Test
    void tellsWhatTheScansDidOnceAMinuteNotOnceAScan() {
        HotFolderWatcher.ScanSummary summary = new HotFolderWatcher.ScanSummary(clock);

        assertThat(summary.add(new ScanReport(0, 0, 3, 0))).as("nothing happened yet").isNull();
        assertThat(summary.add(new ScanReport(2, 0, 1, 10))).as("the first photos")
                .isEqualTo("Hot folders: 2 photo(s) published, 0 file(s) refused in the last 0 s; 1 still being written");
        clock.advance(Duration.ofSeconds(1));
        assertThat(summary.add(new ScanReport(5, 1, 0, 50))).isNull();
        clock.advance(Duration.ofSeconds(59));
        assertThat(summary.add(new ScanReport(1, 0, 0, 10)))
                .isEqualTo("Hot folders: 6 photo(s) published, 1 file(s) refused in the last 60 s; 0 still being written");
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
