package dev.photopipe.schemas.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final byte[] KEY = {1, 2, 3};
    private static final byte[] VALUE = {(byte) 0xC3, 1, 9, 9, 0, (byte) 0xFF};

    private static ConsumerRecord<byte[], byte[]> failedRecord() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("photos.captured", 4, 1234L, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                KEY.length, VALUE.length, KEY, VALUE, headers, Optional.empty());
    }

    private static DeadLetter context() {
        return DeadLetter.of(failedRecord(), Stage.SINK, ReasonCode.PIWIGO_REJECTED, FailureKind.PERMANENT,
                        new IllegalStateException("Piwigo said: file already exists"), 2_000L)
                .withAttempts(3, 1_000L)
                .withBatchId("LOT-4711");
    }

    @Test
    void roundTripsThroughHeaders() {
        DeadLetter context = context();

        Headers headers = context.toHeaders(new RecordHeaders());

        assertThat(DeadLetter.fromHeaders(headers)).isEqualTo(context);
        assertThat(context.sourceTopic()).isEqualTo("photos.captured");
        assertThat(context.partition()).isEqualTo(4);
        assertThat(context.offset()).isEqualTo(1234L);
        assertThat(context.exceptionClass()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void headerValuesAreReadableTextUnderThePhotopipePrefix() {
        Headers headers = context().toHeaders(new RecordHeaders());

        assertThat(text(headers, DeadLetterHeaders.STAGE)).isEqualTo("sink");
        assertThat(text(headers, DeadLetterHeaders.REASON)).isEqualTo("PIWIGO_REJECTED");
        assertThat(text(headers, DeadLetterHeaders.FAILURE_KIND)).isEqualTo("permanent");
        assertThat(text(headers, DeadLetterHeaders.OFFSET)).isEqualTo("1234");
        assertThat(text(headers, DeadLetterHeaders.FIRST_FAILURE_TIME_MS)).isEqualTo("1000");
        assertThat(headers).allSatisfy(h -> assertThat(h.key()).startsWith("__photopipe.errors."));
    }

    @Test
    void optionalFieldsAreOmittedAndReadBackAsNull() {
        DeadLetter bare = DeadLetter.of(failedRecord(), Stage.ENRICH, ReasonCode.UNROUTABLE, FailureKind.PERMANENT, null, 5L);

        Headers headers = bare.toHeaders(new RecordHeaders());

        assertThat(headers.lastHeader(DeadLetterHeaders.EXCEPTION_CLASS_NAME)).isNull();
        assertThat(headers.lastHeader(DeadLetterHeaders.BATCH_ID)).isNull();
        assertThat(DeadLetter.fromHeaders(headers)).isEqualTo(bare);
    }

    @Test
    void writingAgainReplacesTheEarlierContextInsteadOfDuplicatingIt() {
        Headers headers = context().toHeaders(new RecordHeaders());
        DeadLetter second = DeadLetter.of(failedRecord(), Stage.REPLAY, ReasonCode.PROCESSING_FAILED,
                FailureKind.TRANSIENT, new RuntimeException("again"), 9_000L);

        second.toHeaders(headers);

        assertThat(headers.headers(DeadLetterHeaders.STAGE)).hasSize(1);
        assertThat(headers.lastHeader(DeadLetterHeaders.BATCH_ID)).isNull();
        assertThat(DeadLetter.fromHeaders(headers)).isEqualTo(second);
    }

    @Test
    void aMissingOrMalformedHeaderIsNamed() {
        Headers headers = context().toHeaders(new RecordHeaders());
        headers.remove(DeadLetterHeaders.OFFSET);

        assertThatThrownBy(() -> DeadLetter.fromHeaders(headers)).hasMessageContaining(DeadLetterHeaders.OFFSET);

        headers.add(DeadLetterHeaders.OFFSET, "twelve".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> DeadLetter.fromHeaders(headers))
                .hasMessageContaining(DeadLetterHeaders.OFFSET).hasMessageContaining("twelve");
    }

    @Test
    void longMessagesAreAbbreviatedAndInvalidValuesRefused() {
        DeadLetter longMessage = new DeadLetter("t", 0, 0, Stage.INGEST, ReasonCode.SOURCE_MISSING, FailureKind.PERMANENT,
                null, "x".repeat(10_000), 1, 0, 0, null);

        assertThat(longMessage.message()).hasSize(DeadLetter.MAX_MESSAGE_CHARS).endsWith("...");
        assertThatThrownBy(() -> new DeadLetter("t", 0, 0, Stage.INGEST, ReasonCode.SOURCE_MISSING,
                FailureKind.PERMANENT, null, null, 0, 0, 0, null)).hasMessageContaining("attempts");
        assertThatThrownBy(() -> new DeadLetter("t", 0, 0, Stage.INGEST, ReasonCode.SOURCE_MISSING,
                FailureKind.PERMANENT, null, null, 1, 10, 5, null)).hasMessageContaining("before first");
    }

    @Test
    void theDeadLetterRecordKeepsKeyValueAndHeadersUntouched() {
        ProducerRecord<byte[], byte[]> record = DeadLetters.deadLetter("photos.dead-letter", failedRecord(), context());

        assertThat(record.topic()).isEqualTo("photos.dead-letter");
        assertThat(record.key()).isEqualTo(KEY);
        assertThat(record.value()).isEqualTo(VALUE);
        assertThat(record.partition()).isNull();
        assertThat(text(record.headers(), "traceparent")).isEqualTo("00-abc");
        assertThat(DeadLetter.fromHeaders(record.headers())).isEqualTo(context());
    }

    @Test
    void replayRepublishesTheSameBytesToTheSourceTopicWithoutDeadLetterHeaders() {
        ProducerRecord<byte[], byte[]> dead = DeadLetters.deadLetter("photos.dead-letter", failedRecord(), context());
        ConsumerRecord<byte[], byte[]> consumed = new ConsumerRecord<>(dead.topic(), 0, 7L, 0L, TimestampType.CREATE_TIME,
                KEY.length, VALUE.length, dead.key(), dead.value(), dead.headers(), Optional.empty());

        ProducerRecord<byte[], byte[]> replay = DeadLetters.replay(consumed);

        assertThat(replay.topic()).isEqualTo("photos.captured");
        assertThat(replay.key()).isEqualTo(KEY);
        assertThat(replay.value()).isEqualTo(VALUE);
        assertThat(replay.headers()).extracting(h -> h.key())
                .containsExactly("traceparent", ReplayHeaders.REPLAYED_FROM);
        assertThat(text(replay.headers(), ReplayHeaders.REPLAYED_FROM)).isEqualTo("photos.dead-letter-0@7");
    }

    @Test
    void aSecondReplayCarriesOnlyItsOwnMark() {
        ProducerRecord<byte[], byte[]> dead = DeadLetters.deadLetter("photos.dead-letter", failedRecord(), context());
        dead.headers().add(ReplayHeaders.REPLAYED_FROM, "photos.dead-letter-0@1".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> consumed = new ConsumerRecord<>(dead.topic(), 2, 9L, 0L, TimestampType.CREATE_TIME,
                KEY.length, VALUE.length, dead.key(), dead.value(), dead.headers(), Optional.empty());

        ProducerRecord<byte[], byte[]> replay = DeadLetters.replay(consumed);

        assertThat(replay.headers().headers(ReplayHeaders.REPLAYED_FROM)).hasSize(1);
        assertThat(text(replay.headers(), ReplayHeaders.REPLAYED_FROM)).isEqualTo("photos.dead-letter-2@9");
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
