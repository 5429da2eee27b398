package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.capture.AllowedRoots;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.CaptureMetadata;
import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.publish.Rejection;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.ReasonCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one complete file below a root into a published event or a dead letter, and records it
 * in the checkpoint once the broker acknowledged. Shared by the hot-folder watcher and the bulk
 * import, so both apply the same checks. Thread-safe if its collaborators are.
 */
public final class FileIngestor {
    private static final Logger LOG = LoggerFactory.getLogger(FileIngestor.class);

    private final PathPattern pattern;
    private final String defaultSourceId;
    private final PhotoInspector inspector;
    private final CaptureEvents events;
    private final CapturePublisher publisher;
    private final Checkpoint checkpoint;

    /** What became of a file. */
    public sealed interface Outcome {
        /** Kafka has the event. */
        record Published(PhotoCaptured event) implements Outcome {
        }

        /** Refused with a reason; Kafka has the dead letter. */
        record Rejected(Rejection rejection) implements Outcome {
        }

        /** Kafka did not acknowledge; nothing was recorded, the file is to be tried again. */
        record BrokerUnavailable(String reason) implements Outcome {
        }
    }

    public FileIngestor(PathPattern pattern, String defaultSourceId, PhotoInspector inspector, CaptureEvents events,
            CapturePublisher publisher, Checkpoint checkpoint) {
        this.pattern = pattern;
        this.defaultSourceId = defaultSourceId;
        this.inspector = inspector;
        this.events = events;
        this.publisher = publisher;
        this.checkpoint = checkpoint;
    }

    /**
     * The version of a file as it is now, with its sidecar's time; empty if it vanished.
     */
    public static Optional<FileVersion> version(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Optional<Path> sidecar = CaptureMetadata.locate(file);
            long sidecarTime = sidecar.isPresent() ? Files.getLastModifiedTime(sidecar.get()).toMillis() : 0;
            return Optional.of(new FileVersion(attributes.size(), attributes.lastModifiedTime().toMillis(), sidecarTime));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The files below {@code root} that may be photos, sorted: hidden files, editor temp files,
     * sidecars and names with a suffix still being written are left out. Links are listed (and
     * refused later if they lead out of the root); linked folders are not entered.
     */
    public static List<Path> candidates(Path root, List<String> ignoredSuffixes) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(path -> isCandidate(path, ignoredSuffixes)).forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot list {} completely: {}", root, e.getMessage());
        }
        files.sort(null);
        return files;
    }

    private static boolean isCandidate(Path path, List<String> ignoredSuffixes) {
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.startsWith(".") || name.startsWith("~") || lower.endsWith(".json")) {
            return false; // hidden, editor temp files, sidecars
        }
        if (ignoredSuffixes.stream().anyMatch(lower::endsWith)) {
            return false;
        }
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path);
    }

    /** Whether this version of the file was published or rejected before. */
    public boolean isDone(Path file, FileVersion version) {
        return checkpoint.isPublished(file, version);
    }

    /**
     * Publishes {@code file} (or its dead letter) and records it.
     *
     * @param root the real path of the root the file was found under
     * @throws InterruptedException when interrupted while waiting for the broker
     */
    public Outcome ingest(Path root, Path file, FileVersion version) throws InterruptedException {
        Optional<String> batch = Optional.empty();
        AllowedRoots allowed = AllowedRoots.of(root);
        try {
            // The event points at the real path: what the sink reads is what was checked and hashed here.
            Path real = allowed.resolve(file);
            Optional<Path> sidecar = CaptureMetadata.locate(file);
            if (sidecar.isPresent()) {
                allowed.resolve(sidecar.get());
            }
            CaptureMetadata metadata = CaptureMetadata.readSidecar(file);
            batch = metadata.batch();
            Path folder = root.relativize(file).getParent();
            Map<String, String> folders = pattern.match(folder == null ? Path.of("") : folder).orElse(null);
            if (folders == null) {
                return reject(file, version, ReasonCode.PATH_REFUSED, file + " is not in a folder matching the pattern '"
                        + pattern + "'; move it or change ingest.hotfolder.path.pattern", batch);
            }
            Inspection inspection = inspector.inspect(real);
            inspection.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
            PhotoCaptured event = events.build(real.toUri(), file.getFileName().toString(), inspection, metadata,
                    folders, defaultSourceId, Instant.ofEpochMilli(version.modifiedMillis()));
            publisher.publish(event).get();
            checkpoint.markPublished(file, version);
            return new Outcome.Published(event);
        } catch (AllowedRoots.Refused e) {
            return reject(file, version, ReasonCode.PATH_REFUSED, e.notAFile()
                    ? file + " is not a regular file (it leads to " + e.real() + "); put photos in the folder as plain files"
                    : file + " (or its sidecar) links to " + e.real() + ", outside the watched folder " + root
                            + "; copy the file into the folder instead of linking it", batch);
        } catch (InspectionException e) {
            return reject(file, version, e.problem().reason(), e.getMessage(), batch);
        } catch (IOException e) {
            return reject(file, version, ReasonCode.SOURCE_UNREADABLE, file + ": " + e.getMessage(), batch);
        } catch (ExecutionException e) {
            return unavailable(file, e);
        }
    }

    private Outcome reject(Path file, FileVersion version, ReasonCode reason, String message, Optional<String> batch)
            throws InterruptedException {
        LOG.warn("Skipped {} [{}]: {}", file, reason, message);
        Rejection rejection = new Rejection(file.toString(), reason, message, batch);
        try {
            publisher.reject(rejection).get();
        } catch (ExecutionException e) {
            return unavailable(file, e);
        }
        // Recorded so the same bad file is reported once; a new version of it is looked at again.
        checkpoint.markPublished(file, version);
        return new Outcome.Rejected(rejection);
    }

    private static Outcome unavailable(Path file, ExecutionException e) {
        String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        LOG.warn("Kafka did not take the record for {} ({}); it is tried again later", file, reason);
        return new Outcome.BrokerUnavailable(reason);
    }
}
