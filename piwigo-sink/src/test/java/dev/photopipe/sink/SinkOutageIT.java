package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkOutageIT extends SinkScenario {
    private static final int PHOTOS = 300;

    @Test
    void pausesThroughA30SecondOutageWithoutDeadLettersAndUploadsEverythingAfter() {
        harness(PiwigoEmulator.builder());
        harness.emulator.faults().latency(Duration.ofMillis(2));
        List<UploadRequest> requests = publishPhotos(PHOTOS);
        PiwigoSink sink = harness.startSink();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> harness.emulator.images().size() >= 50);

        harness.emulator.faults().unavailableFor(Duration.ofSeconds(30));
        harness.awaitCaughtUp(Duration.ofMinutes(3));

        assertThat(harness.emulator.images()).hasSize(PHOTOS);
        assertThat(harness.imagesByMd5().values()).allSatisfy(images -> assertThat(images).hasSize(1));
        assertThat(harness.read(PhotopipeTopic.DEAD_LETTERS)).isEmpty();
        assertThat(sink.meterRegistry().get("photopipe.sink.pauses").counter().count()).isPositive();
        assertThat(sink.isRunning()).isTrue();
        Map<String, UploadOutcome> ledger = harness.ledger();
        assertThat(ledger).hasSize(PHOTOS);
        assertThat(ledger.values()).allSatisfy(outcome -> assertThat(outcome.getStatus())
                .isIn(UploadStatus.UPLOADED, UploadStatus.ALREADY_PRESENT));
        assertThat(ledger.values()).as("photos that waited out the outage count their attempts")
                .anySatisfy(outcome -> assertThat(outcome.getAttempts()).isGreaterThan(1));
    }
}
