package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafka.class)
class SinkOutageIT {
    private static final int PHOTOS = 300;

    @TempDir
    Path tmp;
    private SinkHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void pausesThroughA30SecondOutageWithoutDeadLettersAndUploadsEverythingAfter() {
        harness = new SinkHarness(tmp, PiwigoEmulator.builder());
        harness.emulator.faults().latency(Duration.ofMillis(2));
        List<UploadRequest> requests = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            requests.add(SinkHarness.request(harness.photo(i), i));
        }
        harness.send(requests);
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
    }
}
