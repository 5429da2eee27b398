package dev.photopipe.schemas.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds dead-letter and replay records. Stateless and thread-safe. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /**
     * The dead letter of {@code failed} for {@code deadLetterTopic}: the failed record's key and
     * value bytes untouched, its own headers kept, and {@code context} added as
     * {@link DeadLetterHeaders}. Partition and timestamp are left to the producer: the dead letter
     * is a new event (its retention counts from now), while its origin is in the headers.
     */
    public static ProducerRecord<byte[], byte[]> deadLetter(String deadLetterTopic, ConsumerRecord<byte[], byte[]> failed,
                                                            DeadLetter context) {
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        RecordHeaders headers = new RecordHeaders();
        for (Header header : failed.headers()) {
            headers.add(header);
        }
        context.toHeaders(headers);
        return new ProducerRecord<>(deadLetterTopic, null, null, failed.key(), failed.value(), headers);
    }

    /**
     * The replay of a dead letter: its key and value bytes to the source topic named in its
     * headers, with every other header kept and the {@link DeadLetterHeaders#PREFIX} ones removed,
     * and {@link ReplayHeaders#REPLAYED_FROM} naming this dead letter (replacing the mark of an
     * earlier replay). The partition follows from the key again, as for the original record.
     *
     * @throws IllegalArgumentException {@code deadLetter} carries no valid photopipe dead-letter headers
     */
    public static ProducerRecord<byte[], byte[]> replay(ConsumerRecord<byte[], byte[]> deadLetter) {
        DeadLetter context = DeadLetter.fromHeaders(deadLetter.headers());
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX) && !header.key().equals(ReplayHeaders.REPLAYED_FROM)) {
                headers.add(header);
            }
        }
        headers.add(ReplayHeaders.REPLAYED_FROM, (deadLetter.topic() + "-" + deadLetter.partition() + "@"
                + deadLetter.offset()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(context.sourceTopic(), null, null, deadLetter.key(), deadLetter.value(), headers);
    }
}
