package dev.photopipe.sink;

import dev.photopipe.sink.config.SinkConfig;

/** Uploads each photo to Piwigo exactly once and records the outcome in the ledger. */
public final class PiwigoSink implements AutoCloseable {
    private final SinkConfig config;

    public PiwigoSink(SinkConfig config) {
        this.config = config;
    }

    /** Starts consuming upload requests; returns once the consumer runs. */
    public void start() {
        // The consumer, ledger and Piwigo client come with the piwigo-sink issue.
    }

    public SinkConfig config() {
        return config;
    }

    @Override
    public void close() {
    }
}
