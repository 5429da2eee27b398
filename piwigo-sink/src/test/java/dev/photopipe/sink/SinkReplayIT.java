package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Dead letter, the cause fixed, replay, upload: what {@code photopipe replay --stage sink} does
 * ({@link DeadLetters#replay}, the same helper), through a running sink whose ledger says FAILED.
 */
class SinkReplayIT extends SinkScenario {
    @Test
    void aReplayedDeadLetterIsUploadedThoughTheLedgerSaysFailed() throws Exception {
        harness(PiwigoEmulator.builder());
        SinkHarness.Photo photo = harness.photo(1);
        UploadRequest request = SinkHarness.request(photo, 1);
        Path kept = harness.dir.resolve("kept.jpg");
        Files.move(photo.path(), kept); // the file is not there yet: SOURCE_MISSING
        PiwigoSink sink = harness.startSink();
        harness.send(List.of(request));
        harness.awaitCaughtUp(Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> letters = harness.read(PhotopipeTopic.DEAD_LETTERS);
        assertThat(letters).singleElement()
                .satisfies(l -> assertThat(DeadLetter.fromHeaders(l.headers()).reason()).isEqualTo(ReasonCode.SOURCE_MISSING));
        assertThat(harness.ledger().get(photo.photoId()).getStatus()).isEqualTo(UploadStatus.FAILED);

        // The operator puts the file back and replays the dead letter.
        Files.move(kept, photo.path());
        harness.publish(DeadLetters.replay(letters.get(0)));
        await().atMost(Duration.ofSeconds(60)).until(() -> !harness.emulator.images().isEmpty());
        harness.awaitCaughtUp(Duration.ofSeconds(60));

        assertThat(harness.imagesByMd5().get(photo.md5())).hasSize(1);
        assertThat(harness.ledger().get(photo.photoId()).getStatus()).isEqualTo(UploadStatus.UPLOADED);
        assertThat(harness.read(PhotopipeTopic.DEAD_LETTERS)).hasSize(1);

        // The original request delivered again (a plain re-publication) is a no-op: the ledger decides.
        int uploads = harness.emulator.calls("pwg.images.uploadAsync");
        harness.send(List.of(request));
        harness.awaitCaughtUp(Duration.ofSeconds(60));
        assertThat(harness.emulator.calls("pwg.images.uploadAsync")).isEqualTo(uploads);
        assertThat(sink.isRunning()).isTrue();
    }
}
