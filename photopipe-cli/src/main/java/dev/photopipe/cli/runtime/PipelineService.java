package dev.photopipe.cli.runtime;

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

    @Override
    void close();
}
