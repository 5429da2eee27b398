package dev.photopipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.SampleRecords;
import dev.photopipe.schemas.catalog.SchemaHistory;
import dev.photopipe.schemas.serde.PhotopipeSerdeException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both wire formats, without a real registry. */
class AvroCodecTest {
    private static final String TOPIC = "photos";

    private static AvroCodec singleObject(Class<? extends SpecificRecord> type) {
        return new AvroCodec(false, type, SchemaHistory.builtIn(), null, true);
    }

    private static AvroCodec confluent(Class<? extends SpecificRecord> type, InMemoryRegistry registry, boolean isKey) {
        return new AvroCodec(isKey, type, SchemaHistory.builtIn(), registry, true);
    }

    static List<SpecificRecord> samples() {
        return SampleRecords.oneOfEach();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTypeRoundTripsInSingleObjectEncodingWithAndWithoutAConfiguredClass(SpecificRecord record) {
        byte[] bytes = singleObject(record.getClass()).encode(TOPIC, record);

        assertThat(bytes).startsWith(0xC3, 0x01);
        assertThat(singleObject(record.getClass()).decode(TOPIC, bytes)).isEqualTo(record);
        assertThat(singleObject(null).decode(TOPIC, bytes)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTypeRoundTripsInTheConfluentWireFormat(SpecificRecord record) {
        InMemoryRegistry registry = new InMemoryRegistry();
        byte[] bytes = confluent(record.getClass(), registry, false).encode(TOPIC, record);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(1);
        assertThat(registry.subjects).containsOnlyKeys("photos-value");
        assertThat(confluent(null, registry, false).decode(TOPIC, bytes)).isEqualTo(record);
    }

    @Test
    void keysUseTheKeySubject() {
        InMemoryRegistry registry = new InMemoryRegistry();
        confluent(Camera.class, registry, true).encode("cameras", SampleRecords.camera());

        assertThat(registry.subjects).containsOnlyKeys("cameras-key");
    }

    @Test
    void aRegistryConfiguredDeserializerStillReadsSingleObjectBytesAndViceVersaFailsClearly() {
        byte[] singleObjectBytes = singleObject(Camera.class).encode(TOPIC, SampleRecords.camera());
        byte[] confluentBytes = confluent(Camera.class, new InMemoryRegistry(), false).encode(TOPIC, SampleRecords.camera());

        assertThat(confluent(Camera.class, new InMemoryRegistry(), false).decode(TOPIC, singleObjectBytes))
                .isEqualTo(SampleRecords.camera());
        assertThatThrownBy(() -> singleObject(Camera.class).decode(TOPIC, confluentBytes))
                .isInstanceOfSatisfying(PhotopipeSerdeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_NOT_CONFIGURED))
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void nullBytesAreATombstoneAndANullRecordIsWrittenAsNull() {
        assertThat(singleObject(Camera.class).decode(TOPIC, null)).isNull();
        assertThat(singleObject(Camera.class).encode(TOPIC, null)).isNull();
    }

    @Test
    void aRecordWrittenWithAnOlderCommittedVersionIsReadWithTheCurrentClass() throws IOException {
        Schema current = Camera.getClassSchema();
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"Camera","namespace":"dev.photopipe.schemas","fields":[
                 {"name":"cameraId","type":"string"},{"name":"site","type":["null","string"],"default":null}]}""");
        SchemaHistory history = SchemaHistory.of(Map.of(Camera.class, List.of(v1, current)));
        GenericRecord old = new GenericData.Record(v1);
        old.put("cameraId", "cam-01");
        old.put("site", "Munich");
        ByteBuffer oldBytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);

        Object read = new AvroCodec(false, Camera.class, history, null, true).decode(TOPIC, oldBytes.array());

        assertThat(read).isInstanceOfSatisfying(Camera.class, camera -> {
            assertThat(camera.getCameraId()).isEqualTo("cam-01");
            assertThat(camera.getSite()).isEqualTo("Munich");
            assertThat(camera.getDefaultTags()).isEmpty();
        });
    }

    @Test
    void anUnknownFingerprintNamesTopicAndFix() {
        byte[] bytes = singleObject(Camera.class).encode(TOPIC, SampleRecords.camera());
        bytes[5] ^= 0x55;

        assertReason(() -> singleObject(Camera.class).decode(TOPIC, bytes), Reason.UNKNOWN_FINGERPRINT)
                .hasMessageContaining("topic 'photos'")
                .hasMessageContaining("upgrade this service");
    }

    @Test
    void anUnknownMagicByteIsReportedWithTheByte() {
        assertReason(() -> singleObject(Camera.class).decode(TOPIC, "{\"json\":true}".getBytes()), Reason.UNKNOWN_MAGIC_BYTE)
                .hasMessageContaining("0x7B");
    }

    @Test
    void emptyTruncatedAndTrailingBytesAreCorruptPayloads() {
        byte[] bytes = singleObject(PhotoCaptured.class).encode(TOPIC, SampleRecords.photo("ab"));
        byte[] withTrailing = Arrays.copyOf(bytes, bytes.length + 3);

        assertReason(() -> singleObject(PhotoCaptured.class).decode(TOPIC, new byte[0]), Reason.CORRUPT_PAYLOAD);
        assertReason(() -> singleObject(PhotoCaptured.class).decode(TOPIC, Arrays.copyOf(bytes, 6)), Reason.CORRUPT_PAYLOAD)
                .hasMessageContaining("truncated");
        assertReason(() -> singleObject(PhotoCaptured.class).decode(TOPIC, Arrays.copyOf(bytes, bytes.length - 9)),
                Reason.CORRUPT_PAYLOAD);
        assertReason(() -> singleObject(PhotoCaptured.class).decode(TOPIC, withTrailing), Reason.CORRUPT_PAYLOAD)
                .hasMessageContaining("trailing");
        assertReason(() -> singleObject(PhotoCaptured.class).decode(TOPIC, new byte[] {0, 0, 1}), Reason.CORRUPT_PAYLOAD);
    }

    @Test
    void aConfluentRecordWithTruncatedBodyIsCorrupt() {
        InMemoryRegistry registry = new InMemoryRegistry();
        byte[] bytes = confluent(PhotoCaptured.class, registry, false).encode(TOPIC, SampleRecords.photo("ab"));

        assertReason(() -> confluent(PhotoCaptured.class, registry, false).decode(TOPIC, Arrays.copyOf(bytes, 20)),
                Reason.CORRUPT_PAYLOAD);
    }

    @Test
    void anUnknownSchemaIdNamesTheIdAndTheRegistry() {
        byte[] bytes = ByteBuffer.allocate(7).put((byte) 0).putInt(999).put(new byte[] {2, 2}).array();

        assertReason(() -> confluent(Camera.class, new InMemoryRegistry(), false).decode(TOPIC, bytes), Reason.UNKNOWN_SCHEMA_ID)
                .hasMessageContaining("schema id 999")
                .hasMessageContaining("mem://registry");
    }

    @Test
    void bytesOfAnotherTypeAreASchemaMismatch() {
        byte[] photo = singleObject(PhotoCaptured.class).encode(TOPIC, SampleRecords.photo("ab"));

        assertReason(() -> singleObject(Camera.class).decode(TOPIC, photo), Reason.SCHEMA_MISMATCH)
                .hasMessageContaining("PhotoCaptured v1")
                .hasMessageContaining("dev.photopipe.schemas.Camera");
    }

    @Test
    void aSchemaOutsideTheHistoryIsNotWrittenWithoutARegistry() {
        SchemaHistory empty = SchemaHistory.of(Map.of(Camera.class, List.of()));

        assertReason(() -> new AvroCodec(false, Camera.class, empty, null, true).encode(TOPIC, SampleRecords.camera()),
                Reason.SCHEMA_NOT_REGISTERED)
                .hasMessageContaining("avro-history/Camera/v1.avsc");
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsReported() {
        AvroCodec codec = new AvroCodec(false, Camera.class, SchemaHistory.builtIn(), new InMemoryRegistry(), false);

        assertReason(() -> codec.encode(TOPIC, SampleRecords.camera()), Reason.SCHEMA_NOT_REGISTERED)
                .hasMessageContaining("photos-value")
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void anInvalidRecordIsReportedAsSuch() {
        Camera invalid = SampleRecords.camera();
        invalid.setCameraId(null); // the generated setter does not validate

        assertReason(() -> singleObject(Camera.class).encode(TOPIC, invalid), Reason.INVALID_RECORD)
                .hasMessageContaining("dev.photopipe.schemas.Camera");
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertReason(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(PhotopipeSerdeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.topic()).isEqualTo(TOPIC);
                })
                .hasMessageContaining("[" + reason + "]");
    }
}
