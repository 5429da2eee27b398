package dev.photopipe.cli.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command has started, stopped in reverse order: the sink before enrich before ingest,
 * and the embedded broker last, so that every service can still commit offsets while stopping.
 * A part that fails to stop is logged and the others still stop. Not thread-safe.
 */
public final class RunningParts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningParts.class);

    private final Deque<Part> parts = new ArrayDeque<>();
    private final List<PipelineService> services = new ArrayList<>();

    /** Records {@code resource} as started; it will be closed before everything started earlier. */
    public void started(String name, AutoCloseable resource) {
        parts.push(new Part(name, resource));
    }

    /** Starts {@code service} and records it. */
    public void start(PipelineService service) {
        LOG.info("Starting {}", service.name());
        service.start();
        started(service.name(), service);
        services.add(service);
    }

    /** The first started service (in pipeline order) that stopped on its own, its reason as "name: why". */
    public Optional<PipelineService.Failure> failure() {
        for (PipelineService service : services) {
            Optional<PipelineService.Failure> failure = service.failure();
            if (failure.isPresent()) {
                return Optional.of(new PipelineService.Failure(service.name() + ": " + failure.get().reason(),
                        failure.get().credentialsRefused()));
            }
        }
        return Optional.empty();
    }

    /** @return true when every part stopped without error */
    public boolean stopAll() {
        boolean clean = true;
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            long started = System.nanoTime();
            try {
                part.resource().close();
                LOG.info("Stopped {} in {} ms", part.name(), (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                clean = false;
                LOG.error("{} failed to stop cleanly: {}", part.name(), e.toString(), e);
            }
        }
        return clean;
    }

    @Override
    public void close() {
        stopAll();
    }

    private record Part(String name, AutoCloseable resource) {
    }
}
