package dev.photopipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.SampleRecords;
import dev.photopipe.schemas.registry.IncompatibleSchemaException;
import dev.photopipe.schemas.registry.RegistrySettings;
import dev.photopipe.schemas.registry.SchemaRegistryClient;
import dev.photopipe.testing.kafka.SharedKafka;
import dev.photopipe.testing.registry.ApicurioRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The serdes against the real Apicurio Registry (ccompat API) and a real broker. */
@ExtendWith({SharedKafka.class, ApicurioRegistry.class})
class RegistrySerdeIT {

    private static Map<String, Object> registryConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, ApicurioRegistry.url());
    }

    static List<SpecificRecord> samples() {
        return SampleRecords.oneOfEach();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRecordTypeRoundTripsThroughTheBrokerInTheConfluentWireFormat(SpecificRecord record) throws Exception {
        String topic = KafkaClients.newTopic("roundtrip-" + record.getSchema().getName());
        SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
        serde.configure(registryConfig(), false);

        try (serde; KafkaProducer<String, SpecificRecord> producer = KafkaClients.producer(serde.serializer());
             KafkaConsumer<String, byte[]> raw = KafkaClients.consumer(topic, new org.apache.kafka.common.serialization.ByteArrayDeserializer());
             KafkaConsumer<String, SpecificRecord> typed = KafkaClients.consumer(topic, serde.deserializer());
             SchemaRegistryClient registry = SchemaRegistryClient.create(RegistrySettings.of(ApicurioRegistry.url()))) {
            producer.send(new ProducerRecord<>(topic, "k", record)).get(30, TimeUnit.SECONDS);

            byte[] bytes = KafkaClients.poll(raw, 1).get(0).value();
            assertThat(bytes[0]).as("magic byte").isZero();
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            assertThat(registry.lookup(topic + "-value", record.getSchema())).isEqualTo(id);
            assertThat(KafkaClients.poll(typed, 1)).extracting(ConsumerRecord::value).containsExactly(record);
        }
    }

    @Test
    void aCompatibleNewVersionIsAcceptedAndOldDataIsReadByTheNewReader() throws Exception {
        String topic = KafkaClients.newTopic("evolution");
        String subject = topic + "-value";
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"Camera","namespace":"dev.photopipe.schemas","fields":[
                 {"name":"cameraId","type":"string"},{"name":"site","type":["null","string"],"default":null}]}""");
        try (SchemaRegistryClient registry = SchemaRegistryClient.create(RegistrySettings.of(ApicurioRegistry.url()));
             SpecificAvroSerde<Camera> serde = AvroSerdes.forClass(Camera.class, registryConfig());
             KafkaProducer<String, byte[]> rawProducer = KafkaClients.producer(new ByteArraySerializer());
             KafkaProducer<String, Camera> producer = KafkaClients.producer(serde.serializer());
             KafkaConsumer<String, Camera> consumer = KafkaClients.consumer(topic, serde.deserializer())) {
            int v1Id = registry.register(subject, v1);
            GenericRecord old = new GenericData.Record(v1);
            old.put("cameraId", "cam-old");
            old.put("site", "Munich");
            rawProducer.send(new ProducerRecord<>(topic, "cam-old", confluentBytes(v1Id, v1, old))).get(30, TimeUnit.SECONDS);

            // The current Camera adds defaulted fields: the serializer's auto-registration is accepted as v2.
            producer.send(new ProducerRecord<>(topic, "cam-07", SampleRecords.camera())).get(30, TimeUnit.SECONDS);

            assertThat(registry.versions(subject)).containsExactly(1, 2);
            List<ConsumerRecord<String, Camera>> records = KafkaClients.poll(consumer, 2);
            Camera oldRead = records.get(0).value();
            assertThat(oldRead.getCameraId()).isEqualTo("cam-old");
            assertThat(oldRead.getSite()).isEqualTo("Munich");
            assertThat(oldRead.getDefaultAlbumPath()).isEmpty();
            assertThat(oldRead.getAttributes()).isEmpty();
            assertThat(records.get(1).value()).isEqualTo(SampleRecords.camera());
        }
    }

    @Test
    void anIncompatibleChangeIsRefusedWithTheSubjectNamed() {
        String subject = SharedKafka.uniqueName("incompatible") + "-value";
        Schema v2WithoutDefault = new Schema.Parser().parse(Camera.getClassSchema().toString().replaceFirst(
                "\"fields\":\\[", "\"fields\":[{\"name\":\"serialNumber\",\"type\":\"string\"},"));
        try (SchemaRegistryClient registry = SchemaRegistryClient.create(RegistrySettings.of(ApicurioRegistry.url()))) {
            registry.register(subject, Camera.getClassSchema());

            assertThat(registry.isCompatible(subject, v2WithoutDefault)).isFalse();
            assertThatThrownBy(() -> registry.register(subject, v2WithoutDefault))
                    .isInstanceOfSatisfying(IncompatibleSchemaException.class,
                            e -> assertThat(e.subject()).isEqualTo(subject))
                    .hasMessageContaining("subject '" + subject + "'")
                    .hasMessageContaining("serialNumber");
            assertThat(registry.versions(subject)).containsExactly(1);
        }
    }

    @Test
    void theSerializerReportsARefusedSchemaWithSubjectAndTopic() {
        String topic = SharedKafka.uniqueName("refused");
        Schema conflicting = new Schema.Parser().parse("""
                {"type":"record","name":"Camera","namespace":"dev.photopipe.schemas","fields":[
                 {"name":"cameraId","type":"long"}]}""");
        try (SchemaRegistryClient registry = SchemaRegistryClient.create(RegistrySettings.of(ApicurioRegistry.url()));
             SpecificAvroSerde<Camera> serde = AvroSerdes.forClass(Camera.class, registryConfig())) {
            registry.register(topic + "-value", conflicting);

            assertThatThrownBy(() -> serde.serializer().serialize(topic, SampleRecords.camera()))
                    .isInstanceOfSatisfying(PhotopipeSerdeException.class,
                            e -> assertThat(e.reason()).isEqualTo(PhotopipeSerdeException.Reason.REGISTRY_REJECTED))
                    .hasMessageContaining("topic '" + topic + "'")
                    .hasMessageContaining("subject '" + topic + "-value'");
        }
    }

    @Test
    void aRegistryThatIsDownFailsClearlyAfterTheBoundedRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/apis/ccompat/v7";
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url,
                AvroSerdeConfig.RETRY_MAX_ATTEMPTS, 3, AvroSerdeConfig.RETRY_BACKOFF_MS, 10L,
                AvroSerdeConfig.RETRY_BACKOFF_MAX_MS, 40L, AvroSerdeConfig.REQUEST_TIMEOUT_MS, 2000);
        String topic = KafkaClients.newTopic("down");

        try (SpecificAvroSerde<Camera> serde = AvroSerdes.forClass(Camera.class, config);
             KafkaProducer<String, Camera> producer = KafkaClients.producer(serde.serializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", SampleRecords.camera())))
                    .isInstanceOfSatisfying(PhotopipeSerdeException.class,
                            e -> assertThat(e.reason()).isEqualTo(PhotopipeSerdeException.Reason.REGISTRY_UNAVAILABLE))
                    .hasMessageContaining(url)
                    .hasMessageContaining("after 3 attempt(s)")
                    .hasMessageContaining("schema.registry.url");
        }
    }

    private static byte[] confluentBytes(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
