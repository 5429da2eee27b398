package dev.photopipe.enrich.topology;

import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.serde.AvroSerdes;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes the topology reads and writes with; keys are UTF-8 strings. Passed in rather
 * than built here so that the wire format (registry or single-object encoding) is chosen once,
 * by whoever wires the service.
 */
public record EnrichSerdes(Serde<PhotoCaptured> photo, Serde<UploadRequest> request,
                           Serde<Camera> camera, Serde<RoutingRule> rule) {
    public EnrichSerdes {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * The project's Avro serdes: Confluent wire format when {@code schema.registry.url} is set in
     * {@code configs}, single-object encoding otherwise; both formats are read either way.
     */
    public static EnrichSerdes avro(Map<String, ?> configs) {
        return new EnrichSerdes(AvroSerdes.forClass(PhotoCaptured.class, configs),
                AvroSerdes.forClass(UploadRequest.class, configs), AvroSerdes.forClass(Camera.class, configs),
                AvroSerdes.forClass(RoutingRule.class, configs));
    }
}
