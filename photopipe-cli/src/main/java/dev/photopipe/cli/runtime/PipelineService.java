package dev.photopipe.cli.runtime;

import java.util.Optional;

/**
 * One photopipe service as the command runs it.
 *
 * <p>Lifecycle: {@link #start()} once, returning when the service runs; {@link #close()} once,
 * returning when it has stopped. Both are called from the command's main thread.
 */
public interface PipelineService extends AutoCloseable {
    /** The name used in logs, e.g. {@code ingest-producer}. */
    String name();

    void start();

    /**
     * Why the service stopped on its own (e.g. Piwigo refused the credentials), or empty while it
     * runs or after an orderly stop. The command stops the process when one is present.
     */
    default Optional<String> failure() {
        return Optional.empty();
    }

    @Override
    void close();
}
