package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.piwigo.emulator.EmulatedImage;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's crash test: with a slow Piwigo, a sink killed again and again (like a process
 * restarted every few seconds) still finishes, because each photo is recorded as it completes
 * rather than with a whole poll batch. Every restart records new photos; no photo gets two images.
 */
class SinkRestartsIT extends SinkScenario {
    private static final int PHOTOS = 60;
    private static final int MAX_RESTARTS = PHOTOS;

    @Test
    void aSinkKilledEveryFewSecondsStillFinishesWithOneImagePerPhoto() {
        harness(PiwigoEmulator.builder());
        // Slow uploads: each image takes a while to create, so kills land while uploads run.
        harness.emulator.faults().createServiceTime(Duration.ofMillis(300));
        List<UploadRequest> requests = publishPhotos(PHOTOS);

        int restarts = 0;
        int recorded = 0;
        while (recorded < PHOTOS) {
            assertThat(restarts++).as("restarts before every photo was recorded").isLessThan(MAX_RESTARTS);
            int before = recorded;
            PiwigoSink sink = harness.startSink();
            // Killed as soon as it recorded something new (or everything): a few seconds at most.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> harness.ledger().size() > before);
            sink.crash();
            recorded = harness.ledger().size();
            System.out.printf("SinkRestartsIT: restart %d recorded %d new photos (%d of %d)%n", restarts,
                    recorded - before, recorded, PHOTOS);
        }
        harness.emulator.faults().createServiceTime(Duration.ZERO);
        harness.startSink();
        harness.awaitCaughtUp(Duration.ofMinutes(2));

        Map<String, List<EmulatedImage>> byMd5 = harness.imagesByMd5();
        assertThat(byMd5.keySet()).containsExactlyInAnyOrderElementsOf(
                requests.stream().map(r -> r.getPhoto().getMd5()).toList());
        assertThat(byMd5.values()).allSatisfy(images -> assertThat(images).hasSize(1));
        assertThat(harness.emulator.images()).noneMatch(EmulatedImage::inLounge);
        assertThat(harness.read(PhotopipeTopic.DEAD_LETTERS)).isEmpty();
        assertThat(restarts).as("it took several kills").isGreaterThan(1);
    }
}
