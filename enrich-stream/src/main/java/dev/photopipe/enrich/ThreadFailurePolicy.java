package dev.photopipe.enrich;

import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What enrich-stream does when a stream thread dies of an error the record handlers did not
 * take (those dead-letter the record and go on): replace the thread, since one poisoned moment
 * (a broker hiccup during a commit, say) must not stop enrichment; but when threads keep dying,
 * the error is persistent (an ACL removed, a topic deleted, a corrupt state store) and replacing
 * would loop forever while the process looks alive. Then shut the client down, so that the
 * process exits and its supervisor and readiness check see it.
 *
 * <p>The budget is Failsafe's time-based circuit breaker: {@link #MAX_FAILURES} failures within
 * {@link #PERIOD} open it. Errors no replacement can cure (a missing source topic, refused
 * credentials or ACLs) shut down at once: each replacement costs a rebalance (45 s of session
 * timeout), so five of them would hide a configuration error for minutes.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);
    static final int MAX_FAILURES = 5;
    static final Duration PERIOD = Duration.ofMinutes(10);

    private final CircuitBreaker<Object> breaker = CircuitBreaker.builder()
            .withFailureThreshold(MAX_FAILURES, PERIOD)
            .build();
    private final AtomicReference<String> fatal = new AtomicReference<>();

    @Override
    public StreamThreadExceptionResponse handle(Throwable error) {
        breaker.recordFailure();
        Optional<Throwable> incurable = incurable(error);
        if (incurable.isPresent() || breaker.isOpen()) {
            String why = incurable.map(cause -> "a stream thread failed with an error a new thread would meet again: "
                            + cause)
                    .orElse(MAX_FAILURES + " stream threads failed within " + PERIOD.toMinutes() + " min, the last with: "
                            + error);
            fatal.compareAndSet(null, why);
            LOG.error("enrich-stream stops: {}. The error is persistent; fix its cause (see the stack trace), then "
                    + "start again: processing resumes from the last commit", why, error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("enrich-stream thread failed; replacing it ({} of {} failures allowed within {} min)",
                breaker.getFailureCount(), MAX_FAILURES, PERIOD.toMinutes(), error);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The cause, in {@code error}'s chain, that only a change of the cluster or the configuration cures. */
    static Optional<Throwable> incurable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MissingSourceTopicException || cause instanceof AuthorizationException
                    || cause instanceof AuthenticationException) {
                return Optional.of(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Why the policy shut the client down; empty while threads are being replaced or none failed. */
    Optional<String> fatal() {
        return Optional.ofNullable(fatal.get());
    }
}
