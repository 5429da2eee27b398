package dev.photopipe.sink.consume;

import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.ledger.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of photos: their ledger entries and dead letters, and reports each write
 * done only once the broker acknowledged it (acks=all). Its own thread takes everything finished
 * since its previous write and writes it together, so a finished photo waits at most for the
 * write in progress, never for another upload. Ledger loads and forgets run under the same lock
 * as the writes ({@link #load}, {@link #forget}), so a rebalance never meets a write half done.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #close()} (orderly: what was submitted is written)
 * or {@link #abandon()} (as a killed process: nothing more is written). Thread-safe.
 */
final class OutcomeRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /**
     * One thing to write: a ledger entry, a dead letter, or both; {@code token} comes back in
     * {@link Listener#recorded}.
     */
    record Write(Object token, LedgerEntry entry, DeadLetterPublisher.Letter letter) {
    }

    /** Told of every write; called on the recorder's thread. */
    interface Listener {
        /** These writes are acknowledged by the broker. */
        void recorded(List<Write> writes);

        /** A write failed: nothing after it is written, the sink cannot go on. */
        void failed(Throwable cause);
    }

    private final Ledger ledger;
    private final DeadLetterPublisher deadLetters;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Object ledgerLock = new Object();
    private final Thread thread;
    private volatile Listener listener;
    private volatile boolean closing;
    private volatile boolean abandoned;

    OutcomeRecorder(Ledger ledger, DeadLetterPublisher deadLetters) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.thread = new Thread(this::run, "piwigo-sink-recorder");
        this.thread.setDaemon(true);
    }

    /** Starts the writing thread; {@code listener} hears of every write from then on. */
    void start(Listener listener) {
        this.listener = listener;
        thread.start();
    }

    /** Queues a write; returns at once. */
    void submit(Write write) {
        queue.add(write);
    }

    /** Brings the ledger view of these partitions up to date, between two writes. */
    void load(Collection<Integer> partitions) {
        synchronized (ledgerLock) {
            ledger.load(partitions);
        }
    }

    /** Drops the ledger view of these partitions, between two writes. */
    void forget(Collection<Integer> partitions) {
        synchronized (ledgerLock) {
            ledger.forget(partitions);
        }
    }

    private void run() {
        try {
            while (!abandoned && !(closing && queue.isEmpty())) {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Write> writes = new ArrayList<>();
                writes.add(first);
                queue.drainTo(writes);
                if (!write(writes)) {
                    return;
                }
                listener.recorded(writes);
            }
        } catch (InterruptedException e) {
            // closing or abandoned: what is queued stays unwritten, hence uncommitted
        } catch (RuntimeException e) {
            if (!abandoned) {
                listener.failed(e);
            }
        }
    }

    /** Writes and waits for the acknowledgements; false when abandoned meanwhile. */
    private boolean write(List<Write> writes) throws InterruptedException {
        synchronized (ledgerLock) {
            if (abandoned) {
                return false;
            }
            List<Future<RecordMetadata>> letters = new ArrayList<>();
            List<LedgerEntry> entries = new ArrayList<>();
            for (Write write : writes) {
                if (write.letter() != null) {
                    letters.add(deadLetters.publish(write.letter()));
                }
                if (write.entry() != null) {
                    entries.add(write.entry());
                }
            }
            ledger.record(entries); // flushes the producer: the dead letters are sent too
            for (Future<RecordMetadata> ack : letters) {
                try {
                    ack.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("dead letter not written to the dead-letter topic", e.getCause());
                }
            }
            return !abandoned;
        }
    }

    /** Writes what was submitted (bounded), then stops. */
    @Override
    public void close() {
        closing = true;
        join();
    }

    /** Stops at once: nothing more is written, as when the process is killed. */
    void abandon() {
        abandoned = true;
        thread.interrupt();
        join();
    }

    private void join() {
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT.toMillis());
            if (thread.isAlive()) {
                LOG.warn("Ledger writer still busy {} after close; abandoning it", CLOSE_WAIT);
                abandoned = true;
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
