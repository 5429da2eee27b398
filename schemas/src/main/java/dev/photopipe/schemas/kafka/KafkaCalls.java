package dev.photopipe.schemas.kafka;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to a Kafka cluster's admin API that wait within ONE deadline and ask again, with jittered
 * exponential backoff, while Kafka answers with an error it documents as retriable
 * ({@link KafkaFailure#retriable()}: a timeout, an unknown topic or partition right after its
 * creation, a leader not elected yet). On a busy machine metadata takes its time to propagate;
 * a caller must not mistake that for a refusal.
 *
 * <p>When the deadline passes, or at once for a refusal, the call throws a
 * {@link KafkaCallException} whose message says, in {@link KafkaFailure}'s words, whether the
 * cluster did not answer or refused, and which settings to check.
 *
 * <p>Thread-safe; the retries use Failsafe, the project's one retry library.
 */
public final class KafkaCalls {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaCalls.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MIN_ATTEMPT = Duration.ofSeconds(1);

    private final String cluster;
    private final Duration deadline;

    /**
     * @param cluster  the brokers, as the user configured them (only used in messages)
     * @param deadline how long one call may keep asking, all attempts included
     */
    public KafkaCalls(String cluster, Duration deadline) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** The deadline of each call. */
    public Duration deadline() {
        return deadline;
    }

    /**
     * Waits for the future {@code call} returns, asking again (a new future from {@code call})
     * while the failure is retriable and the deadline allows.
     *
     * @param what the action as a verb phrase, for messages ("describe the cluster")
     * @param call issues the request, given the milliseconds left before the deadline: pass them
     *             as the request's {@code timeoutMs} (its options), so that a request this call
     *             gives up on does not outlive the deadline (closing an admin client waits for
     *             its pending requests)
     * @throws KafkaCallException the call failed for good; {@link KafkaCallException#failure()} says how
     */
    public <T> T await(String what, IntFunction<KafkaFuture<T>> call) {
        return awaitStage(what, timeoutMs -> call.apply(timeoutMs).toCompletionStage());
    }

    /**
     * As {@link #await}, for a call composed of several futures (e.g. one per topic, some of whose
     * failures mean "absent" rather than "failed").
     */
    public <T> T awaitStage(String what, IntFunction<? extends CompletionStage<T>> call) {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + deadline.toNanos();
        // Ask again only while an attempt still has a useful share of the deadline left.
        long lastStartNanos = deadlineNanos - Math.min(MIN_ATTEMPT.toNanos(), deadline.toNanos() / 10);
        RetryPolicy<T> retry = RetryPolicy.<T>builder()
                .handleIf(failure -> KafkaFailure.of(failure).retriable() && System.nanoTime() < lastStartNanos)
                .withBackoff(FIRST_BACKOFF, MAX_BACKOFF)
                .withJitter(0.25)
                .withMaxRetries(-1)
                .withMaxDuration(deadline)
                .onRetry(event -> LOG.debug("Kafka at {} could not {} yet (attempt {}): {}", cluster, what,
                        event.getAttemptCount(), KafkaFailure.unwrap(event.getLastException()).toString()))
                .build();
        try {
            return Failsafe.with(retry).get(() -> {
                long left = Math.max(TimeUnit.MILLISECONDS.toNanos(1), deadlineNanos - System.nanoTime());
                int leftMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
                return call.apply(leftMs).toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
            });
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                throw new KafkaCallException(KafkaFailure.OTHER, "Interrupted while trying to " + what, cause);
            }
            throw failed(what, cause, startNanos);
        } catch (RuntimeException e) {
            throw failed(what, e, startNanos);
        }
    }

    /**
     * Returns once every partition of {@code partitionsByTopic} has a leader that serves it:
     * ListOffsets answers only from the partition's leader. Right after a creation, metadata can
     * name a leader that does not serve the partition yet, and an idempotent producer whose first
     * batch meets that was seen to retry it with OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery
     * timeout; callers that produce into new topics wait here first.
     *
     * @param partitionsByTopic topic name to its partition count
     */
    public void awaitLeaders(Admin admin, Map<String, Integer> partitionsByTopic) {
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new java.util.HashMap<>();
        partitionsByTopic.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        Map<TopicPartition, ListOffsetsResultInfo> answered =
                await("wait for the leaders of topics " + partitionsByTopic.keySet(),
                        timeoutMs -> admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(timeoutMs)).all());
        LOG.debug("Leaders of {} partitions answer", answered.size());
    }

    private KafkaCallException failed(String what, Throwable failure, long startNanos) {
        KafkaFailure kind = KafkaFailure.of(failure);
        Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
        return new KafkaCallException(kind, kind.describe(cluster, what, failure, waited), KafkaFailure.unwrap(failure));
    }

    /** A call to Kafka that failed for good, with the operator's message. */
    public static final class KafkaCallException extends KafkaException {
        private static final long serialVersionUID = 1L;
        private final KafkaFailure failure;

        public KafkaCallException(KafkaFailure failure, String message, Throwable cause) {
            super(message, cause);
            this.failure = failure;
        }

        /** How the call failed. */
        public KafkaFailure failure() {
            return failure;
        }
    }
}
