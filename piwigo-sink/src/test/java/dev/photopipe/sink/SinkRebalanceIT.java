package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkRebalanceIT extends SinkScenario {
    private static final int PHOTOS = 300;

    @Test
    void twoInstancesShareThePartitionsAndALeavingOneHandsOverWithoutDuplicates() {
        harness(PiwigoEmulator.builder());
        harness.emulator.faults().latency(Duration.ofMillis(2));
        List<UploadRequest> requests = publishPhotos(PHOTOS);
        PiwigoSink first = harness.startSink();
        PiwigoSink second = harness.startSink();
        harness.awaitCaughtUp(Duration.ofMinutes(2));
        assertThat(harness.emulator.images()).hasSize(PHOTOS);

        // The second instance leaves: the first rebuilds the ledger of the partitions it takes
        // over and must skip the replayed photos it never saw itself.
        second.close();
        List<UploadRequest> replayAndNew = new ArrayList<>(requests);
        for (int i = PHOTOS; i < PHOTOS + 30; i++) {
            replayAndNew.add(SinkHarness.request(harness.photo(i), i));
        }
        int uploadCalls = harness.emulator.calls("pwg.images.uploadAsync");
        harness.send(replayAndNew);
        harness.awaitCaughtUp(Duration.ofMinutes(2));

        assertThat(harness.emulator.images()).hasSize(PHOTOS + 30);
        assertThat(harness.imagesByMd5().values()).allSatisfy(images -> assertThat(images).hasSize(1));
        assertThat(first.meterRegistry().get("photopipe.sink.duplicates.skipped").tag("source", "ledger")
                .counter().count()).isEqualTo(PHOTOS);
        assertThat(harness.emulator.calls("pwg.images.uploadAsync")).isGreaterThan(uploadCalls);
    }
}
