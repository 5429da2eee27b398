package dev.photopipe.enrich;

import dev.photopipe.schemas.topics.PhotopipeTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops duplicate captures, joins reference data and emits upload requests. */
public final class EnrichService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);
    private final EnrichConfig config;

    public EnrichService(EnrichConfig config) {
        this.config = config;
    }

    /** Starts the Streams application; returns once they are running. */
    public void start() {
        // The topology comes with the enrich-stream issue; the skeleton only holds its config.
        LOG.info("enrich-stream started (skeleton: does nothing yet); writes to {}",
                config.topics().name(PhotopipeTopic.UPLOAD_REQUESTS));
    }

    public EnrichConfig config() {
        return config;
    }

    @Override
    public void close() {
    }
}
