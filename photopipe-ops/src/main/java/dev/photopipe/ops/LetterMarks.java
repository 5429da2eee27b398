package dev.photopipe.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The letters marked in one of the compacted letter-id topics: {@code photopipe.dead-letters.replayed}
 * (replayed) or {@code photopipe.dead-letters.resolved} (resolved). A mark's key is the letter's own
 * {@code <partition>-<offset>} in the dead-letter topic: unique per letter, where the letter's source
 * coordinates are not (every ingest letter says {@code -1/-1}). Marks are never tombstoned:
 * deleting one would make the next replay or count take the letter as pending again. Not
 * thread-safe; one instance per read.
 */
public final class LetterMarks {
    private final Set<String> keys = new HashSet<>();

    private LetterMarks() {
    }

    /**
     * Reads the marks of {@code marksTopic}, up to the scan's --max-records bound. Marks beyond it
     * are missed, which can only make a replay re-drive a letter once more: harmless downstream.
     */
    public static LetterMarks read(TopicScan scan, String marksTopic) {
        LetterMarks marks = new LetterMarks();
        scan.fromBeginning(marksTopic, record -> {
            if (record.key() != null && record.value() != null) {
                marks.keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        });
        return marks;
    }

    /** The mark key (letter id) of a record of the dead-letter topic. */
    public static String key(ConsumerRecord<?, ?> deadLetter) {
        return deadLetter.partition() + "-" + deadLetter.offset();
    }

    public boolean contains(ConsumerRecord<?, ?> deadLetter) {
        return keys.contains(key(deadLetter));
    }

    /** The replay mark of {@code deadLetter}, replayed at {@code now}; its value is for people reading the topic. */
    public static ProducerRecord<byte[], byte[]> replayMark(String marksTopic, ConsumerRecord<?, ?> deadLetter,
                                                            Instant now) {
        return new ProducerRecord<>(marksTopic, key(deadLetter).getBytes(StandardCharsets.UTF_8),
                ("replayed at " + now).getBytes(StandardCharsets.UTF_8));
    }
}
