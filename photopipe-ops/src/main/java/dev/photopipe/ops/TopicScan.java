package dev.photopipe.ops;

import dev.photopipe.schemas.config.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads a topic from given start offsets up to its end offsets as they were when the scan began,
 * then stops: the operator commands count and re-drive a snapshot, never a moving target (a
 * replay re-publishing into the topic it reads would otherwise chase its own records).
 *
 * <p>Not thread-safe: one scan at a time on the consumer it is given, which it leaves assigned.
 */
public final class TopicScan {
    private static final Duration POLL = Duration.ofMillis(200);

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final long maxRecords;

    /**
     * @param maxRecords safety bound: the scan stops after this many records and says so, so that a
     *                   status on a huge topic cannot run for hours
     */
    public TopicScan(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, long maxRecords) {
        this.consumer = consumer;
        this.maxRecords = maxRecords;
    }

    /** What a scan saw. */
    public record Result(String topic, long records, boolean limitHit) {
    }

    /** Every record of {@code topic} from the beginning. */
    public Result fromBeginning(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return read(topic, partitions, each);
    }

    /**
     * Every record of {@code topic} with a timestamp at or after {@code sinceMs}, found with
     * {@code offsetsForTimes} per partition (a partition with nothing that recent is skipped).
     */
    public Result since(String topic, long sinceMs, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, sinceMs));
        List<TopicPartition> withRecords = new ArrayList<>();
        Map<TopicPartition, Long> start = new HashMap<>();
        consumer.offsetsForTimes(query, KafkaClients.API_TIMEOUT).forEach((tp, found) -> {
            if (found != null) {
                withRecords.add(tp);
                start.put(tp, found.offset());
            }
        });
        consumer.assign(withRecords);
        start.forEach(consumer::seek);
        return read(topic, withRecords, each);
    }

    private Result read(String topic, List<TopicPartition> partitions, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, KafkaClients.API_TIMEOUT));
        long count = 0;
        boolean limitHit = false;
        while (!limitHit && !done(end)) {
            ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                Long stop = end.get(new TopicPartition(record.topic(), record.partition()));
                if (stop == null || record.offset() >= stop) {
                    continue; // appended after the scan began: not part of the snapshot
                }
                if (count >= maxRecords) {
                    limitHit = true;
                    break;
                }
                each.accept(record);
                count++;
            }
        }
        return new Result(topic, count, limitHit);
    }

    /** True when every partition's position reached its end snapshot (compaction and aborted transactions leave gaps). */
    private boolean done(Map<TopicPartition, Long> end) {
        end.entrySet().removeIf(e -> consumer.position(e.getKey(), KafkaClients.API_TIMEOUT) >= e.getValue());
        return end.isEmpty();
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, KafkaClients.API_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new TimeoutException("Topic " + topic + " does not exist or has no partitions: create the topics "
                    + "with `photopipe topics create` (with the same --set topics.prefix=...)");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        return partitions;
    }
}
