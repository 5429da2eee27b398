package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code photopipe dead-letters resolve} on a real broker: what is resolved, by whom, and what replay then skips. */
@ExtendWith(SharedKafka.class)
class DeadLettersResolveIT {
    private final OpsFixture kafka = new OpsFixture();

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void resolvesTheSelectionOnceWithTheOperatorsNoteAndReplaySkipsIt() throws Exception {
        letter("p1", ReasonCode.PIWIGO_REJECTED, "LOT-1");
        letter("p2", ReasonCode.CORRUPT_IMAGE, "LOT-1");
        RecordMetadata p3 = letter("p3", ReasonCode.PIWIGO_REJECTED, "LOT-2");

        assertThat(kafka.photopipe("dead-letters", "resolve", "--batch", "LOT-1", "--reason", "PIWIGO_REJECTED",
                "--note", "part scrapped, ticket 42")).as(kafka.err).isZero();

        assertThat(kafka.out).containsPattern("resolved +1").containsPattern("already resolved +0");
        List<ConsumerRecord<byte[], byte[]>> resolutions = kafka.read(PhotopipeTopic.DEAD_LETTERS_RESOLVED);
        assertThat(resolutions).singleElement().satisfies(r -> {
            JsonNode value = new ObjectMapper().readTree(r.value());
            assertThat(value.get("by").asText()).isEqualTo("operator");
            assertThat(value.get("note").asText()).isEqualTo("part scrapped, ticket 42");
        });

        assertThat(kafka.photopipe("dead-letters", "resolve", "--batch", "LOT-1", "--reason", "PIWIGO_REJECTED",
                "--note", "again")).isZero();
        assertThat(kafka.out).containsPattern("resolved +0").containsPattern("already resolved +1");
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_RESOLVED)).hasSize(1);

        String id = p3.partition() + "-" + p3.offset();
        assertThat(kafka.photopipe("dead-letters", "resolve", "--letter", id, "--note", "duplicate shot")).isZero();
        assertThat(kafka.out).contains("Selection: letter " + id).containsPattern("resolved +1");

        assertThat(kafka.photopipe("replay", "--all")).isZero();
        assertThat(kafka.out).containsPattern("replayed +1").containsPattern("skipped: resolved .* +2");
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).singleElement()
                .satisfies(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("p2"));
    }

    @Test
    void dryRunWritesNothingAndASelectionAndANoteAreRequired() throws Exception {
        letter("p1", ReasonCode.PIWIGO_REJECTED, "LOT-1");

        assertThat(kafka.photopipe("dead-letters", "resolve", "--all", "--note", "x", "--dry-run")).isZero();
        assertThat(kafka.out).contains("Dry run").containsPattern("would resolve +1");
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_RESOLVED)).isEmpty();

        assertThat(kafka.photopipe("dead-letters", "resolve", "--note", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("No selection", "--letter ID, or --all to resolve every dead letter");
        assertThat(kafka.photopipe("dead-letters", "resolve", "--all")).isEqualTo(ExitCodes.USAGE);
        assertThat(kafka.err).contains("--note");
    }

    private RecordMetadata letter(String id, ReasonCode reason, String batch) throws Exception {
        return kafka.deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, reason, batch, id, "refused " + id);
    }
}
