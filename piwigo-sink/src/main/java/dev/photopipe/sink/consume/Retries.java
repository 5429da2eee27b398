package dev.photopipe.sink.consume;

import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * What happens after a photo's attempt fails. A permanent failure is dead-lettered with the
 * reason {@link Failures} gave it; refused credentials stop the sink; a transient failure makes
 * the photo wait (its own jittered {@link Backoff}) and come back through {@code onRetryDue},
 * unless Piwigo (or the photo store) kept failing for it while others uploaded
 * ({@link FailureIsolation}): then it is dead-lettered {@code PIWIGO_SERVER_ERROR} (or
 * {@code SOURCE_UNREADABLE}). When Piwigo fails for every photo, all starts pause
 * ({@link UploadPause}) and after each wait {@code onProbeDue} lets one photo probe; any success
 * ends the pause. Tells the attempts apart, too: it counts them and marks the first and the probes.
 *
 * <p>Not thread-safe: the {@link UploadWindow}'s monitor guards it (with the tasks' fields it
 * sets), and every caller holds it. {@code onRetryDue} and {@code onProbeDue} run on the backoff's
 * thread without it, and must take it before they touch anything (the window's do).
 */
final class Retries {
    /** What becomes of a photo whose attempt failed. */
    sealed interface After permits TryAgain, GiveUp, Stop {
    }

    /**
     * It waits for its backoff ({@link PhotoTask.State#WAITING}), or, when the window stops, stays
     * uncommitted ({@link PhotoTask.State#READY}) for whoever takes its record next.
     */
    record TryAgain() implements After {
    }

    /** Dead-letter it and record it {@code FAILED}: the message is what the dead letter says. */
    record GiveUp(ReasonCode reason, FailureKind kind, Throwable error, String message) implements After {
    }

    /** The sink cannot go on ({@code failure} says why); the photo stays uncommitted. */
    record Stop(IllegalStateException failure) implements After {
    }

    private final FailureIsolation isolation;
    private final Backoff backoff;
    private final UploadPause pause;
    private final Clock clock;
    private final Counter retries;
    private final Consumer<PhotoTask> onRetryDue;
    private final Runnable onProbeDue;

    /**
     * @param onRetryDue a waiting photo's wait is over (backoff thread)
     * @param onProbeDue a pause's wait is over: see {@link #probeDue()} (backoff thread)
     */
    Retries(FailureIsolation isolation, Backoff backoff, Clock clock, MeterRegistry registry,
            Consumer<PhotoTask> onRetryDue, Runnable onProbeDue) {
        this.isolation = isolation;
        this.backoff = backoff;
        this.pause = new UploadPause(backoff, registry);
        this.clock = clock;
        this.retries = Counter.builder(SinkMeters.RETRIES)
                .description("Photo attempts that failed transiently and wait for a later attempt").register(registry);
        this.onRetryDue = onRetryDue;
        this.onProbeDue = onProbeDue;
    }

    /** Whether an upload may start now: no pause, or a pause whose probe is due. */
    boolean allowsStart() {
        return pause.allowsStart();
    }

    /** An attempt at {@code task} begins: counted, the first one's time kept, a probe while paused. */
    void starting(PhotoTask task) {
        task.attempts++;
        if (task.firstAttempt == null) {
            task.firstAttempt = clock.instant();
            task.history = isolation.begin();
        }
        task.probe = pause.started();
    }

    /** {@code task}'s attempt went through: Piwigo works, the pause (if any) ends, its waits end. */
    void succeeded(PhotoTask task) {
        isolation.succeeded();
        pause.end();
        forget(task);
    }

    /**
     * {@code task}'s attempt failed with {@code result}: what now.
     *
     * @param stopping the window stops: a transient failure is not the photo's (the stop interrupted it)
     * @param inHand   photos waiting, running or backing off, {@code task} included
     */
    After failed(PhotoTask task, PhotoWork.Result result, boolean stopping, int inHand) {
        Throwable error = result.failure();
        return switch (result.verdict().action()) {
            case DEAD_LETTER -> giveUp(task, new GiveUp(result.verdict().reason(), FailureKind.PERMANENT, error,
                    error.getMessage()));
            case STOP -> {
                task.state = PhotoTask.State.READY;
                yield new Stop(new IllegalStateException("Piwigo refused the sink's credentials (" + error.getMessage()
                        + "). Check piwigo.api.key or piwigo.username/piwigo.password; no record was "
                        + "dead-lettered and the unfinished ones stay uncommitted.", error));
            }
            case RETRY_LATER -> {
                if (stopping) {
                    task.state = PhotoTask.State.READY;
                    yield new TryAgain();
                }
                yield retryLater(task, error, inHand);
            }
        };
    }

    private After retryLater(PhotoTask task, Throwable error, int inHand) {
        retries.increment();
        if (isolation.failed(task.key, task.history) == FailureIsolation.Decision.GIVE_UP) {
            String said = Failures.firstLine(error.getMessage());
            // The photo store failing for this photo's bytes alone is the source's problem, not Piwigo's.
            boolean store = error instanceof StoreUnavailable;
            return giveUp(task, new GiveUp(store ? ReasonCode.SOURCE_UNREADABLE : ReasonCode.PIWIGO_SERVER_ERROR,
                    FailureKind.TRANSIENT, new Failures.KeptFailing((store ? "The photo store" : "Piwigo")
                    + " kept failing for this photo (" + task.attempts + " attempts since "
                    + task.history.firstFailure() + ") while it worked for others: " + said, error), said));
        }
        task.state = PhotoTask.State.WAITING;
        if (task.retry == null) {
            task.retry = backoff.start(error, () -> onRetryDue.accept(task));
        } else {
            task.retry.failed(error);
        }
        if (!pause.active() && isolation.piwigoDown(inHand)) {
            pause.begin(error, inHand, onProbeDue);
        } else if (task.probe) {
            pause.probeFailed(error);
        }
        return new TryAgain();
    }

    private GiveUp giveUp(PhotoTask task, GiveUp giveUp) {
        forget(task);
        return giveUp;
    }

    /** A pause's wait is over: returns whether one photo may now probe (false when the pause ended meanwhile). */
    boolean probeDue() {
        return pause.probeDue();
    }

    /** {@code task} leaves (recorded or dropped): its wait is cancelled, its failures no longer count. */
    void forget(PhotoTask task) {
        if (task.retry != null) {
            task.retry.end();
        }
        isolation.forget(task.key);
    }

    /** The window stops: the pause and the waits of {@code tasks} end. */
    void end(Collection<PhotoTask> tasks) {
        pause.end();
        tasks.forEach(t -> {
            if (t.retry != null) {
                t.retry.end();
            }
        });
    }
}
