package dev.photopipe.cli;

import static dev.photopipe.cli.OpsFixture.bytes;
import static dev.photopipe.cli.OpsFixture.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code photopipe status} on a real broker, over topics filled with known records. */
@ExtendWith(SharedKafka.class)
class StatusIT {
    private static final Instant AT = OpsFixture.AT;

    private final OpsFixture kafka = new OpsFixture();
    private final String group = SharedKafka.uniqueName("status-group");

    @TempDir
    Path viewsDir;

    @AfterEach
    void close() {
        kafka.close();
    }

    @BeforeEach
    void fillTopics() throws Exception {
        // LOT-A: p1 (sent twice), p2; LOT-B: p3. Partitions explicit so that end offsets are known.
        kafka.send(PhotopipeTopic.CAPTURED_PHOTOS, 0, "p1", photo("p1", "LOT-A"));
        kafka.send(PhotopipeTopic.CAPTURED_PHOTOS, 0, "p2", photo("p2", "LOT-A"));
        kafka.send(PhotopipeTopic.CAPTURED_PHOTOS, 0, "p1", photo("p1", "LOT-A"));
        kafka.send(PhotopipeTopic.CAPTURED_PHOTOS, 1, "p3", photo("p3", "LOT-B"));
        for (String[] photo : new String[][] {{"p1", "LOT-A"}, {"p2", "LOT-A"}, {"p3", "LOT-B"}}) {
            kafka.send(PhotopipeTopic.UPLOAD_REQUESTS, 0, photo[0], UploadRequest.newBuilder()
                    .setPhoto(photo(photo[0], photo[1])).setAlbumPath(List.of("Production", photo[1])).build());
        }
        kafka.send(PhotopipeTopic.SINK_LEDGER, 0, "p1", outcome("p1", UploadStatus.UPLOADED));
        kafka.send(PhotopipeTopic.SINK_LEDGER, 0, "p2", outcome("p2", UploadStatus.FAILED));
        kafka.send(PhotopipeTopic.SINK_LEDGER, 0, "p3", outcome("p3", UploadStatus.ALREADY_PRESENT));

        RecordMetadata replayed = deadLetter(ReasonCode.PIWIGO_REJECTED, "LOT-A");
        deadLetter(ReasonCode.PIWIGO_REJECTED, "LOT-A");
        deadLetter(ReasonCode.CORRUPT_IMAGE, "LOT-B");
        kafka.send(new ProducerRecord<>(kafka.name(PhotopipeTopic.DEAD_LETTERS_REPLAYED),
                bytes(replayed.partition() + "-" + replayed.offset()), bytes("replayed at " + AT)));

        String captured = kafka.name(PhotopipeTopic.CAPTURED_PHOTOS);
        try (Admin admin = kafka.clients.admin()) {
            admin.alterConsumerGroupOffsets(group, Map.of(
                    new TopicPartition(captured, 0), new OffsetAndMetadata(1),
                    new TopicPartition(captured, 1), new OffsetAndMetadata(1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code args} against a running photopipe's views over these topics. */
    private String[] withViews(String... args) throws Exception {
        return kafka.withViews(viewsDir, args);
    }

    /** Runs status until the views have read every record written above (they read in the background). */
    private JsonNode statusOnceCaughtUp() throws Exception {
        String[] args = withViews("status", "--json");
        JsonNode[] status = new JsonNode[1];
        await().atMost(OpsFixture.TIMEOUT).untilAsserted(() -> {
            assertThat(kafka.photopipe(args)).as(kafka.err).isZero();
            status[0] = new ObjectMapper().readTree(kafka.out);
            assertThat(counts(status[0].get("deadLetters").get("byReason")))
                    .containsExactly("CORRUPT_IMAGE 1/0", "PIWIGO_REJECTED 1/1");
            assertThat(status[0].get("batches")).hasSize(2);
            assertThat(status[0].get("batches").get(0).get("failed").asLong()).isEqualTo(1);
        });
        return status[0];
    }

    @Test
    void jsonReportsLagOfACommittedGroupDeadLettersAndBatchProgress() throws Exception {
        JsonNode status = statusOnceCaughtUp();

        List<String> lag = new ArrayList<>();
        status.get("groups").forEach(row -> {
            if (row.get("group").asText().equals(group)) {
                lag.add(row.get("partition").asInt() + ":" + row.get("committed").asLong() + "/"
                        + row.get("end").asLong() + " lag " + row.get("lag").asLong());
            }
        });
        assertThat(lag).containsExactly("0:1/3 lag 2", "1:1/1 lag 0");
        assertThat(status.get("idleGroups")).extracting(JsonNode::asText)
                .containsExactly("photopipe-sink", "photopipe-enrich");

        assertThat(counts(status.get("deadLetters").get("byReason")))
                .containsExactly("CORRUPT_IMAGE 1/0", "PIWIGO_REJECTED 1/1");
        assertThat(counts(status.get("deadLetters").get("byBatch"))).containsExactly("LOT-A 1/1", "LOT-B 1/0");
        List<String> failures = new ArrayList<>();
        status.get("deadLetters").get("byBatchAndReason").forEach(row -> failures.add(row.get("batch").asText() + " "
                + row.get("reason").asText() + " " + row.get("pending").asLong() + "/" + row.get("replayed").asLong()
                + " " + row.get("stage").asText() + ": " + row.get("latestMessage").asText()));
        assertThat(failures).containsExactly("LOT-A PIWIGO_REJECTED 1/1 sink: refused", "LOT-B CORRUPT_IMAGE 1/0 sink: refused");

        List<String> batches = new ArrayList<>();
        status.get("batches").forEach(b -> batches.add(b.get("batch").asText() + " captured " + b.get("captured").asLong()
                + " dup " + b.get("duplicates").asLong() + " routed " + b.get("routed").asLong() + " uploaded "
                + b.get("uploaded").asLong() + " failed " + b.get("failed").asLong() + " dead "
                + b.get("deadLettered").asLong()));
        assertThat(batches).containsExactly(
                "LOT-A captured 2 dup 1 routed 2 uploaded 1 failed 1 dead 1",
                "LOT-B captured 1 dup 0 routed 1 uploaded 1 failed 0 dead 1");
        assertThat(status.get("views").get("source").asText()).isEqualTo("http://127.0.0.1:" + kafka.viewsEndpoint.port());
        assertThat(status.get("scans")).as("nothing is scanned any more").isEmpty();
    }

    @Test
    void tablesShowTheSameFiguresAndRates() throws Exception {
        statusOnceCaughtUp();

        assertThat(kafka.photopipe(withViews("status", "--sample-ms", "1"))).as(kafka.err).isZero();

        assertThat(kafka.out).contains("Consumer groups", "Dead letters by reason", "Batches", "in/s",
                        "Counts from the views at http://127.0.0.1:" + kafka.viewsEndpoint.port())
                .containsPattern(group + " +" + kafka.name(PhotopipeTopic.CAPTURED_PHOTOS) + " +0 +1 +3 +2")
                .containsPattern("LOT-A +2 +1 +2 +1 +1 +1 +1 +0");
    }

    @Test
    void withoutRunningViewsItShowsLagSaysWhereItLookedAndExits4() {
        int exit = kafka.photopipe("status", "--set", "views.url=http://127.0.0.1:1");

        assertThat(exit).isEqualTo(ExitCodes.KAFKA);
        assertThat(kafka.out).contains("Consumer groups", group)
                .contains("Batches and dead letters: unavailable. No photopipe views at http://127.0.0.1:1")
                .contains("point views.url at one");
    }

    private static List<String> counts(JsonNode rows) {
        List<String> counts = new ArrayList<>();
        rows.forEach(row -> counts.add(row.get("key").asText() + " " + row.get("pending").asLong() + "/"
                + row.get("replayed").asLong()));
        return counts;
    }

    private RecordMetadata deadLetter(ReasonCode reason, String batch) throws Exception {
        return kafka.deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, reason, batch, "k", "refused");
    }

    private static UploadOutcome outcome(String id, UploadStatus status) {
        return UploadOutcome.newBuilder().setPhotoId(id).setStatus(status).setMd5("md5-" + id)
                .setFirstAttemptTime(AT).setLastAttemptTime(AT).build();
    }

}
