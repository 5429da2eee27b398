package dev.photopipe.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What integration tests do with a broker's topics: publish records, read a whole topic,
 * check that a consumer group committed everything. One producer and one admin client, closed
 * with it. Not thread-safe: one per test.
 */
public final class TopicClient implements AutoCloseable {
    private final String bootstrapServers;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;

    public TopicClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        // Right after creation a partition may still lack its leader: retry fast, not with the
        // default backoff that grows to a second.
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** This client's admin client (not to be closed by the caller). */
    public Admin admin() {
        return admin;
    }

    /** Publishes {@code record} as is and waits for the acknowledgement. */
    public void publish(ProducerRecord<byte[], byte[]> record) {
        producer.send(record);
        producer.flush();
    }

    /**
     * Publishes {@code values} to {@code topic}, each keyed by {@code key} of it (UTF-8), serialized
     * by {@code serializer}, with {@code headers} (UTF-8 values) on every record, and waits for
     * every acknowledgement.
     */
    public <T> void publishAll(String topic, List<T> values, Function<T, String> key, Serializer<T> serializer,
                               Map<String, String> headers) {
        for (T value : values) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                    key.apply(value).getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, value));
            headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
        }
        producer.flush();
    }

    /** Every record of {@code topic} so far, all partitions. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /** Whether {@code group} committed, on each of {@code topic}'s {@code partitions} partitions, up to its end. */
    public boolean committedAll(String group, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
