package dev.photopipe.sink.upload;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Piwigo whether the photos about to be uploaded exist, on its own thread, ahead of their
 * uploads: an upload slot then finds its answer waiting instead of spending its turn on a
 * {@code pwg.images.exist} that, on a busy Piwigo, queues behind the uploads for a PHP worker.
 * It asks when photos are announced ({@link #wake}) and, while some wait, again for answers past
 * half their age, so they are still fresh when their upload comes. The photos of a failed request
 * are left to their uploads (each asks on its own, through the client's retries): the prefetcher
 * never retries. Thread-safe; {@link #close} stops the thread.
 */
final class ExistencePrefetcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExistencePrefetcher.class);

    private final ExistenceAnswers answers;
    private final Function<List<String>, Map<String, Long>> exist;
    private final int batch;
    private final long refreshNanos;
    private final Thread thread;
    private boolean woken;
    private boolean closed;

    /**
     * @param exist   Piwigo's {@code pwg.images.exist}: md5 to image id for those found
     * @param batch   md5s asked about in one request at most
     * @param refresh how often waiting photos' answers are checked for age
     */
    ExistencePrefetcher(ExistenceAnswers answers, Function<List<String>, Map<String, Long>> exist, int batch,
                        Duration refresh) {
        this.answers = answers;
        this.exist = exist;
        this.batch = batch;
        this.refreshNanos = refresh.toNanos();
        this.thread = new Thread(this::run, "piwigo-sink-exist-prefetch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** New photos were announced: ask about them now. */
    synchronized void wake() {
        woken = true;
        notifyAll();
    }

    private void run() {
        try {
            while (awaitWork()) {
                List<String> ask = answers.claimAhead(batch);
                while (!ask.isEmpty()) {
                    long askedAt = answers.now();
                    try {
                        answers.put(ask, exist.apply(ask), askedAt);
                    } catch (RuntimeException e) {
                        // Their uploads ask on their own (through the client's retries) when they find no answer.
                        LOG.debug("Asking Piwigo ahead about {} photos failed: {}", ask.size(), e.toString());
                        answers.leaveToUploads(ask);
                        break;
                    } finally {
                        answers.settled(ask);
                    }
                    ask = answers.claimAhead(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for an announcement or the next refresh; false once closed. */
    private synchronized boolean awaitWork() throws InterruptedException {
        long deadline = System.nanoTime() + refreshNanos;
        while (!closed && !woken) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (answers.anythingToAsk()) {
                    break;
                }
                deadline = System.nanoTime() + refreshNanos;
                left = refreshNanos;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        woken = false;
        return !closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
