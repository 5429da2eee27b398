package dev.photopipe.enrich;

/** Drops duplicate captures, joins reference data and emits upload requests. */
public final class EnrichService implements AutoCloseable {
    private final EnrichConfig config;

    public EnrichService(EnrichConfig config) {
        this.config = config;
    }

    /** Starts the Streams application; returns once they are running. */
    public void start() {
        // The topology comes with the enrich-stream issue; the skeleton only holds its config.
    }

    public EnrichConfig config() {
        return config;
    }

    @Override
    public void close() {
    }
}
