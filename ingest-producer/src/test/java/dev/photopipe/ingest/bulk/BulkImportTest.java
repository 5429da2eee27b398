package dev.photopipe.ingest.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.hotfolder.Checkpoint;
import dev.photopipe.ingest.hotfolder.AfterPublish;
import dev.photopipe.ingest.hotfolder.FileIngestor;
import dev.photopipe.ingest.hotfolder.TestIngestors;
import dev.photopipe.ingest.hotfolder.HotFolderSettings;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.publish.RecordingPublisher;
import dev.photopipe.ingest.publish.Rejection;
import dev.photopipe.ingest.simulate.SyntheticJpeg;
import dev.photopipe.schemas.PhotoCaptured;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkImportTest {
    @TempDir
    Path archive;
    @TempDir
    Path state;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void importsEveryPhotoOnceAndSummarisesWhatItSkipped() throws Exception {
        for (int i = 0; i < 5; i++) {
            write("2025/0" + i + ".jpg", new SyntheticJpeg().seed(i).size(64, 48).toBytes());
        }
        write("2025/copy-of-0.jpg", Files.readAllBytes(archive.resolve("2025/00.jpg")));
        write("2025/notes.txt", "not a photo".getBytes(StandardCharsets.UTF_8));
        write("2025/empty.jpg", new byte[0]);
        RecordingPublisher publisher = new RecordingPublisher();

        ImportSummary summary = importWith(publisher);

        assertThat(summary.complete()).isTrue();
        assertThat(summary.published()).isEqualTo(6);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.skipped()).isEqualTo(Map.of("FORBIDDEN_TYPE", 1L, "EMPTY_FILE", 1L));
        // The copy is published under the same photo id: downstream keeps one.
        assertThat(publisher.events).hasSize(6);
        assertThat(publisher.events.stream().map(PhotoCaptured::getPhotoId).distinct()).hasSize(5);
        assertThat(summary.describe()).contains("6 published (1 duplicates)", "skipped EMPTY_FILE: 1");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("Importing", " 8/8 files")
                .contains("MB/s 8/8 files").doesNotContainPattern("[^0-9]\\.\\d MB/s");
    }

    @Test
    void resumesAfterAnInterruptionWithoutPublishingAnythingTwice() throws Exception {
        for (int i = 0; i < 6; i++) {
            write("0" + i + ".jpg", new SyntheticJpeg().seed(100 + i).size(64, 48).toBytes());
        }
        // Kafka stops answering after three photos: the import stops early, as after Ctrl-C.
        FailingAfter flaky = new FailingAfter(3);
        ImportSummary first = importWith(flaky);
        assertThat(first.complete()).isFalse();
        assertThat(first.published()).isEqualTo(3);

        RecordingPublisher publisher = new RecordingPublisher();
        ImportSummary second = importWith(publisher);

        assertThat(second.complete()).isTrue();
        assertThat(second.alreadyImported()).isEqualTo(3);
        assertThat(second.published()).isEqualTo(3);
        assertThat(publisher.events).extracting(PhotoCaptured::getOriginalFileName).containsExactly("03.jpg", "04.jpg", "05.jpg");
    }

    @Test
    void aStopAskedForEndsTheImportBetweenFilesAsAnOrderlyStop() throws Exception {
        for (int i = 0; i < 4; i++) {
            write("0" + i + ".jpg", new SyntheticJpeg().seed(200 + i).size(64, 48).toBytes());
        }
        RecordingPublisher publisher = new RecordingPublisher();
        // Ctrl-C after two files were taken: files go out several at once, so the stop is counted
        // in files taken, not in events seen.
        AtomicInteger asked = new AtomicInteger();

        ImportSummary stopped = importWith(publisher, () -> asked.incrementAndGet() > 2);

        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.stopRequested()).isTrue();
        assertThat(stopped.published()).isEqualTo(2);
        assertThat(stopped.skipped()).as("no file cut short and refused").isEmpty();
        assertThat(stopped.describe()).startsWith("Import stopped as asked (run the same command again");
        assertThat(importWith(new RecordingPublisher()).alreadyImported()).isEqualTo(2);
    }

    private ImportSummary importWith(CapturePublisher publisher) throws Exception {
        return importWith(publisher, () -> false);
    }

    private ImportSummary importWith(CapturePublisher publisher, java.util.function.BooleanSupplier stop)
            throws Exception {
        try (Checkpoint checkpoint = Checkpoint.open(state.resolve("import.checkpoint"))) {
            Clock clock = Clock.systemUTC();
            FileIngestor ingestor = TestIngestors.ingestor(PathPattern.parse(""), "import", state.resolve("photos"),
                    publisher, checkpoint, AfterPublish.KEEP, clock);
            return new BulkImport(ingestor, HotFolderSettings.DEFAULT_IGNORED_SUFFIXES, 4)
                    .run(archive, new PrintStream(console, true, StandardCharsets.UTF_8), stop);
        }
    }

    private void write(String relative, byte[] bytes) throws Exception {
        Path file = archive.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    /** A publisher whose broker goes away after a number of events. */
    private static final class FailingAfter implements CapturePublisher {
        private final AtomicInteger left;

        FailingAfter(int events) {
            this.left = new AtomicInteger(events);
        }

        @Override
        public CompletableFuture<Void> publish(PhotoCaptured event) {
            return left.getAndDecrement() > 0 ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("gone"));
        }

        @Override
        public CompletableFuture<Void> reject(Rejection rejection) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
