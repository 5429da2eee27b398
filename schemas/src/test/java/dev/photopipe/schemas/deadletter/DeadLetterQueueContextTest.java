package dev.photopipe.schemas.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterQueueContextTest {
    private static final byte[] GARBAGE = {(byte) 0xC3, 0, (byte) 0xFF, 7};
    private final DeadLetterQueueContext context = new DeadLetterQueueContext(Stage.EXPIRY, "expiry-stream");

    /** A record as Kafka Streams' dead-letter queue builds it: original bytes and its own error headers. */
    private static ProducerRecord<byte[], byte[]> streamsLetter() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("__streams.errors.topic", "photopipe.sink.ledger".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>("photopipe.dead-letters", null, null, "p1".getBytes(StandardCharsets.UTF_8),
                GARBAGE, headers);
    }

    @Test
    void addsPhotopipesHeadersReadableBackToEveryLetterAndKeepsStreamsOnes() {
        List<ProducerRecord<byte[], byte[]>> letters = List.of(streamsLetter(), streamsLetter());
        long before = System.currentTimeMillis();

        DeadLetter written = context.addContext(letters,
                new DeadLetterQueueContext.FailedInput("photopipe.sink.ledger", 1, 42L, null),
                ReasonCode.DESERIALIZATION_FAILED, new IllegalArgumentException("not Avro: magic byte 0xC3"), null,
                null);

        for (ProducerRecord<byte[], byte[]> letter : letters) {
            DeadLetter read = DeadLetter.fromHeaders(letter.headers());
            assertThat(read).isEqualTo(written);
            assertThat(read.stage()).isEqualTo(Stage.EXPIRY);
            assertThat(read.reason()).isEqualTo(ReasonCode.DESERIALIZATION_FAILED);
            assertThat(read.kind()).isEqualTo(FailureKind.PERMANENT);
            assertThat(read.sourceTopic()).isEqualTo("photopipe.sink.ledger");
            assertThat(read.partition()).isEqualTo(1);
            assertThat(read.offset()).isEqualTo(42L);
            assertThat(read.exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(read.message()).isEqualTo("not Avro: magic byte 0xC3");
            assertThat(read.batchId()).isNull();
            assertThat(read.lastFailureTimeMs()).isBetween(before, System.currentTimeMillis());
            assertThat(letter.headers().lastHeader("__streams.errors.topic")).isNotNull();
            assertThat(letter.value()).isEqualTo(GARBAGE);
        }
        assertThat(letters.get(0).headers().lastHeader(DeadLetterHeaders.STAGE).value())
                .asString(StandardCharsets.UTF_8).isEqualTo("expiry");
    }

    @Test
    void namesTheFailingProcessorAndRecordsTheBatch() {
        List<ProducerRecord<byte[], byte[]>> letters = List.of(streamsLetter());

        context.addContext(letters, new DeadLetterQueueContext.FailedInput("photos.captured", 0, 7L, "route"),
                ReasonCode.UNROUTABLE, new IllegalStateException("no rule"), "LOT-4711", "p1");

        DeadLetter read = DeadLetter.fromHeaders(letters.get(0).headers());
        assertThat(read.message()).isEqualTo("processor route: no rule");
        assertThat(read.batchId()).isEqualTo("LOT-4711");
    }

    @Test
    void writesNothingWhenStreamsProducedNoLetter() {
        assertThat(context.addContext(new ArrayList<>(), new DeadLetterQueueContext.FailedInput("t", 0, 0L, null),
                ReasonCode.DESERIALIZATION_FAILED, new IllegalArgumentException("x"), null, null)).isNull();
        assertThat(context.addContext(null, new DeadLetterQueueContext.FailedInput("t", 0, 0L, null),
                ReasonCode.DESERIALIZATION_FAILED, new IllegalArgumentException("x"), null, null)).isNull();
    }
}
