package dev.photopipe.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SinkDeadLetterIT extends SinkScenario {
    @Test
    void deadLettersEachBadRecordWithItsReasonAndUploadsTheRest() throws Exception {
        harness(PiwigoEmulator.builder());
        List<UploadRequest> good = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            good.add(SinkHarness.request(harness.photo(i), i));
        }
        SinkHarness.Photo missing = harness.photo(100);
        UploadRequest missingRequest = SinkHarness.request(missing, 100);
        Files.delete(missing.path());

        Path tiff = tmp.resolve("scan.tiff");
        Files.write(tiff, new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        SinkHarness.Photo forbidden = SinkHarness.file(tiff);
        UploadRequest forbiddenRequest = SinkHarness.request(forbidden, forbidden.photoId(), "scan.tiff",
                SinkHarness.albumPath(1), List.of());

        Path garbage = tmp.resolve("corrupt.jpg");
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        Files.write(garbage, noise);
        SinkHarness.Photo corrupt = SinkHarness.file(garbage);
        UploadRequest corruptRequest = SinkHarness.request(corrupt, corrupt.photoId(), "corrupt.jpg",
                SinkHarness.albumPath(2), List.of());

        byte[] undecodable = "not an upload request".getBytes(StandardCharsets.UTF_8);

        List<UploadRequest> all = new ArrayList<>(good.subList(0, 10));
        all.add(missingRequest);
        all.add(forbiddenRequest);
        all.add(corruptRequest);
        all.addAll(good.subList(10, 20));
        harness.send(all.subList(0, 12));
        harness.sendRaw("undecodable-key".getBytes(StandardCharsets.UTF_8), undecodable);
        harness.send(all.subList(12, all.size()));

        PiwigoSink sink = harness.startSink();
        harness.awaitCaughtUp(Duration.ofSeconds(60));

        assertThat(harness.emulator.images()).hasSize(20);
        assertThat(harness.imagesByMd5().keySet())
                .containsExactlyInAnyOrderElementsOf(good.stream().map(r -> r.getPhoto().getMd5()).toList());
        List<ConsumerRecord<byte[], byte[]>> deadLetters = harness.read(PhotopipeTopic.DEAD_LETTERS);
        Map<ReasonCode, ConsumerRecord<byte[], byte[]>> byReason = deadLetters.stream().collect(
                Collectors.toMap(r -> DeadLetter.fromHeaders(r.headers()).reason(), Function.identity()));
        assertThat(deadLetters).hasSize(4);
        assertThat(byReason).containsOnlyKeys(ReasonCode.SOURCE_MISSING, ReasonCode.FORBIDDEN_TYPE,
                ReasonCode.CORRUPT_IMAGE, ReasonCode.DESERIALIZATION_FAILED);
        assertThat(byReason.get(ReasonCode.DESERIALIZATION_FAILED).value()).isEqualTo(undecodable);
        assertThat(new String(byReason.get(ReasonCode.SOURCE_MISSING).key(), StandardCharsets.UTF_8))
                .isEqualTo(missing.photoId());
        for (ReasonCode reason : List.of(ReasonCode.SOURCE_MISSING, ReasonCode.FORBIDDEN_TYPE, ReasonCode.CORRUPT_IMAGE)) {
            DeadLetter context = DeadLetter.fromHeaders(byReason.get(reason).headers());
            assertThat(context.stage()).isEqualTo(Stage.SINK);
            assertThat(context.batchId()).isEqualTo("LOT-4711");
            assertThat(context.sourceTopic()).isEqualTo(harness.topics.name(PhotopipeTopic.UPLOAD_REQUESTS));
        }
        assertThat(sink.meterRegistry().get("photopipe.sink.dead.letters").tag("reason", "CORRUPT_IMAGE")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void refusesToStartWithAClearErrorOnBadCredentialsAndDeadLettersNothing() {
        harness(PiwigoEmulator.builder()
                .apiKey(PiwigoEmulator.DEFAULT_API_KEY.replaceAll(":.*", ":" + "0".repeat(40))));
        harness.send(List.of(SinkHarness.request(harness.photo(1), 1)));

        // The credentials are checked at start: a wrong key is a configuration error, said at once.
        assertThatThrownBy(harness::startSink).isInstanceOf(ConfigException.class)
                .hasMessageContaining("refused photopipe's credentials").hasMessageContaining("piwigo.api.key");

        assertThat(harness.read(PhotopipeTopic.DEAD_LETTERS)).isEmpty();
        assertThat(harness.emulator.images()).isEmpty();
    }
}
