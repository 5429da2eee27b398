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
     * runs or after an orderly stop. What the command does then: see {@code Pipeline.serveUntilStopped}.
     */
    default Optional<Failure> failure() {
        return Optional.empty();
    }

    /**
     * Why a service stopped on its own.
     *
     * @param reason what happened and how to fix it, for the log and the exit message
     * @param credentialsRefused Piwigo refused photopipe's login: a configuration error (exit code 3),
     *     which no restart cures and which loses nothing while it lasts (see the README's Security section)
     */
    record Failure(String reason, boolean credentialsRefused) {
    }

    @Override
    void close();
}
