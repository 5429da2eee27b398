package dev.photopipe.observability;

/**
 * One thing readiness depends on (the broker, Piwigo, the Streams app). Implementations must be
 * quick and must not throw: they run on every {@code /health/ready} request.
 */
@FunctionalInterface
public interface HealthCheck {

    /** The current state, with a short detail an operator can act on. */
    Status check();

    /** Up or down, and why. */
    record Status(boolean up, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }
}
