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
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SinkCrashIT extends SinkScenario {
    private static final int PHOTOS = 500;
    private static final int CRASHES = 10;

    @Test
    void crashesAtRandomPointsLeaveNoDuplicateAndNoMissingImage() {
        long seed = Long.getLong("crash.seed", System.currentTimeMillis());
        System.out.println("SinkCrashIT seed: " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        // Crash points: how many images exist when the sink is killed, spread over the run.
        TreeSet<Integer> points = new TreeSet<>();
        while (points.size() < CRASHES) {
            points.add(1 + random.nextInt(PHOTOS - 20));
        }
        // A little service time per request, so that crashes land while uploads are in flight.
        harness(PiwigoEmulator.builder());
        harness.emulator.faults().latency(Duration.ofMillis(2));
        List<UploadRequest> requests = publishPhotos(PHOTOS);

        for (int point : points) {
            PiwigoSink sink = harness.startSink();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                    .until(() -> harness.emulator.images().size() >= point);
            sink.crash();
            System.out.printf("SinkCrashIT: crashed at %d images (wanted >= %d)%n",
                    harness.emulator.images().size(), point);
        }
        harness.emulator.faults().latency(Duration.ZERO);
        harness.startSink();
        harness.awaitCaughtUp(Duration.ofMinutes(2));

        harness.awaitLoungeEmpty(Duration.ofSeconds(30));
        Map<String, List<EmulatedImage>> byMd5 = harness.imagesByMd5();
        assertThat(harness.emulator.images()).hasSize(PHOTOS);
        assertThat(byMd5.keySet()).containsExactlyInAnyOrderElementsOf(
                requests.stream().map(r -> r.getPhoto().getMd5()).toList());
        assertThat(byMd5.values()).allSatisfy(images -> assertThat(images).hasSize(1));
        assertThat(harness.emulator.images()).noneMatch(EmulatedImage::inLounge);
        assertThat(harness.read(PhotopipeTopic.DEAD_LETTERS)).isEmpty();
    }
}
