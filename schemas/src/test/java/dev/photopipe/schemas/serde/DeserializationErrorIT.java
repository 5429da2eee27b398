package dev.photopipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.SampleRecords;
import dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason;
import dev.photopipe.testing.kafka.SharedKafka;
import dev.photopipe.testing.registry.ApicurioRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a plain consumer sees for bytes it cannot read: Kafka's RecordDeserializationException
 * with topic, partition and offset, caused by the typed PhotopipeSerdeException; after seeking
 * past it, the next records are read.
 */
@ExtendWith({SharedKafka.class, ApicurioRegistry.class})
class DeserializationErrorIT {

    @Test
    void corruptAndUnknownSchemaBytesGiveTypedErrorsWithTopicPartitionAndOffset() throws Exception {
        String topic = KafkaClients.newTopic("poison");
        byte[] good = AvroSerdes.forClass(Camera.class, Map.of()).serializer().serialize(topic, SampleRecords.camera());
        byte[] unknownFingerprint = good.clone();
        unknownFingerprint[4] ^= 0x5A;
        byte[] unknownSchemaId = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(0).array();
        List<byte[]> values = List.of(
                good,                                 // offset 0
                Arrays.copyOf(good, good.length - 5), // offset 1: truncated
                unknownFingerprint,                   // offset 2
                unknownSchemaId,                      // offset 3
                "plain text".getBytes(),              // offset 4
                good);                                // offset 5
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
            }
        }

        SpecificAvroDeserializer<Camera> deserializer = new SpecificAvroDeserializer<>(Camera.class);
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, ApicurioRegistry.url()), false);
        try (KafkaConsumer<String, Camera> consumer = KafkaClients.consumer(topic, deserializer)) {
            assertThat(KafkaClients.poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly(SampleRecords.camera());

            assertNextError(consumer, topic, 1, Reason.CORRUPT_PAYLOAD);
            assertNextError(consumer, topic, 2, Reason.UNKNOWN_FINGERPRINT);
            RecordDeserializationException unknownId = assertNextError(consumer, topic, 3, Reason.UNKNOWN_SCHEMA_ID);
            assertThat(unknownId.getCause()).hasMessageContaining("schema id 987654").hasMessageContaining(ApicurioRegistry.url());
            assertNextError(consumer, topic, 4, Reason.UNKNOWN_MAGIC_BYTE);

            assertThat(KafkaClients.poll(consumer, 1)).singleElement()
                    .satisfies(record -> assertThat(record.offset()).isEqualTo(5));
        }
    }

    /** Polls until the consumer fails at {@code offset}, checks the failure, and seeks past it. */
    private static RecordDeserializationException assertNextError(KafkaConsumer<String, Camera> consumer, String topic,
                                                                  long offset, Reason reason) {
        AtomicReference<RecordDeserializationException> failure = new AtomicReference<>();
        await().atMost(KafkaClients.TIMEOUT).until(() -> {
            try {
                assertThat(consumer.poll(Duration.ofMillis(200))).as("records before the failure").isEmpty();
                return false;
            } catch (RecordDeserializationException e) {
                failure.set(e);
                return true;
            }
        });
        RecordDeserializationException e = failure.get();
        assertThat(e.topicPartition()).isEqualTo(new TopicPartition(topic, 0));
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).contains(topic + "-0").contains("offset " + offset);
        assertThat(e.getCause()).isInstanceOfSatisfying(PhotopipeSerdeException.class, cause -> {
            assertThat(cause.reason()).isEqualTo(reason);
            assertThat(cause.topic()).isEqualTo(topic);
        });
        assertThat(SerdeErrors.describe(e)).startsWith(topic + "-0@" + offset + " value [" + reason + "] topic '" + topic + "'");
        consumer.seek(e.topicPartition(), e.offset() + 1);
        return e;
    }
}
