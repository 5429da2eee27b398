package dev.photopipe.sink.consume;

import dev.failsafe.AsyncExecution;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Jittered exponential waits between attempts, computed and timed by Failsafe (the project's one
 * retry library). The attempts themselves belong to the caller: a {@link Series} starts with a
 * failure, waits, runs the caller's {@code onDue}, and waits longer after each further
 * {@link Series#failed} until {@link Series#end}. Thread-safe; {@code onDue} runs on the backoff's
 * own thread and must only hand work over.
 */
final class Backoff implements AutoCloseable {
    private final RetryPolicy<Object> policy;
    private final ScheduledExecutorService scheduler;

    /**
     * @param initial first wait
     * @param max     longest wait; each wait doubles up to it
     * @param jitter  random part of each wait, as a fraction of it (0 to 1)
     */
    Backoff(Duration initial, Duration max, double jitter) {
        RetryPolicyBuilder<Object> builder = RetryPolicy.builder().withMaxRetries(-1);
        builder = max.compareTo(initial) > 0 ? builder.withBackoff(initial, max) : builder.withDelay(initial);
        if (jitter > 0) {
            builder = builder.withJitter(jitter);
        }
        this.policy = builder.build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "piwigo-sink-backoff");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Begins a series with {@code failure}: {@code onDue} runs after the first wait. */
    Series start(Throwable failure, Runnable onDue) {
        return new Series(failure, onDue);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** Waits after consecutive failures of one thing (a photo, or Piwigo as a whole). Thread-safe. */
    final class Series {
        private volatile AsyncExecution<Object> execution;
        private final CompletableFuture<Object> future;

        private Series(Throwable first, Runnable onDue) {
            future = Failsafe.with(policy).with(scheduler).getAsyncExecution(attempt -> {
                execution = attempt;
                if (attempt.isFirstAttempt()) {
                    attempt.recordException(first); // the failure that began the series: wait
                } else {
                    onDue.run();
                }
            });
        }

        /** The attempt made after the last wait failed too: wait longer, then run {@code onDue} again. */
        void failed(Throwable failure) {
            AsyncExecution<Object> current = execution;
            if (current != null && !current.isComplete()) {
                current.recordException(failure);
            }
        }

        /** No more attempts (it worked, or it is given up): cancels a wait in progress. */
        void end() {
            future.cancel(false);
        }
    }
}
