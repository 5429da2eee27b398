package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sink's on-disk ledger store (the default) across restarts, crashes and a recreated ledger topic. */
class SinkLedgerStoreIT extends SinkScenario {
    private static final String UPLOAD_ASYNC = "pwg.images.uploadAsync";

    @Test
    void aRestartReadsOnlyTheLedgerEntriesWrittenSinceItsCheckpoint() {
        harness(PiwigoEmulator.builder());
        List<UploadRequest> requests = publishPhotos(20);
        PiwigoSink first = harness.startSink(0);
        harness.awaitCaughtUp(Duration.ofMinutes(1));
        first.close();
        assertThat(fromTopic(first)).isZero(); // a new topic: nothing to read at the first start

        // While it is down, another instance (its own state directory) handles 5 more photos.
        List<UploadRequest> more = new ArrayList<>();
        for (int i = 20; i < 25; i++) {
            more.add(SinkHarness.request(harness.photo(i), i));
        }
        harness.send(more);
        PiwigoSink other = harness.startSink(1);
        harness.awaitCaughtUp(Duration.ofMinutes(1));
        other.close();
        assertThat(fromTopic(other)).isEqualTo(20);

        // Restarted on its directory, the first reads those 5 entries only and knows all 25.
        int uploadCalls = harness.emulator.calls(UPLOAD_ASYNC);
        List<UploadRequest> replay = new ArrayList<>(requests);
        replay.addAll(more);
        harness.send(replay);
        PiwigoSink restarted = harness.startSink(0);
        harness.awaitCaughtUp(Duration.ofMinutes(1));
        assertThat(fromTopic(restarted)).isEqualTo(5);
        assertThat(restarted.meterRegistry().get("photopipe.sink.ledger.load.entries").tag("source", "local")
                .counter().count()).isEqualTo(20);
        assertThat(skipped(restarted, "ledger")).isEqualTo(25);
        assertThat(harness.emulator.calls(UPLOAD_ASYNC)).isEqualTo(uploadCalls);
        assertThat(harness.emulator.images()).hasSize(25);
    }

    @Test
    void aCrashWithoutCloseRecoversFromTheLastCheckpointAndUploadsNothingTwice() {
        harness(PiwigoEmulator.builder());
        List<UploadRequest> requests = publishPhotos(30);
        PiwigoSink crashed = harness.startSink(0);
        harness.awaitCaughtUp(Duration.ofMinutes(1));
        crashed.crash(); // no close: no checkpoint beyond the one written after the (empty) load

        int uploadCalls = harness.emulator.calls(UPLOAD_ASYNC);
        harness.send(requests);
        PiwigoSink restarted = harness.startSink(0);
        harness.awaitCaughtUp(Duration.ofMinutes(1));

        // The checkpoint said offset 0: every entry is read again, whatever the store kept.
        assertThat(fromTopic(restarted)).isEqualTo(30);
        assertThat(skipped(restarted, "ledger")).isEqualTo(30);
        assertThat(harness.emulator.calls(UPLOAD_ASYNC)).isEqualTo(uploadCalls);
        assertThat(harness.imagesByMd5().values()).allSatisfy(images -> assertThat(images).hasSize(1));
    }

    @Test
    void aRecreatedLedgerTopicWipesTheLocalStore() {
        harness(PiwigoEmulator.builder());
        List<UploadRequest> requests = publishPhotos(10);
        PiwigoSink first = harness.startSink(0);
        harness.awaitCaughtUp(Duration.ofMinutes(1));
        first.close();

        harness.recreate(PhotopipeTopic.SINK_LEDGER);
        harness.send(requests);
        PiwigoSink restarted = harness.startSink(0);
        harness.awaitCaughtUp(Duration.ofMinutes(1));

        // Had the local entries survived, the ledger would have skipped the photos; the topic no
        // longer knows them, so Piwigo's exist check finds them instead, and nothing is uploaded.
        assertThat(skipped(restarted, "ledger")).isZero();
        assertThat(skipped(restarted, "gallery")).isEqualTo(10);
        assertThat(harness.emulator.images()).hasSize(10);
        assertThat(harness.ledger()).hasSize(10);
    }

    private static double fromTopic(PiwigoSink sink) {
        return sink.meterRegistry().get("photopipe.sink.ledger.load.entries").tag("source", "topic").counter().count();
    }

    private static double skipped(PiwigoSink sink, String source) {
        MeterRegistry registry = sink.meterRegistry();
        return registry.get("photopipe.sink.duplicates.skipped").tag("source", source).counter().count();
    }
}
