package dev.photopipe.ingest;

/** Reads hot folders, the capture endpoint and bulk imports and publishes PhotoCaptured events. */
public final class IngestService implements AutoCloseable {
    private final IngestConfig config;

    public IngestService(IngestConfig config) {
        this.config = config;
    }

    /** Starts the inputs; returns once they are running. */
    public void start() {
        // Inputs come with the ingest-producer issue; the skeleton only holds its config.
    }

    public IngestConfig config() {
        return config;
    }

    @Override
    public void close() {
    }
}
