package dev.photopipe.observability;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * What a service may publish about itself: meters, readiness checks and small JSON documents
 * (e.g. enrich-stream's per-batch counts for {@code photopipe status}). One per process;
 * thread-safe.
 */
public interface Observability {

    MeterRegistry registry();

    /** Adds a readiness check shown on {@code /health/ready}. */
    void health(String name, HealthCheck check);

    /** Serves {@code body.get()} as JSON on {@code path} (GET), evaluated on each request. */
    void json(String path, Supplier<?> body);

    /** Meters only, nothing served: for commands and tests without an endpoint. */
    static Observability metersOnly(MeterRegistry registry) {
        return new Observability() {
            @Override
            public MeterRegistry registry() {
                return registry;
            }

            @Override
            public void health(String name, HealthCheck check) {
                // nothing serves readiness here
            }

            @Override
            public void json(String path, Supplier<?> body) {
                // nothing serves documents here
            }
        };
    }
}
