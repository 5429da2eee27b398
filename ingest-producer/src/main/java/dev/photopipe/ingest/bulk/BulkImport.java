package dev.photopipe.ingest.bulk;

import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import dev.photopipe.ingest.hotfolder.FileIngestor;
import dev.photopipe.ingest.hotfolder.InFlight;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * {@code photopipe import DIR}: publishes every photo below a folder once, for backfills, with a
 * progress bar (bytes, rate, ETA) and a summary. It goes through the same {@link FileIngestor}
 * as the hot folders, with a checkpoint of its own: after Ctrl-C (or a Kafka outage) the same
 * command resumes where it stopped. Files are stored and published without waiting for each
 * acknowledgement, up to {@code maxInFlight} at once; the checkpoint records each one when the
 * broker acknowledged it, so an interrupted import resumes with exactly the files not
 * acknowledged. An import never removes its files. Not thread-safe.
 */
public final class BulkImport {
    private final FileIngestor ingestor;
    private final List<String> ignoredSuffixes;
    private final int maxInFlight;

    /**
     * @param ingestor an ingestor whose checkpoint belongs to this import's folder
     * @param maxInFlight files under way at once
     */
    public BulkImport(FileIngestor ingestor, List<String> ignoredSuffixes, int maxInFlight) {
        this.ingestor = ingestor;
        this.ignoredSuffixes = List.copyOf(ignoredSuffixes);
        this.maxInFlight = maxInFlight;
    }

    /** Counts, kept by the importing thread. */
    private static final class Tally {
        long published;
        long duplicates;
        long bytes;
        boolean complete = true;
        final Map<String, Long> skipped = new HashMap<>();
        final Set<String> photoIds = new HashSet<>();

        void add(List<InFlight.Finished> finished, ProgressBar bar) {
            for (InFlight.Finished f : finished) {
                if (f.outcome() instanceof FileIngestor.Outcome.Published p) {
                    published++;
                    bytes += f.version().sizeBytes();
                    if (!photoIds.add(p.event().getPhotoId())) {
                        duplicates++;
                    }
                } else if (f.outcome() instanceof FileIngestor.Outcome.Rejected r) {
                    skipped.merge(r.rejection().reasonCode().name(), 1L, Long::sum);
                } else {
                    complete = false;
                }
                bar.stepBy(f.version().sizeBytes());
            }
        }
    }

    /**
     * Imports {@code dir}, drawing progress on {@code console}.
     *
     * @throws InterruptedException when interrupted; what was done is kept for the next run
     */
    public ImportSummary run(Path dir, PrintStream console) throws InterruptedException {
        return run(dir, console, () -> false);
    }

    /**
     * As {@link #run(Path, PrintStream)}, stopping between two files once {@code stop} says so
     * (Ctrl-C): unlike an interrupt, this never cuts a file's reading short, which would refuse
     * (and dead-letter) a good file.
     */
    public ImportSummary run(Path dir, PrintStream console, BooleanSupplier stop) throws InterruptedException {
        Path root = realPath(dir);
        List<Path> files = FileIngestor.candidates(root, ignoredSuffixes);
        long totalBytes = 0;
        Map<Path, FileVersion> versions = new HashMap<>();
        for (Path file : files) {
            Optional<FileVersion> version = FileIngestor.version(file);
            if (version.isPresent()) {
                versions.put(file, version.get());
                totalBytes += version.get().sizeBytes();
            }
        }
        long already = 0;
        boolean stopped = false;
        Tally tally = new Tally();
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Importing")
                .setInitialMax(totalBytes)
                .setUnit(" MB", 1024 * 1024)
                // "0.5 MB/s": the library's default pattern (#.#) drops the leading zero, ".5 MB/s".
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setConsumer(new ConsoleProgressBarConsumer(console))
                .build()) {
            InFlight inFlight = new InFlight(ingestor, maxInFlight);
            int submitted = 0;
            for (Map.Entry<Path, FileVersion> entry : versions.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                if (stop.getAsBoolean()) {
                    stopped = true; // the files under way finish below; none is cut short
                    break;
                }
                if (inFlight.unavailable()) {
                    break; // Kafka or the store is down: what was not taken is imported by the next run
                }
                if (ingestor.isDone(entry.getKey(), entry.getValue())) {
                    already++;
                    bar.stepBy(entry.getValue().sizeBytes());
                } else {
                    inFlight.submit(root, entry.getKey(), entry.getValue());
                    submitted++;
                }
                tally.add(inFlight.finished(), bar);
                // The library puts the extra message right after the speed: the space is ours to add.
                bar.setExtraMessage(" " + (submitted + already) + "/" + versions.size() + " files");
            }
            tally.add(inFlight.awaitAll(), bar);
            if (inFlight.unavailable() || stopped) {
                tally.complete = false;
            }
        }
        return new ImportSummary(tally.published, tally.duplicates, already, tally.skipped, tally.bytes, tally.complete,
                stopped);
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import " + dir + ": " + e.getMessage() + ". Check the folder exists.", e);
        }
    }
}
