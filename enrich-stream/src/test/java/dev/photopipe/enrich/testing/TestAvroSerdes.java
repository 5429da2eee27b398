package dev.photopipe.enrich.testing;

import dev.photopipe.enrich.topology.EnrichSerdes;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.UploadRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Test-only Avro serdes (single-object encoding over Avro's own classes). Stand-ins until the
 * project's serde module lands; production code never sees them.
 */
public final class TestAvroSerdes {
    private TestAvroSerdes() {
    }

    public static EnrichSerdes enrichSerdes() {
        return new EnrichSerdes(serde(PhotoCaptured.class), serde(UploadRequest.class), serde(Camera.class),
                serde(RoutingRule.class));
    }

    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        org.apache.avro.Schema schema = SpecificData.get().getSchema(type);
        BinaryMessageEncoder<T> encoder = new BinaryMessageEncoder<>(model, schema);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, schema);
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a " + type.getSimpleName(), e);
            }
        });
    }
}
