package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SinkExactlyOnceIT extends SinkScenario {
    private static final int PHOTOS = 1_000;
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";

    @Test
    void uploadsEachPhotoOnceIntoItsAlbumWithItsTagsAndReplayUploadsNothing() {
        harness(PiwigoEmulator.builder());
        List<UploadRequest> requests = publishPhotos(PHOTOS);

        long start = System.nanoTime();
        PiwigoSink sink = harness.startSink();
        harness.awaitCaughtUp(Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("SinkExactlyOnceIT: %d photos in %.1f s = %.0f photos/s (sink start included)%n",
                PHOTOS, seconds, PHOTOS / seconds);

        harness.awaitLoungeEmpty(Duration.ofSeconds(30));
        Map<String, List<EmulatedImage>> byMd5 = harness.imagesByMd5();
        assertThat(harness.emulator.images()).hasSize(PHOTOS);
        for (int i = 0; i < PHOTOS; i++) {
            UploadRequest request = requests.get(i);
            List<EmulatedImage> images = byMd5.get(request.getPhoto().getMd5());
            assertThat(images).as("images of photo %d", i).hasSize(1);
            EmulatedImage image = images.get(0);
            assertThat(image.inLounge()).isFalse();
            assertThat(image.albumIds()).containsExactly(harness.albumId(request.getAlbumPath()));
            assertThat(image.tagNames()).containsExactlyInAnyOrderElementsOf(request.getTags());
        }
        assertThat(harness.read(PhotopipeTopic.DEAD_LETTERS)).isEmpty();
        assertThat(sink.meterRegistry().get("photopipe.sink.uploads").counter().count()).isEqualTo(PHOTOS);
        int uploadCalls = harness.emulator.calls(UPLOAD_ASYNC);

        // Replay through a restarted sink: it knows the photos from its local ledger store.
        sink.close();
        harness.send(requests);
        PiwigoSink restarted = harness.startSink();
        harness.awaitCaughtUp(Duration.ofMinutes(2));

        assertThat(harness.emulator.images()).hasSize(PHOTOS);
        assertThat(harness.emulator.calls(UPLOAD_ASYNC)).isEqualTo(uploadCalls);
        assertThat(restarted.meterRegistry().get("photopipe.sink.duplicates.skipped").tag("source", "ledger")
                .counter().count()).isEqualTo(PHOTOS);
        Timer rebuild = restarted.meterRegistry().get("photopipe.sink.ledger.rebuild").timer();
        System.out.printf("SinkExactlyOnceIT: ledger rebuild of %d entries: %d rebuilds, max %.0f ms%n",
                PHOTOS, rebuild.count(), rebuild.max(TimeUnit.MILLISECONDS));
    }
}
