package dev.photopipe.ingest.hotfolder;

import dev.photopipe.ingest.capture.AllowedRoots;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.capture.CaptureMetadata;
import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.hotfolder.Checkpoint.FileVersion;
import dev.photopipe.ingest.inspect.Inspection;
import dev.photopipe.ingest.inspect.InspectionException;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.publish.Rejection;
import dev.photopipe.ingest.store.PhotoIntake;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.deadletter.ReasonCode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one complete file below a root into a stored photo and a published event, or a dead
 * letter. Shared by the hot-folder watcher and the bulk import, so both apply the same checks.
 *
 * <p>{@link #ingest} returns at once: copying into the photo store, hashing and inspecting run on
 * the {@code workers} executor, and the rest happens in the send's callback: the checkpoint
 * records the file when the broker acknowledged its event, then the hot folder drains it
 * ({@link AfterPublish}). Nothing is recorded or removed that the store and the broker do not
 * both hold. Callers bound how many files are in flight ({@link InFlight}). Thread-safe if its
 * collaborators are.
 */
public final class FileIngestor {
    private static final Logger LOG = LoggerFactory.getLogger(FileIngestor.class);

    private final PathPattern pattern;
    private final String defaultSourceId;
    private final PhotoIntake intake;
    private final CaptureEvents events;
    private final CapturePublisher publisher;
    private final Checkpoint checkpoint;
    private final AfterPublish afterPublish;
    private final Executor workers;

    /** What became of a file. */
    public sealed interface Outcome {
        /** The store has the bytes, Kafka has the event. */
        record Published(PhotoCaptured event) implements Outcome {
        }

        /** Refused with a reason; Kafka has the dead letter. */
        record Rejected(Rejection rejection) implements Outcome {
        }

        /** Kafka or the photo store did not take it; nothing was recorded, the file is to be tried again. */
        record Unavailable(String reason) implements Outcome {
        }
    }

    /**
     * @param afterPublish what becomes of a published file ({@link AfterPublish#KEEP} for imports)
     * @param workers runs the copying, hashing and inspecting; its size bounds the CPU ingest takes
     */
    public FileIngestor(PathPattern pattern, String defaultSourceId, PhotoIntake intake, CaptureEvents events,
            CapturePublisher publisher, Checkpoint checkpoint, AfterPublish afterPublish, Executor workers) {
        this.pattern = pattern;
        this.defaultSourceId = defaultSourceId;
        this.intake = intake;
        this.events = events;
        this.publisher = publisher;
        this.checkpoint = checkpoint;
        this.afterPublish = afterPublish;
        this.workers = workers;
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
     * Stores and publishes {@code file} (or its dead letter), records it and drains it; returns at once.
     *
     * @param root the real path of the root the file was found under
     * @return completes when the broker acknowledged (or did not take) the record; never exceptionally
     */
    public CompletableFuture<Outcome> ingest(Path root, Path file, FileVersion version) {
        return CompletableFuture.supplyAsync(() -> store(root, file, version), workers)
                .thenCompose(stored -> stored.publish(this, root, file, version))
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    LOG.error("Could not ingest {}; it is tried again later", file, cause);
                    return new Outcome.Unavailable(String.valueOf(cause.getMessage()));
                });
    }

    /** What the worker produced: an event to publish, or a rejection to dead-letter, or a failure to report. */
    private sealed interface Stored {
        CompletableFuture<Outcome> publish(FileIngestor ingestor, Path root, Path file, FileVersion version);
    }

    private record Event(PhotoCaptured event, Optional<Path> sidecar) implements Stored {
        @Override
        public CompletableFuture<Outcome> publish(FileIngestor ingestor, Path root, Path file, FileVersion version) {
            // The callback runs on the producer's I/O thread: the checkpoint is a flushed append.
            CompletableFuture<Outcome> acknowledged = ingestor.publisher.publish(event).handle((ok, error) -> {
                if (error != null) {
                    return unavailable(file, error);
                }
                ingestor.checkpoint.markPublished(file, version);
                return new Outcome.Published(event);
            });
            // Draining touches the (perhaps network) file system: on a worker, not the producer's thread.
            return acknowledged.thenApplyAsync(outcome -> {
                if (outcome instanceof Outcome.Published) {
                    ingestor.afterPublish.apply(root, file, sidecar);
                }
                return outcome;
            }, ingestor::drainOn);
        }
    }

    private record Refusal(Rejection rejection) implements Stored {
        @Override
        public CompletableFuture<Outcome> publish(FileIngestor ingestor, Path root, Path file, FileVersion version) {
            return ingestor.publisher.reject(rejection).handle((ok, error) -> {
                if (error != null) {
                    return unavailable(file, error);
                }
                // Recorded so the same bad file is reported once; a new version of it is looked at again.
                ingestor.checkpoint.markPublished(file, version);
                return new Outcome.Rejected(rejection);
            });
        }
    }

    private record StoreFailure(String reason) implements Stored {
        @Override
        public CompletableFuture<Outcome> publish(FileIngestor ingestor, Path root, Path file, FileVersion version) {
            return CompletableFuture.completedFuture(new Outcome.Unavailable(reason));
        }
    }

    private Stored store(Path root, Path file, FileVersion version) {
        Optional<String> batch = Optional.empty();
        AllowedRoots allowed = AllowedRoots.of(root);
        try {
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
                return reject(file, ReasonCode.PATH_REFUSED, file + " is not in a folder matching the pattern '"
                        + pattern + "'; move it or change ingest.hotfolder.path.pattern", batch);
            }
            PhotoIntake.Received received;
            try {
                received = intake.copyOf(real);
            } catch (IOException e) {
                // The source's failures are InspectionExceptions: this is the photo store's. Not the file's fault.
                LOG.warn("Could not keep {} in the photo store ({}); it is tried again later", file, e.getMessage());
                return new StoreFailure(e.getMessage());
            }
            Inspection inspection = received.inspection();
            inspection.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
            PhotoCaptured event = events.build(received.uri(), file.getFileName().toString(), inspection, metadata,
                    folders, defaultSourceId, Instant.ofEpochMilli(version.modifiedMillis()));
            return new Event(event, sidecar);
        } catch (AllowedRoots.Refused e) {
            return reject(file, ReasonCode.PATH_REFUSED, e.notAFile()
                    ? file + " is not a regular file (it leads to " + e.real() + "); put photos in the folder as plain files"
                    : file + " (or its sidecar) links to " + e.real() + ", outside the watched folder " + root
                            + "; copy the file into the folder instead of linking it", batch);
        } catch (InspectionException e) {
            if (interrupted(e)) {
                // Ingest is stopping: the read was cut, the file is fine. Not recorded; taken at the next start.
                return new StoreFailure("interrupted while reading " + file);
            }
            return reject(file, e.problem().reason(), e.getMessage().replace(e.file().toString(), file.toString()), batch);
        } catch (IOException e) {
            return reject(file, ReasonCode.SOURCE_UNREADABLE, file + ": " + e.getMessage(), batch);
        }
    }

    /** Drains on a worker; when the workers are stopping, on the calling thread, so no published file stays behind. */
    private void drainOn(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedByInterruptException || cause instanceof InterruptedIOException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private static Stored reject(Path file, ReasonCode reason, String message, Optional<String> batch) {
        LOG.warn("Skipped {} [{}]: {}", file, reason, message);
        return new Refusal(new Rejection(file.toString(), reason, message, batch));
    }

    private static Outcome unavailable(Path file, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String reason = String.valueOf(cause.getMessage());
        LOG.warn("Kafka did not take the record for {} ({}); it is tried again later", file, reason);
        return new Outcome.Unavailable(reason);
    }
}
