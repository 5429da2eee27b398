package dev.photopipe.sink.consume;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the photos that wait, in the order they became ready, as slots free up: up to the
 * {@link InFlightLimit}, at most one upload per md5 at a time (a photo whose md5 is being uploaded
 * lets the ones behind it pass), and while uploads are paused only the probe {@link Retries}
 * allows. Each start runs {@code attempt} on an upload thread; each attempt's end goes back to the
 * limit as a sample of Piwigo's load (or as none).
 *
 * <p>Not thread-safe: the {@link UploadWindow}'s monitor guards it (with the tasks' fields it
 * sets), and every caller holds it, except of {@link #shutdown} and {@link #shutdownNow}: they
 * only stop the (thread-safe) upload threads and must be called without it, as an attempt ending
 * meanwhile takes it. {@code attempt} runs on an upload thread without it, and must take it before
 * it reports back (the window's does, and calls {@link #finished} under it).
 */
final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);

    private final InFlightLimit limit;
    private final Retries retries;
    private final ExecutorService workers;
    private final Consumer<PhotoTask> attempt;
    private final ArrayDeque<PhotoTask> ready = new ArrayDeque<>();
    private final Set<String> busyMd5 = new HashSet<>();

    /** @param attempt one attempt at the photo and its report back; runs on {@code workers} */
    Dispatch(InFlightLimit limit, Retries retries, ExecutorService workers, Consumer<PhotoTask> attempt) {
        this.limit = limit;
        this.retries = retries;
        this.workers = workers;
        this.attempt = attempt;
    }

    /** {@code count} daemon upload threads, started as photos come. */
    static ExecutorService threads(int count) {
        AtomicInteger sequence = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "piwigo-sink-upload-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(count, factory);
    }

    /** {@code task} waits for a slot, behind those waiting already. */
    void add(PhotoTask task) {
        task.state = PhotoTask.State.READY;
        ready.add(task);
    }

    /** {@code task} waits no more (dropped). */
    void remove(PhotoTask task) {
        ready.remove(task);
    }

    /**
     * Starts waiting photos while the limit, their md5s and the pause let them. Returns false when
     * the upload threads refused one (they are shut down): it waits again, first in line, its
     * permit given back, and nothing more should start.
     */
    boolean start() {
        while (!ready.isEmpty() && retries.allowsStart()) {
            PhotoTask next = null;
            for (PhotoTask candidate : ready) {
                if (!busyMd5.contains(candidate.md5)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return true; // every waiting photo shares its md5 with one running
            }
            Optional<InFlightLimit.Permit> permit = limit.tryAcquire();
            if (permit.isEmpty()) {
                return true;
            }
            ready.remove(next);
            if (!start(next, permit.get())) {
                return false;
            }
        }
        return true;
    }

    private boolean start(PhotoTask task, InFlightLimit.Permit permit) {
        task.state = PhotoTask.State.RUNNING;
        task.permit = permit;
        retries.starting(task);
        busyMd5.add(task.md5);
        try {
            task.running = workers.submit(() -> attempt.accept(task));
            return true;
        } catch (RejectedExecutionException e) {
            busyMd5.remove(task.md5); // shutting down: the photo stays uncommitted
            permit.ignored();
            task.state = PhotoTask.State.READY;
            ready.addFirst(task);
            return false;
        }
    }

    /**
     * {@code task}'s attempt ended with {@code result}: its md5 is free, and its permit tells the
     * limit what the attempt said of Piwigo's load.
     *
     * @param current whether the photo is still the window's (not dropped by a revocation or the
     *                window abandoned meanwhile): only then does the result count as a sample
     */
    void finished(PhotoTask task, PhotoWork.Result result, boolean current) {
        busyMd5.remove(task.md5);
        task.running = null;
        InFlightLimit.Permit permit = task.permit;
        if (!current) {
            permit.ignored(); // its partition is gone: says nothing
        } else if (result.succeeded()) {
            if (result.uploaded().uploaded()) {
                permit.succeeded();
            } else {
                permit.ignored(); // an exist check, not an upload: says little of Piwigo's load
            }
        } else if (result.verdict().action() == Verdict.Action.RETRY_LATER) {
            permit.dropped(); // Piwigo did not cope (or the stop interrupted it)
        } else {
            permit.ignored(); // the record's fault, or the credentials': not Piwigo's load
        }
    }

    /** No attempt starts from now on; those running go on to their end. */
    void shutdown() {
        workers.shutdown();
    }

    /**
     * No attempt starts from now on; those running are interrupted, and the upload threads given
     * at most {@code wait} to end, so no upload of this window overlaps one of its successor.
     */
    void shutdownNow(Duration wait) {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Upload threads still running {} after abandoning them", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
