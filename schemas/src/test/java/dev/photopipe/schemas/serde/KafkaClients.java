package dev.photopipe.schemas.serde;

import dev.photopipe.testing.kafka.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/** Plain clients on the shared broker, for integration tests. */
final class KafkaClients {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaClients() {
    }

    /** Creates a one-partition topic with a unique name and returns the name. */
    static String newTopic(String prefix) {
        String topic = SharedKafka.uniqueName(prefix);
        SharedKafka.createTopics(new NewTopic(topic, 1, (short) 1));
        return topic;
    }

    static <V> KafkaProducer<String, V> producer(Serializer<V> valueSerializer) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), valueSerializer);
    }

    /** A consumer assigned to partition 0 of {@code topic} from the beginning (no group: no rebalance wait). */
    static <V> KafkaConsumer<String, V> consumer(String topic, Deserializer<V> valueDeserializer) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), valueDeserializer);
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    /** Polls until {@code count} records arrived (bounded by {@link #TIMEOUT}). */
    static <V> List<ConsumerRecord<String, V>> poll(KafkaConsumer<String, V> consumer, int count) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.size() >= count;
        });
        return records;
    }
}
