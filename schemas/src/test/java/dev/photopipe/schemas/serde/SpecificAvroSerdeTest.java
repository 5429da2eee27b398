package dev.photopipe.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.SampleRecords;
import dev.photopipe.schemas.registry.RegistrySettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** The Kafka-facing classes: configuration, lifecycle, error description. */
class SpecificAvroSerdeTest {

    @Test
    void aSerdeFromAvroSerdesRoundTripsWithoutARegistry() {
        try (SpecificAvroSerde<PhotoCaptured> serde = AvroSerdes.forClass(PhotoCaptured.class, Map.of())) {
            byte[] bytes = serde.serializer().serialize("photos", SampleRecords.photo("ab"));

            assertThat(serde.deserializer().deserialize("photos", bytes)).isEqualTo(SampleRecords.photo("ab"));
        }
    }

    @Test
    void aDeserializerConfiguredByClassNameUsesTheConfiguredValueType() {
        byte[] bytes = AvroSerdes.forClass(PhotoCaptured.class, Map.of()).serializer().serialize("t", SampleRecords.photo("ab"));
        try (Deserializer<org.apache.avro.specific.SpecificRecord> deserializer = new SpecificAvroDeserializer<>()) {
            deserializer.configure(Map.of(AvroSerdeConfig.VALUE_TYPE, PhotoCaptured.class.getName()), false);

            assertThat(deserializer.deserialize("t", bytes)).isInstanceOf(PhotoCaptured.class);
        }
    }

    @Test
    void aNonAvroConfiguredTypeIsRefusedAtConfiguration() {
        SpecificAvroDeserializer<?> deserializer = new SpecificAvroDeserializer<>();

        assertThatThrownBy(() -> deserializer.configure(Map.of(AvroSerdeConfig.VALUE_TYPE, String.class.getName()), false))
                .hasMessageContaining("specific.avro.value.type");
    }

    @Test
    void usingASerializerBeforeConfigureFailsClearly() {
        assertThatThrownBy(() -> new SpecificAvroSerializer<>(PhotoCaptured.class).serialize("t", SampleRecords.photo("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("configure");
    }

    @Test
    void registrySettingsComeFromTheDeclaredSettings() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://registry:8080/apis/ccompat/v7/",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO, "svc:s3cret",
                AvroSerdeConfig.RETRY_MAX_ATTEMPTS, "3",
                AvroSerdeConfig.RETRY_BACKOFF_MS, "50",
                AvroSerdeConfig.REQUEST_TIMEOUT_MS, "2000"));

        RegistrySettings settings = config.registrySettings();

        assertThat(config.usesRegistry()).isTrue();
        assertThat(settings.url()).isEqualTo("http://registry:8080/apis/ccompat/v7");
        assertThat(settings.basicAuthUserInfo()).isEqualTo("svc:s3cret");
        assertThat(settings.maxAttempts()).isEqualTo(3);
        assertThat(settings.backoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void aBackoffLimitBelowTheFirstBackoffIsRefused() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.RETRY_BACKOFF_MS, "1000",
                AvroSerdeConfig.RETRY_BACKOFF_MAX_MS, "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.RETRY_BACKOFF_MAX_MS);
    }

    @Test
    void aConsumersDeserializationErrorBecomesOneLineWithCoordinatesAndReason() {
        PhotopipeSerdeException cause = new PhotopipeSerdeException(PhotopipeSerdeException.Reason.CORRUPT_PAYLOAD,
                "photos", "the value is truncated.\nDead-letter it.", null);
        RecordDeserializationException wrapped = new RecordDeserializationException(
                RecordDeserializationException.DeserializationExceptionOrigin.VALUE, new TopicPartition("photos", 3), 42L,
                0L, TimestampType.CREATE_TIME, null, ByteBuffer.wrap(new byte[] {1}), new RecordHeaders(),
                "Error deserializing VALUE for partition photos-3 at offset 42", cause);

        assertThat(SerdeErrors.describe(wrapped))
                .isEqualTo("photos-3@42 value [CORRUPT_PAYLOAD] topic 'photos': the value is truncated. Dead-letter it.");
        assertThat(SerdeErrors.reason(wrapped)).contains(PhotopipeSerdeException.Reason.CORRUPT_PAYLOAD);
        assertThat(SerdeErrors.describe(new IllegalStateException("boom"))).isEqualTo("java.lang.IllegalStateException: boom");
    }
}
