package dev.photopipe.ingest.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the capture endpoint takes photos.
 *
 * @param maxBytes largest photo accepted; larger requests get 413
 * @param allowedRoots folders whose {@code file:} URIs may be posted as JSON captures; the sink
 *     reads from there, so nothing outside them may be pointed at
 * @param publishTimeout how long a request waits for Kafka before answering 503
 * @param sourceId source id for captures whose metadata names no camera
 */
public record CaptureSettings(long maxBytes, List<Path> allowedRoots, Duration publishTimeout, String sourceId) {
    public CaptureSettings {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        allowedRoots = allowedRoots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }
}
