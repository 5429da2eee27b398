package dev.photopipe.ingest.hotfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.publish.CapturePublisher;
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
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotFolderWatcherTest {
    @TempDir
    Path root;
    @TempDir
    Path state;
    @TempDir
    Path elsewhere;
    @TempDir
    Path photos;

    private Path store;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RecordingPublisher publisher = new RecordingPublisher();
    private Checkpoint checkpoint;

    @BeforeEach
    void storeFolder() {
        store = photos.resolve("store");
    }

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
                .as("what the sink reads is the store's copy of the bytes that were hashed, not a link that may change")
                .hasSize(2).containsOnly(stored().get(0).toUri().toString());
        assertThat(stored().get(0)).hasSameBinaryContentAs(real);
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

    @Test
    void aDrainingFolderCostsTheNewFilesOnlyHoweverManyPhotosWereIngestedBefore() throws Exception {
        for (int i = 0; i < 40; i++) {
            photo("p/l/c/old-" + i + ".jpg", 100 + i);
        }
        HotFolderWatcher watcher = watcher(Duration.ZERO, new AfterPublish(AfterPublish.Action.DELETE, null), publisher);
        assertThat(watcher.scanOnce()).extracting(ScanReport::scanned, ScanReport::published).containsExactly(40, 40);

        photo("p/l/c/new.jpg", 200);
        ScanReport next = watcher.scanOnce();

        assertThat(next.scanned()).as("files listed by the scan after 40 photos were ingested").isEqualTo(1);
        assertThat(next.published()).isEqualTo(1);
        assertThat(watcher.scanOnce().scanned()).as("an empty folder costs nothing").isZero();
        assertThat(stored()).as("every photo's bytes are in the store, once").hasSize(41);
        try (Stream<Path> left = Files.walk(root)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aKeptFolderIsListedWholeOnEveryScan() throws Exception {
        for (int i = 0; i < 5; i++) {
            photo("p/l/c/old-" + i + ".jpg", 300 + i);
        }
        HotFolderWatcher watcher = watcher(Duration.ZERO);
        watcher.scanOnce();
        photo("p/l/c/new.jpg", 310);

        assertThat(watcher.scanOnce()).extracting(ScanReport::scanned, ScanReport::published).containsExactly(6, 1);
    }

    @Test
    void movesPublishedFilesWithTheirSidecarsBelowTheDoneFolder() throws Exception {
        photo("p/l/c/a.jpg", 400);
        Files.writeString(root.resolve("p/l/c/a.jpg.json"), "{\"batch\": \"LOT-5\"}");
        Path done = elsewhere.resolve("done");

        watcher(Duration.ZERO, new AfterPublish(AfterPublish.Action.MOVE, done), publisher).scanOnce();

        assertThat(done.resolve("p/l/c/a.jpg")).exists();
        assertThat(done.resolve("p/l/c/a.jpg.json")).exists();
        assertThat(root.resolve("p/l/c/a.jpg")).doesNotExist();
        assertThat(publisher.events).singleElement().extracting(PhotoCaptured::getBatchId).isEqualTo("LOT-5");
    }

    @Test
    void aRefusedFileStaysWhereTheOperatorCanFixIt() throws Exception {
        write("p/l/c/empty.jpg", new byte[0]);

        watcher(Duration.ZERO, new AfterPublish(AfterPublish.Action.DELETE, null), publisher).scanOnce();

        assertThat(root.resolve("p/l/c/empty.jpg")).exists();
        assertThat(publisher.rejections).singleElement().extracting(Rejection::reasonCode).isEqualTo(ReasonCode.EMPTY_FILE);
    }

    @Test
    void aCrashBetweenTheStoreWriteAndTheAcknowledgementNeitherLosesNorDuplicatesThePhoto() throws Exception {
        Path original = photo("p/l/c/a.jpg", 500);
        AfterPublish delete = new AfterPublish(AfterPublish.Action.DELETE, null);
        // The broker took the event but the answer never came back (ingest died before the ack).
        RecordingPublisher lostAck = new RecordingPublisher() {
            @Override
            public CompletableFuture<Void> publish(PhotoCaptured event) {
                events.add(event);
                return CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no answer"));
            }
        };
        assertThat(watcher(Duration.ZERO, delete, lostAck).scanOnce().published()).isZero();
        assertThat(original).as("not removed: the broker never acknowledged").exists();
        assertThat(stored()).as("the bytes are durable in the store already").hasSize(1);
        checkpoint.close();
        checkpoint = null;

        // Restart on the same checkpoint and store.
        assertThat(watcher(Duration.ZERO, delete, publisher).scanOnce().published()).isEqualTo(1);

        assertThat(original).doesNotExist();
        assertThat(stored()).as("one copy of the bytes, under the photo id").hasSize(1);
        PhotoCaptured before = lostAck.events.get(0);
        PhotoCaptured after = publisher.events.get(0);
        assertThat(after.getPhotoId()).as("the same photo id, which enrich deduplicates").isEqualTo(before.getPhotoId());
        assertThat(after.getSourceUri()).isEqualTo(before.getSourceUri());
        assertThat(watcher(Duration.ZERO, delete, publisher).scanOnce().published()).isZero();
        assertThat(publisher.events).hasSize(1);
    }

    private HotFolderWatcher watcher(Duration stableWindow) {
        return watcher(stableWindow, AfterPublish.KEEP, publisher);
    }

    private HotFolderWatcher watcher(Duration stableWindow, AfterPublish afterPublish, CapturePublisher to) {
        if (checkpoint == null) {
            checkpoint = Checkpoint.open(state.resolve("checkpoint"));
        }
        HotFolderSettings settings = new HotFolderSettings(List.of(root), PathPattern.parse("{site}/{line}/{camera}/**"),
                stableWindow, Duration.ofSeconds(1), HotFolderSettings.DEFAULT_IGNORED_SUFFIXES, "unknown-camera");
        return new HotFolderWatcher(settings, TestIngestors.ingestor(settings.pattern(), "unknown-camera", store, to,
                checkpoint, afterPublish, clock), 8, clock);
    }

    private List<Path> stored() throws Exception {
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(store.resolve(".incoming"))).toList();
        }
    }

    private Path photo(String relative, long seed) throws Exception {
        return write(relative, new SyntheticJpeg().seed(seed).size(64, 48).toBytes());
    }

    private Path write(String relative, byte[] bytes) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    @Test
    void tellsWhatTheScansDidOnceAMinuteNotOnceAScan() {
        HotFolderWatcher.ScanSummary summary = new HotFolderWatcher.ScanSummary(clock);

        assertThat(summary.add(new ScanReport(3, 0, 0, 3, 0))).as("nothing happened yet").isNull();
        assertThat(summary.add(new ScanReport(3, 2, 0, 1, 10))).as("the first photos")
                .isEqualTo("Hot folders: 2 photo(s) published, 0 file(s) refused in the last 0 s; 1 still being written");
        clock.advance(Duration.ofSeconds(1));
        assertThat(summary.add(new ScanReport(6, 5, 1, 0, 50))).isNull();
        clock.advance(Duration.ofSeconds(59));
        assertThat(summary.add(new ScanReport(1, 1, 0, 0, 10)))
                .isEqualTo("Hot folders: 6 photo(s) published, 1 file(s) refused in the last 60 s; 0 still being written");
    }

    /** A clock the test moves by hand, so stability windows pass without waiting. */
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
