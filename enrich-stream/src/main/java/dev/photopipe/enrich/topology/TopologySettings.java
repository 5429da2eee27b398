package dev.photopipe.enrich.topology;

import dev.photopipe.enrich.routing.RoutingPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What the topology needs to know: its topics, how long photo ids are remembered and how
 * unmatched photos are routed.
 *
 * @param capturedTopic      input, {@code PhotoCaptured} keyed by photo id
 * @param requestsTopic      output, {@code UploadRequest} keyed by photo id
 * @param camerasTopic       compacted, {@code Camera} keyed by camera id
 * @param rulesTopic         compacted, {@code RoutingRule} keyed by rule id
 * @param dedupRetention     how long a photo id is remembered; a capture older than that is new again
 * @param dedupPurgeInterval how often (stream time) forgotten ids are removed from the store
 * @param routing            fallback album, unroutable action and time zone
 */
public record TopologySettings(String capturedTopic, String requestsTopic, String camerasTopic,
                               String rulesTopic, Duration dedupRetention, Duration dedupPurgeInterval,
                               RoutingPolicy routing) {
    public TopologySettings {
        Objects.requireNonNull(capturedTopic, "capturedTopic");
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(camerasTopic, "camerasTopic");
        Objects.requireNonNull(rulesTopic, "rulesTopic");
        Objects.requireNonNull(routing, "routing");
        if (dedupRetention.isNegative() || dedupRetention.isZero()) {
            throw new IllegalArgumentException("dedupRetention must be positive");
        }
        if (dedupPurgeInterval.isNegative() || dedupPurgeInterval.isZero()) {
            throw new IllegalArgumentException("dedupPurgeInterval must be positive");
        }
    }
}
