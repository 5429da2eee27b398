package dev.photopipe.enrich.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads and writes a compacted reference-data topic (rules, cameras) as a whole: what is live,
 * and how to make it equal to a file. Plain Kafka clients, no Streams; the CLI's
 * {@code rules load|list} and {@code cameras load} are thin wrappers around these methods.
 */
public final class ReferenceTopic {
    /** What {@link #sync} wrote: keys created, changed, deleted (tombstoned) and left alone. */
    public record SyncResult(List<String> created, List<String> updated, List<String> deleted, List<String> unchanged) {
    }

    private ReferenceTopic() {
    }

    /**
     * The topic's current state: the last value per key, tombstoned keys removed. Assigns every
     * partition of {@code topic} to {@code consumer} (no group, no commits) and reads from the
     * beginning up to the end offsets taken at the start.
     *
     * @throws TimeoutException if the end is not reached within {@code timeout}
     */
    public static <V> Map<String, V> readAll(Consumer<String, V> consumer, String topic, Duration timeout)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new LinkedHashMap<>(consumer.endOffsets(partitions, timeout));
        Map<String, V> state = new TreeMap<>();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + topic + " took longer than " + timeout);
            }
            for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() == null) {
                    continue;
                }
                if (record.value() == null) {
                    state.remove(record.key());
                } else {
                    state.put(record.key(), record.value());
                }
            }
        }
        return state;
    }

    /**
     * Makes {@code topic} hold exactly {@code wanted}: writes new and changed values, tombstones
     * keys of {@code live} that are not wanted, skips equal values (so reloading the same file
     * writes nothing), then waits until every write is acknowledged.
     *
     * @param live the topic's current state, usually from {@link #readAll}
     * @throws KafkaException if a write failed; some others may have succeeded, and a rerun converges
     */
    public static <V> SyncResult sync(Producer<String, V> producer, String topic, Map<String, V> wanted,
                                      Map<String, V> live, Duration timeout) throws TimeoutException {
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        wanted.forEach((key, value) -> {
            V current = live.get(key);
            if (Objects.equals(current, value)) {
                unchanged.add(key);
                return;
            }
            (current == null ? created : updated).add(key);
            sends.add(producer.send(new ProducerRecord<>(topic, key, value)));
        });
        for (String key : live.keySet()) {
            if (!wanted.containsKey(key)) {
                deleted.add(key);
                sends.add(producer.send(new ProducerRecord<>(topic, key, null)));
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while writing " + topic, e);
            } catch (ExecutionException e) {
                throw new KafkaException("writing " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return new SyncResult(List.copyOf(created), List.copyOf(updated), List.copyOf(deleted), List.copyOf(unchanged));
    }
}
