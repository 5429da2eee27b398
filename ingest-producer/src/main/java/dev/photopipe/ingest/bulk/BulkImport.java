package dev.photopipe.ingest.bulk;

import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import dev.photopipe.ingest.hotfolder.FileIngestor;
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
 * command resumes where it stopped. Not thread-safe.
 */
public final class BulkImport {
    private final FileIngestor ingestor;
    private final List<String> ignoredSuffixes;

    /** @param ingestor an ingestor whose checkpoint belongs to this import's folder */
    public BulkImport(FileIngestor ingestor, List<String> ignoredSuffixes) {
        this.ingestor = ingestor;
        this.ignoredSuffixes = List.copyOf(ignoredSuffixes);
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
        long published = 0;
        long duplicates = 0;
        long already = 0;
        long bytes = 0;
        Map<String, Long> skipped = new HashMap<>();
        Set<String> photoIds = new HashSet<>();
        boolean complete = true;
        boolean stopped = false;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Importing")
                .setInitialMax(totalBytes)
                .setUnit(" MB", 1024 * 1024)
                // "0.5 MB/s": the library's default pattern (#.#) drops the leading zero, ".5 MB/s".
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setConsumer(new ConsoleProgressBarConsumer(console))
                .build()) {
            int done = 0;
            for (Map.Entry<Path, FileVersion> entry : versions.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                if (stop.getAsBoolean()) {
                    complete = false;
                    stopped = true;
                    break;
                }
                Path file = entry.getKey();
                FileVersion version = entry.getValue();
                if (ingestor.isDone(file, version)) {
                    already++;
                } else {
                    FileIngestor.Outcome outcome = ingestor.ingest(root, file, version);
                    if (outcome instanceof FileIngestor.Outcome.Published p) {
                        published++;
                        bytes += version.sizeBytes();
                        if (!photoIds.add(p.event().getPhotoId())) {
                            duplicates++;
                        }
                    } else if (outcome instanceof FileIngestor.Outcome.Rejected r) {
                        skipped.merge(r.rejection().reasonCode().name(), 1L, Long::sum);
                    } else {
                        complete = false;
                        break;
                    }
                }
                done++;
                bar.stepBy(version.sizeBytes());
                // The library puts the extra message right after the speed: the space is ours to add.
                bar.setExtraMessage(" " + done + "/" + versions.size() + " files");
            }
        }
        return new ImportSummary(published, duplicates, already, skipped, bytes, complete, stopped);
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import " + dir + ": " + e.getMessage() + ". Check the folder exists.", e);
        }
    }
}
