package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.CaptureMetadata;
import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.publish.Rejection;
import dev.photopipe.schemas.PhotoCaptured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * <p>When Kafka does not acknowledge (broker down), the scan stops and the file is tried again on
 * the next scan: nothing is recorded as done that the broker did not take. Thread-safe; scans
 * never overlap.
 */
public final class HotFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotFolderWatcher.class);

    private final HotFolderSettings settings;
    private final PhotoInspector inspector;
    private final CaptureEvents events;
    private final CapturePublisher publisher;
    private final Checkpoint checkpoint;
    private final Clock clock;
    private final Map<Path, Observation> observed = new ConcurrentHashMap<>();
    private final List<Path> realRoots;
    private ScheduledExecutorService scheduler;

    /** A file's size and time when first seen so, to tell a finished file from one being written. */
    private record Observation(FileVersion version, Instant since) {
    }

    public HotFolderWatcher(HotFolderSettings settings, PhotoInspector inspector, CaptureEvents events,
            CapturePublisher publisher, Checkpoint checkpoint, Clock clock) {
        this.settings = settings;
        this.inspector = inspector;
        this.events = events;
        this.publisher = publisher;
        this.checkpoint = checkpoint;
        this.clock = clock;
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
     * Scans every root once, publishing each stable file not published before.
     *
     * @throws InterruptedException when interrupted while waiting for the broker
     */
    public synchronized ScanReport scanOnce() throws InterruptedException {
        int published = 0;
        int rejected = 0;
        int waiting = 0;
        long bytes = 0;
        List<Path> seen = new ArrayList<>();
        for (Path root : realRoots) {
            List<Path> files = candidates(root);
            seen.addAll(files);
            for (Path file : files) {
                Optional<FileVersion> version = version(file);
                if (version.isEmpty() || checkpoint.isPublished(file, version.get())) {
                    continue;
                }
                if (!isStable(file, version.get())) {
                    waiting++;
                    continue;
                }
                Outcome outcome = take(root, file, version.get());
                if (outcome == Outcome.BROKER_UNAVAILABLE) {
                    // Back-pressure: stop here; every file not taken is tried on the next scan.
                    return new ScanReport(published, rejected, waiting, bytes);
                }
                observed.remove(file);
                if (outcome == Outcome.PUBLISHED) {
                    published++;
                    bytes += version.get().sizeBytes();
                } else {
                    rejected++;
                }
            }
        }
        // Files deleted before they became stable are forgotten.
        observed.keySet().retainAll(seen);
        return new ScanReport(published, rejected, waiting, bytes);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private enum Outcome { PUBLISHED, REJECTED, BROKER_UNAVAILABLE }

    private Outcome take(Path root, Path file, FileVersion version) throws InterruptedException {
        Optional<String> batch = Optional.empty();
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root)) {
                return reject(file, version, "PATH_OUTSIDE_ROOT", file + " links to " + real
                        + ", outside the watched folder " + root + "; copy the file into the folder instead of linking it", batch);
            }
            CaptureMetadata metadata = CaptureMetadata.readSidecar(file);
            batch = metadata.batch();
            Path folder = root.relativize(file).getParent();
            Map<String, String> folders = settings.pattern().match(folder == null ? Path.of("") : folder).orElse(null);
            if (folders == null) {
                return reject(file, version, "PATH_PATTERN_MISMATCH", file + " is not in a folder matching the pattern '"
                        + settings.pattern() + "'; move it or change ingest.hotfolder.path.pattern", batch);
            }
            Inspection inspection = inspector.inspect(file);
            inspection.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
            PhotoCaptured event = events.build(file.toUri(), file.getFileName().toString(), inspection, metadata,
                    folders, settings.defaultSourceId(), Instant.ofEpochMilli(version.modifiedMillis()));
            publisher.publish(event).get();
            checkpoint.markPublished(file, version);
            LOG.debug("Published {} as {}", file, event.getPhotoId());
            return Outcome.PUBLISHED;
        } catch (InspectionException e) {
            return reject(file, version, e.problem().name(), e.getMessage(), batch);
        } catch (IOException e) {
            return reject(file, version, "UNREADABLE", file + ": " + e.getMessage(), batch);
        } catch (ExecutionException e) {
            LOG.warn("Kafka did not take the event for {} ({}); it is tried again on the next scan", file,
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            return Outcome.BROKER_UNAVAILABLE;
        }
    }

    private Outcome reject(Path file, FileVersion version, String reason, String message, Optional<String> batch)
            throws InterruptedException {
        LOG.warn("Skipped {} [{}]: {}", file, reason, message);
        try {
            publisher.reject(new Rejection(file.toString(), reason, message, batch)).get();
        } catch (ExecutionException e) {
            LOG.warn("Kafka did not take the dead letter for {}; it is tried again on the next scan", file);
            return Outcome.BROKER_UNAVAILABLE;
        }
        // Recorded so the same bad file is reported once; a new version of it is looked at again.
        checkpoint.markPublished(file, version);
        return Outcome.REJECTED;
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

    private List<Path> candidates(Path root) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(this::isCandidate).forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot list hot folder {} completely: {}", root, e.getMessage());
        }
        files.sort(null);
        return files;
    }

    private boolean isCandidate(Path path) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || name.startsWith("~") || lower.endsWith(".json")) {
            return false; // hidden, editor temp files, sidecars
        }
        if (settings.ignoredSuffixes().stream().anyMatch(lower::endsWith)) {
            return false;
        }
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path);
    }

    private static Optional<FileVersion> version(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Optional<Path> sidecar = CaptureMetadata.locate(file);
            long sidecarTime = sidecar.isPresent() ? Files.getLastModifiedTime(sidecar.get()).toMillis() : 0;
            return Optional.of(new FileVersion(attributes.size(), attributes.lastModifiedTime().toMillis(), sidecarTime));
        } catch (IOException e) {
            return Optional.empty(); // vanished between listing and reading: nothing to take
        }
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
                LOG.info("Hot folder scan: {} published, {} rejected, {} still being written",
                        report.published(), report.rejected(), report.waiting());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scan that fails must not end the schedule: the next one tries again.
            LOG.error("Hot folder scan failed; retrying on the next scan", e);
        }
    }
}
