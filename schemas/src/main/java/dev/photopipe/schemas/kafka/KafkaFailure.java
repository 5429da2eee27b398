package dev.photopipe.schemas.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What a failed call to Kafka means to the person running photopipe: the one vocabulary every
 * service uses to say whether the cluster did not answer, refused who we are, refused what we
 * asked, or is not ready yet. Each kind names the settings to check, so that an unreachable
 * broker is never reported as a permissions problem, nor the other way round.
 *
 * <p>The classification follows Kafka's own exception hierarchy: {@link TimeoutException} and the
 * network errors mean no answer; {@link AuthenticationException} (SASL, TLS) means the cluster
 * refused the credentials; {@link AuthorizationException} (topic, group, cluster ACLs) means it
 * refused the request; any other {@link RetriableException} (unknown topic or partition right after
 * a creation, leader not available, not the controller) means "not ready, ask again".
 */
public enum KafkaFailure {
    /** Network error or timeout: nothing came back in time. */
    NO_ANSWER(true, "Check bootstrap.servers, that the brokers are up and reachable from here and, if the "
            + "cluster needs TLS or SASL, kafka.security.protocol, kafka.sasl.* and kafka.ssl.* (a client "
            + "that skips them gets no answer)."),
    /** The cluster refused the credentials (SASL or TLS authentication). */
    REFUSED_CREDENTIALS(false, "Check the credentials photopipe presents: kafka.sasl.mechanism and "
            + "kafka.sasl.jaas.config (user and password), or kafka.ssl.keystore.* for TLS client certificates."),
    /** The cluster knows who we are but refused the request (ACLs). */
    REFUSED_PERMISSION(false, "The principal photopipe authenticates as lacks an ACL: grant it with "
            + "kafka-acls.sh (topics: Create, Describe, DescribeConfigs, Read, Write; its consumer groups: "
            + "Read; the cluster: Describe)."),
    /** Kafka documents the error as retriable: metadata not propagated yet, leader moving, ... */
    NOT_READY(true, "The cluster is not ready (e.g. partition leaders not elected yet): check the brokers' "
            + "health and logs, then retry."),
    /** Anything else: a bug, a bad request, an unexpected answer. Not retried. */
    OTHER(false, "");

    private final boolean retriable;
    private final String advice;

    KafkaFailure(boolean retriable, String advice) {
        this.retriable = retriable;
        this.advice = advice;
    }

    /** Classifies {@code failure}, looking through the wrappers of futures. */
    public static KafkaFailure of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof AuthenticationException) {
            return REFUSED_CREDENTIALS;
        }
        if (cause instanceof AuthorizationException) {
            return REFUSED_PERMISSION;
        }
        if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof NetworkException || cause instanceof DisconnectException) {
            return NO_ANSWER;
        }
        if (cause instanceof RetriableException) {
            return NOT_READY;
        }
        return OTHER;
    }

    /** The failure a future's wrappers carry ({@link ExecutionException}, {@link CompletionException}). */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whether asking again, within a deadline, may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** What the operator should check, naming photopipe's settings; empty for {@link #OTHER}. */
    public String advice() {
        return advice;
    }

    /**
     * One sentence for the operator: who failed to do what, why, and what to check.
     *
     * @param cluster  the brokers asked, as the user configured them
     * @param what     the action, as a verb phrase ("describe the cluster")
     * @param failure  what the call threw
     * @param waited   how long photopipe kept asking
     */
    public String describe(String cluster, String what, Throwable failure, java.time.Duration waited) {
        Throwable cause = unwrap(failure);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String head = switch (this) {
            case NO_ANSWER -> "Kafka at " + cluster + " did not answer within " + seconds(waited) + " when trying to "
                    + what + " (" + detail + ").";
            case REFUSED_CREDENTIALS -> "Kafka at " + cluster + " refused photopipe's credentials when trying to "
                    + what + ": " + detail + ".";
            case REFUSED_PERMISSION -> "Kafka at " + cluster + " refused to " + what + ": " + detail + ".";
            case NOT_READY -> "Kafka at " + cluster + " was still not ready after " + seconds(waited)
                    + " when trying to " + what + " (" + detail + ").";
            case OTHER -> "Kafka at " + cluster + " failed to " + what + ": " + detail + ".";
        };
        return advice.isEmpty() ? head : head + " " + advice;
    }

    private static String seconds(java.time.Duration waited) {
        return Math.max(1, Math.round(waited.toMillis() / 1000.0)) + " s";
    }
}
