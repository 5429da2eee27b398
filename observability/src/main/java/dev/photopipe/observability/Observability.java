package dev.photopipe.observability;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URL;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a service may publish about itself: meters, readiness checks, small JSON documents
 * (e.g. enrich-stream's per-batch counts for {@code photopipe status}), operator actions and
 * static pages (the status page). One per process; thread-safe.
 */
public interface Observability {

    MeterRegistry registry();

    /** Adds a readiness check shown on {@code /health/ready}. */
    void health(String name, HealthCheck check);

    /** Serves {@code body.get()} as JSON on {@code path} (GET), evaluated on each request. */
    void json(String path, Supplier<?> body);

    /**
     * Runs {@code action} on {@code POST path} and serves its result as JSON. The request must carry
     * the header {@link #ACTION_HEADER}: browsers add a custom header only to requests of the page
     * from the same origin, so another web site open in the operator's browser cannot trigger it.
     */
    void action(String path, Action action);

    /** Serves {@code resource} (read once, now) on {@code GET path}, e.g. the status page's HTML. */
    void page(String path, URL resource, String contentType);

    /**
     * Serves {@code query.run(parameters)} as JSON on {@code GET path}, evaluated on each request
     * with the request's query parameters (e.g. the status page's search). Reads only: anything
     * that changes state is an {@link #action}.
     */
    void query(String path, Query query);

    /** The header every {@link #action} request must carry (any value). */
    String ACTION_HEADER = "X-Photopipe-Action";

    /** Something an operator triggers over HTTP, e.g. replaying a batch's dead letters. */
    @FunctionalInterface
    interface Action {
        /**
         * @param parameters the query parameters, the last value of each
         * @return what happened, serialized as JSON
         * @throws IllegalArgumentException for bad parameters (answered 400 with its message, which
         *                                  names the parameter and the fix)
         * @throws Exception                for anything else (answered 500 with its message)
         */
        Object run(Map<String, String> parameters) throws Exception;
    }

    /** A read with parameters, answered as JSON; the same contract as {@link Action#run}. */
    @FunctionalInterface
    interface Query {
        /**
         * @param parameters the query parameters, the last value of each
         * @return the answer, serialized as JSON
         * @throws IllegalArgumentException for bad parameters (400 with its message)
         * @throws Unavailable              when the answer cannot be given yet (503 with its message)
         * @throws Exception                for anything else (500 with its message)
         */
        Object run(Map<String, String> parameters) throws Exception;
    }

    /**
     * Thrown by a document, query or action that cannot answer yet (e.g. state still being
     * restored): answered 503 with its message, which says what to wait for, and never logged
     * as a failure.
     */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

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

            @Override
            public void action(String path, Action action) {
                // nothing serves actions here
            }

            @Override
            public void page(String path, URL resource, String contentType) {
                // nothing serves pages here
            }

            @Override
            public void query(String path, Query query) {
                // nothing serves queries here
            }
        };
    }
}
