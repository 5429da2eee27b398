package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Files handed to a {@link FileIngestor} and not finished yet, bounded: {@link #submit} waits
 * while {@code max} files are between their first read and the broker's answer, so a scan or an
 * import never waits for one acknowledgement before the next file, yet never holds more staged
 * files than the bound. Finished files are handed back to the submitting thread
 * ({@link #finished}, {@link #awaitAll}), which keeps the counts. Used by one thread at a time.
 */
public final class InFlight {
    private final FileIngestor ingestor;
    private final int max;
    private final Semaphore slots;
    private final LinkedBlockingQueue<Finished> done = new LinkedBlockingQueue<>();
    private volatile boolean unavailable;

    /** A file's outcome. */
    public record Finished(Path file, FileVersion version, FileIngestor.Outcome outcome) {
    }

    public InFlight(FileIngestor ingestor, int max) {
        this.ingestor = ingestor;
        this.max = max;
        this.slots = new Semaphore(max);
    }

    /**
     * Starts ingesting {@code file}; waits for a free slot first.
     *
     * @throws InterruptedException when interrupted while waiting; the file was not started
     */
    public void submit(Path root, Path file, FileVersion version) throws InterruptedException {
        slots.acquire();
        ingestor.ingest(root, file, version).whenComplete((outcome, error) -> {
            // ingest() never completes exceptionally; the check is for the contract's sake.
            FileIngestor.Outcome result = outcome != null ? outcome
                    : new FileIngestor.Outcome.Unavailable(String.valueOf(error));
            if (result instanceof FileIngestor.Outcome.Unavailable) {
                unavailable = true;
            }
            done.add(new Finished(file, version, result));
            slots.release();
        });
    }

    /** Whether a file found Kafka or the store unavailable: callers stop submitting and try later. */
    public boolean unavailable() {
        return unavailable;
    }

    /** The files finished since the last call. */
    public List<Finished> finished() {
        List<Finished> out = new ArrayList<>();
        done.drainTo(out);
        return out;
    }

    /** Waits until every submitted file is finished; returns those not yet handed back. */
    public List<Finished> awaitAll() throws InterruptedException {
        slots.acquire(max);
        slots.release(max);
        return finished();
    }
}
