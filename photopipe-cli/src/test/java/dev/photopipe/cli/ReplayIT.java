package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.DeadLetterHeaders;
import dev.photopipe.schemas.deadletter.DeadLetters;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.ReplayHeaders;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code photopipe replay} on a real broker: what goes where, what is marked, what is refused. */
@ExtendWith(SharedKafka.class)
class ReplayIT {
    private static final long FAILED_AT = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();

    private final OpsFixture kafka = new OpsFixture();

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void replayByBatchRepublishesTheOriginalBytesAndHeadersToTheSourceTopic() throws Exception {
        deadLetter(PhotopipeTopic.CAPTURED_PHOTOS, Stage.ENRICH, ReasonCode.UNROUTABLE, "LOT-4711", "p1");
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-4711", "p2");
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-9", "p3");

        assertThat(kafka.photopipe("replay", "--batch", "LOT-4711")).isZero();

        assertThat(kafka.out).containsPattern("replayed +2").containsPattern("not replayable +0");
        assertThat(kafka.read(PhotopipeTopic.CAPTURED_PHOTOS)).singleElement().satisfies(record -> original(record, "p1"));
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).singleElement().satisfies(record -> original(record, "p2"));
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS)).as("letters are kept").hasSize(3);
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_REPLAYED)).hasSize(2);
    }

    @Test
    void dryRunListsTheSelectionAndChangesNothing() throws Exception {
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_REJECTED, "LOT-1", "p1");
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-1", "p2");

        assertThat(kafka.photopipe("replay", "--reason", "PIWIGO_UNAVAILABLE", "--dry-run")).isZero();

        assertThat(kafka.out).contains("Dry run", "reason PIWIGO_UNAVAILABLE", "LOT-1")
                .containsPattern("would replay +1");
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).isEmpty();
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_REPLAYED)).isEmpty();
    }

    @Test
    void replayingTwiceReplaysNothingTheSecondTimeUnlessAgain() throws Exception {
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-2", "p1");
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-2", "p2");

        assertThat(kafka.photopipe("replay", "--stage", "sink")).isZero();
        assertThat(kafka.photopipe("replay", "--stage", "sink")).isZero();

        assertThat(kafka.out).containsPattern("replayed +0").containsPattern("already replayed.* +2");
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).hasSize(2);

        assertThat(kafka.photopipe("replay", "--stage", "sink", "--again")).isZero();
        assertThat(kafka.out).containsPattern("replayed +2");
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).hasSize(4);
    }

    @Test
    void ingestLettersAreReportedAsNotReplayableWithTheirReason() throws Exception {
        DeadLetter context = new DeadLetter(kafka.name(PhotopipeTopic.CAPTURED_PHOTOS), -1, -1L, Stage.INGEST,
                ReasonCode.EMPTY_FILE, FailureKind.PERMANENT, null, "0 bytes", 1, FAILED_AT, FAILED_AT, "LOT-3");
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(kafka.name(PhotopipeTopic.DEAD_LETTERS),
                bytes("cam1/a.jpg"), new byte[0]);
        context.toHeaders(letter.headers());
        kafka.send(letter);

        assertThat(kafka.photopipe("replay", "--batch", "LOT-3")).isZero();

        assertThat(kafka.out).containsPattern("not replayable +1").contains("ingest EMPTY_FILE", "fix the file");
        assertThat(kafka.read(PhotopipeTopic.CAPTURED_PHOTOS)).isEmpty();
    }

    @Test
    void expiryLettersAreLeftAloneWithWhatToDoInstead() throws Exception {
        deadLetter(PhotopipeTopic.SINK_LEDGER, Stage.EXPIRY, ReasonCode.DESERIALIZATION_FAILED, "LOT-5", "p1");
        deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-5", "p2");

        assertThat(kafka.photopipe("replay", "--batch", "LOT-5")).isZero();

        assertThat(kafka.out).containsPattern("replayed +1").containsPattern("not replayable +1")
                .contains("expiry DESERIALIZATION_FAILED", kafka.name(PhotopipeTopic.SINK_LEDGER),
                        "fix or remove its writer", "photopipe dead-letters resolve");
        assertThat(kafka.read(PhotopipeTopic.SINK_LEDGER)).as("nothing re-published to the ledger").isEmpty();
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).singleElement().satisfies(record -> original(record, "p2"));
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_REPLAYED)).as("only the sink letter is marked").hasSize(1);

        assertThat(kafka.photopipe("replay", "--stage", "expiry")).as("expiry is a stage to select").isZero();
        assertThat(kafka.out).containsPattern("not replayable +1");
    }

    @Test
    void missingSelectionIsRefusedWithTheFix() {
        assertThat(kafka.photopipe("replay")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("No selection", "--all");
    }

    @Test
    void requestsSinceRepublishesOnlyLaterRequestsWithTheForceCheckHeader() throws Exception {
        // Relative to now: records older than the topic's retention (7 days) would be deleted by
        // the broker's retention check while the test runs (a fixed date made this test flaky).
        Instant since = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        String requests = kafka.name(PhotopipeTopic.UPLOAD_REQUESTS);
        kafka.send(new ProducerRecord<>(requests, null, since.minusSeconds(3600).toEpochMilli(), bytes("old"), bytes("v-old")));
        kafka.send(new ProducerRecord<>(requests, null, since.plusSeconds(60).toEpochMilli(), bytes("new1"), bytes("v-new1")));
        kafka.send(new ProducerRecord<>(requests, null, since.plusSeconds(120).toEpochMilli(), bytes("new2"), bytes("v-new2")));

        assertThat(kafka.photopipe("replay", "--requests", "--since", since.toString(), "--force-check")).isZero();

        assertThat(kafka.out).contains("Re-published 2 upload request(s)");
        List<ConsumerRecord<byte[], byte[]>> all = kafka.read(PhotopipeTopic.UPLOAD_REQUESTS);
        assertThat(all).hasSize(5);
        List<ConsumerRecord<byte[], byte[]>> replayed = all.stream()
                .filter(record -> record.headers().lastHeader(ReplayHeaders.FORCE_CHECK) != null).toList();
        assertThat(replayed).extracting(record -> text(record.key())).containsExactlyInAnyOrder("new1", "new2");
        assertThat(replayed).allSatisfy(record -> {
            assertThat(text(record.headers().lastHeader(ReplayHeaders.FORCE_CHECK).value())).isEqualTo("true");
            assertThat(text(record.value())).isEqualTo("v-" + text(record.key()));
            // Same key, same partition: the replay reaches the sink instance that owns the photo.
            assertThat(record.partition()).isEqualTo(all.stream()
                    .filter(r -> text(r.key()).equals(text(record.key()))).findFirst().orElseThrow().partition());
        });
    }

    @Test
    void requestsWithoutForceCheckCarryNoHeader() throws Exception {
        String requests = kafka.name(PhotopipeTopic.UPLOAD_REQUESTS);
        kafka.send(new ProducerRecord<>(requests, bytes("k"), bytes("v")));

        assertThat(kafka.photopipe("replay", "--requests", "--since", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()))
                .isZero();

        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).hasSize(2)
                .allSatisfy(record -> assertThat(record.headers().lastHeader(ReplayHeaders.FORCE_CHECK)).isNull());
    }

    /** A dead letter of a record with key and value {@code id}, carrying an own header {@code trace}. */
    private void deadLetter(PhotopipeTopic source, Stage stage, ReasonCode reason, String batch, String id)
            throws Exception {
        ConsumerRecord<byte[], byte[]> failed = new ConsumerRecord<>(kafka.name(source), 0, 42L, bytes(id), bytes("value-" + id));
        failed.headers().add("trace", bytes("t-" + id));
        DeadLetter context = new DeadLetter(failed.topic(), 0, 42L, stage, reason, FailureKind.TRANSIENT,
                "java.io.IOException", "boom", 3, FAILED_AT, FAILED_AT, batch);
        kafka.send(DeadLetters.deadLetter(kafka.name(PhotopipeTopic.DEAD_LETTERS), failed, context));
    }

    private static void original(ConsumerRecord<byte[], byte[]> record, String id) {
        assertThat(text(record.key())).isEqualTo(id);
        assertThat(text(record.value())).isEqualTo("value-" + id);
        // The original headers, plus the mark that makes the sink try a photo its ledger calls FAILED.
        assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("trace", ReplayHeaders.REPLAYED_FROM);
        assertThat(text(record.headers().lastHeader("trace").value())).isEqualTo("t-" + id);
        assertThat(record.headers().toArray()).noneMatch(h -> h.key().startsWith(DeadLetterHeaders.PREFIX));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
