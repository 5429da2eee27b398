package dev.photopipe.ingest;

import dev.photopipe.schemas.topics.PhotopipeTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads hot folders, the capture endpoint and bulk imports and publishes PhotoCaptured events. */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private final IngestConfig config;

    public IngestService(IngestConfig config) {
        this.config = config;
    }

    /** Starts the inputs; returns once they are running. */
    public void start() {
        // Inputs come with the ingest-producer issue; the skeleton only holds its config.
        LOG.info("ingest-producer started (skeleton: does nothing yet); publishes to {}",
                config.topics().name(PhotopipeTopic.CAPTURED_PHOTOS));
    }

    public IngestConfig config() {
        return config;
    }

    @Override
    public void close() {
    }
}
