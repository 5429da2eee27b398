package dev.photopipe.enrich.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ReferenceTopicTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void syncWritesOnlyChangesAndTombstonesKeysNoLongerWanted() throws Exception {
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
                new StringSerializer());

        ReferenceTopic.SyncResult result = ReferenceTopic.sync(producer, "rules",
                Map.of("same", "v1", "changed", "v2", "new", "v1"),
                Map.of("same", "v1", "changed", "v1", "gone", "v1"), TIMEOUT);

        assertThat(result.created()).containsExactly("new");
        assertThat(result.updated()).containsExactly("changed");
        assertThat(result.deleted()).containsExactly("gone");
        assertThat(result.unchanged()).containsExactly("same");
        assertThat(producer.history()).extracting(ProducerRecord::key, ProducerRecord::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("changed", "v2"),
                        org.assertj.core.groups.Tuple.tuple("new", "v1"),
                        org.assertj.core.groups.Tuple.tuple("gone", null));
    }

    @Test
    void readAllKeepsTheLastValuePerKeyAndDropsTombstonedKeys() throws Exception {
        MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
        TopicPartition partition = new TopicPartition("rules", 0);
        consumer.updatePartitions("rules", List.of(new PartitionInfo("rules", 0, Node.noNode(), null, null)));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 4L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>("rules", 0, 0, "a", "1"));
            consumer.addRecord(new ConsumerRecord<>("rules", 0, 1, "b", "1"));
            consumer.addRecord(new ConsumerRecord<>("rules", 0, 2, "a", "2"));
            consumer.addRecord(new ConsumerRecord<>("rules", 0, 3, "b", null));
        });

        assertThat(ReferenceTopic.readAll(consumer, "rules", TIMEOUT)).containsExactlyEntriesOf(Map.of("a", "2"));
    }
}
