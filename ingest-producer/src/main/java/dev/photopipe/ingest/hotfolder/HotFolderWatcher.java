package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches hot folders and publishes one event per complete photo.
 *
 * <p>Folders are scanned, not watched with inotify: cameras usually write to network shares
 * (SMB, NFS), where file system events do not arrive, and recursive watches overflow under
 * bursts. A file is taken once its size and modification time have not changed for the stable
 * window, and once only: the {@link Checkpoint} remembers each published version across restarts.
 *
 * <p>A scan hands every stable new file to the {@link FileIngestor} without waiting for the one
 * before ({@link InFlight} bounds how many are under way), then waits for all of them. Once the
 * store holds a photo and the broker acknowledged its event, the file leaves the folder
 * ({@link AfterPublish}, by default), so a scan lists the files that arrived since, not every photo
 * ever taken. When Kafka or the store does not take a file, the scan stops submitting and the rest
 * is tried on the next scan: nothing is recorded as done that the broker did not take.
 * Thread-safe; scans never overlap.
 */
public final class HotFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotFolderWatcher.class);

    private final HotFolderSettings settings;
    private final FileIngestor ingestor;
    private final int maxInFlight;
    private final Clock clock;
    private final Map<Path, Observation> observed = new ConcurrentHashMap<>();
    private final ScanSummary summary;
    private final List<Path> realRoots;
    private ScheduledExecutorService scheduler;

    /** A file's size and time when first seen so, to tell a finished file from one being written. */
    private record Observation(FileVersion version, Instant since) {
    }

    /**
     * @param ingestor stores, publishes, records and drains each file
     * @param maxInFlight files under way at once within a scan
     */
    public HotFolderWatcher(HotFolderSettings settings, FileIngestor ingestor, int maxInFlight, Clock clock) {
        this.settings = settings;
        this.ingestor = ingestor;
        this.maxInFlight = maxInFlight;
        this.clock = clock;
        this.summary = new ScanSummary(clock);
        this.realRoots = settings.roots().stream().map(HotFolderWatcher::realRoot).toList();
    }

    /** Scans every scan interval on a background thread until {@link #close()}. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hot-folder-scanner");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.scanInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scanLogged, 0, interval, TimeUnit.MILLISECONDS);
        LOG.info("Watching hot folders {} (pattern '{}', stable after {} ms, scan every {} ms)",
                realRoots, settings.pattern(), settings.stableWindow().toMillis(), interval);
    }

    /**
     * Scans every root once, storing and publishing each stable file not published before; returns
     * when every file it started is finished.
     *
     * @throws InterruptedException when interrupted while waiting for the store or the broker
     */
    public synchronized ScanReport scanOnce() throws InterruptedException {
        int waiting = 0;
        int scanned = 0;
        List<Path> seen = new ArrayList<>();
        InFlight inFlight = new InFlight(ingestor, maxInFlight);
        scan:
        for (Path root : realRoots) {
            List<Path> files = FileIngestor.candidates(root, settings.ignoredSuffixes());
            scanned += files.size();
            seen.addAll(files);
            for (Path file : files) {
                Optional<FileVersion> version = FileIngestor.version(file);
                if (version.isEmpty() || ingestor.isDone(file, version.get())) {
                    continue;
                }
                if (!isStable(file, version.get())) {
                    waiting++;
                    continue;
                }
                if (inFlight.unavailable()) {
                    break scan; // back-pressure: every file not taken is tried on the next scan
                }
                inFlight.submit(root, file, version.get());
            }
        }
        int published = 0;
        int rejected = 0;
        long bytes = 0;
        for (InFlight.Finished finished : inFlight.awaitAll()) {
            if (finished.outcome() instanceof FileIngestor.Outcome.Unavailable) {
                continue;
            }
            observed.remove(finished.file());
            if (finished.outcome() instanceof FileIngestor.Outcome.Published) {
                published++;
                bytes += finished.version().sizeBytes();
            } else {
                rejected++;
            }
        }
        // Files deleted before they became stable are forgotten.
        observed.keySet().retainAll(seen);
        return new ScanReport(scanned, published, rejected, waiting, bytes);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private boolean isStable(Path file, FileVersion version) {
        if (settings.stableWindow().isZero()) {
            return true;
        }
        Instant now = clock.instant();
        Observation seen = observed.compute(file, (path, previous) ->
                previous != null && previous.version().equals(version) ? previous : new Observation(version, now));
        return !seen.since().plus(settings.stableWindow()).isAfter(now);
    }

    private static Path realRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Hot folder " + root + " does not exist or cannot be read: "
                    + e.getMessage() + ". Create it or fix ingest.hotfolder.roots.", e);
        }
    }

    private void scanLogged() {
        try {
            ScanReport report = scanOnce();
            if (report.published() + report.rejected() > 0) {
                LOG.debug("Hot folder scan: {} published, {} rejected, {} still being written",
                        report.published(), report.rejected(), report.waiting());
            }
            summary.add(report);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scan that fails must not end the schedule: the next one tries again.
            LOG.error("Hot folder scan failed; retrying on the next scan", e);
        }
    }

    /**
     * What the scans did, told at INFO once a minute (and at the first photo), not once a scan:
     * the log tells the story, a busy line does not flood it. Each scan's figures are at DEBUG.
     * Used by the scan thread only.
     */
    static final class ScanSummary {
        static final java.time.Duration EVERY = java.time.Duration.ofMinutes(1);
        private final Clock clock;
        private java.time.Instant since;
        private long published;
        private long rejected;
        private boolean first = true;

        ScanSummary(Clock clock) {
            this.clock = clock;
            this.since = clock.instant();
        }

        /** Adds one scan; returns the line told, or null when it is not time yet. */
        String add(ScanReport report) {
            published += report.published();
            rejected += report.rejected();
            java.time.Instant now = clock.instant();
            boolean due = first && published + rejected > 0 || !now.isBefore(since.plus(EVERY)) && published + rejected > 0;
            if (!due) {
                return null;
            }
            String line = String.format(java.util.Locale.ROOT, "Hot folders: %d photo(s) published, %d file(s) refused "
                    + "in the last %d s; %d still being written", published, rejected,
                    java.time.Duration.between(since, now).toSeconds(), report.waiting());
            LOG.info(line);
            first = false;
            published = 0;
            rejected = 0;
            since = now;
            return line;
        }
    }
}
