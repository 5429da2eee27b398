package dev.photopipe.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The marks of replayed dead letters in the compacted {@code photopipe.dead-letters.replayed}
 * topic. A mark's key is the letter's own {@code <partition>-<offset>} in the dead-letter topic:
 * unique per letter, where the letter's source coordinates are not (every ingest letter says
 * {@code -1/-1}). Its value is the replay time, for people reading the topic. Marks are never
 * tombstoned: deleting one would make the next replay count the letter again.
 */
public final class ReplayMarks {
    private final Set<String> keys = new HashSet<>();

    private ReplayMarks() {
    }

    /**
     * Reads the marks of {@code marksTopic}, up to the scan's --max-records bound. Marks beyond it
     * are missed, which can only make a replay re-drive a letter once more: harmless downstream.
     */
    public static ReplayMarks read(TopicScan scan, String marksTopic) {
        ReplayMarks marks = new ReplayMarks();
        scan.fromBeginning(marksTopic, record -> {
            if (record.key() != null && record.value() != null) {
                marks.keys.add(new String(record.key(), StandardCharsets.UTF_8));
            }
        });
        return marks;
    }

    /** The mark key of a record of the dead-letter topic. */
    public static String key(ConsumerRecord<?, ?> deadLetter) {
        return deadLetter.partition() + "-" + deadLetter.offset();
    }

    public boolean isReplayed(ConsumerRecord<?, ?> deadLetter) {
        return keys.contains(key(deadLetter));
    }

    /** The mark of {@code deadLetter}, replayed at {@code now}. */
    public static ProducerRecord<byte[], byte[]> mark(String marksTopic, ConsumerRecord<?, ?> deadLetter, Instant now) {
        return new ProducerRecord<>(marksTopic, key(deadLetter).getBytes(StandardCharsets.UTF_8),
                ("replayed at " + now).getBytes(StandardCharsets.UTF_8));
    }
}
