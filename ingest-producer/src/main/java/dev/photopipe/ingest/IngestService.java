package dev.photopipe.ingest;

import dev.photopipe.ingest.bulk.BulkImport;
import dev.photopipe.ingest.bulk.ImportSummary;
import dev.photopipe.ingest.capture.CaptureEvents;
import dev.photopipe.ingest.hotfolder.Checkpoint;
import dev.photopipe.ingest.hotfolder.FileIngestor;
import dev.photopipe.ingest.hotfolder.HotFolderSettings;
import dev.photopipe.ingest.hotfolder.HotFolderWatcher;
import dev.photopipe.ingest.http.CaptureHandler;
import dev.photopipe.ingest.inspect.PhotoInspector;
import dev.photopipe.ingest.publish.CapturePublisher;
import dev.photopipe.ingest.publish.CapturePublishers;
import dev.photopipe.ingest.fetch.SourceFetcher;
import dev.photopipe.ingest.hotfolder.AfterPublish;
import dev.photopipe.ingest.store.PhotoIntake;
import dev.photopipe.store.PhotoStore;
import dev.photopipe.store.PhotoStores;
import dev.photopipe.observability.HttpEndpoint;
import dev.photopipe.observability.HttpGuard;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-producer: watches the hot folders and serves {@code POST /captures}, publishing one
 * {@code PhotoCaptured} event per photo; also runs bulk imports. Start once, close once.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /** How long stopping waits for the files under way. */
    private static final Duration WORKERS_STOP = Duration.ofSeconds(30);
    private final IngestConfig config;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    /** What was started, closed in reverse order. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private HttpEndpoint server;

    /** @param registry where ingest's meters go (see {@code MeteredPublisher} for their names) */
    public IngestService(IngestConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Starts the hot-folder watcher and the capture endpoint; returns once they are running. */
    public void start() {
        HotFolderSettings hotFolders = config.hotFolders();
        // Opened before the publisher, closed after it: closing the publisher flushes the last
        // sends, whose callbacks record their files.
        Checkpoint checkpoint = null;
        if (!hotFolders.roots().isEmpty()) {
            checkpoint = Checkpoint.open(config.stateDir().resolve("hotfolder.checkpoint"));
            started.push(checkpoint);
        }
        CapturePublisher publisher = publisher("photopipe-ingest");
        started.push(publisher);
        PhotoStore store = PhotoStores.create(config.storeSettings(), config.stagingDir());
        started.push(store);
        LOG.info("Photo store: {}", store.describe());
        PhotoInspector inspector = PhotoInspector.create(clock);
        PhotoIntake intake = new PhotoIntake(store, inspector);
        CaptureEvents events = new CaptureEvents(clock);
        if (checkpoint != null) {
            ExecutorService workers = workers("hot-folder-worker");
            started.push(() -> stopWorkers(workers));
            FileIngestor ingestor = new FileIngestor(hotFolders.pattern(), hotFolders.defaultSourceId(), intake, events,
                    publisher, checkpoint, config.afterPublish(), workers);
            HotFolderWatcher watcher = new HotFolderWatcher(hotFolders, ingestor, config.maxInFlight(), clock);
            started.push(watcher);
            watcher.start();
        }
        if (config.httpEnabled()) {
            SourceFetcher fetcher = new SourceFetcher(config.fetch(), IngestConfig.FETCH_ALLOWED_HOSTS);
            started.push(fetcher);
            CaptureHandler captures = new CaptureHandler(config.capture(), intake, events, publisher, fetcher);
            server = new HttpEndpoint("the capture endpoint", IngestConfig.HTTP_PORT, config.getString(IngestConfig.HTTP_HOST),
                    config.getInt(IngestConfig.HTTP_PORT), config.captureGuard().protect(captures, r -> HttpGuard.Access.WRITE))
                    .start();
            started.push(server);
            LOG.info("Capture endpoint: POST http://{}:{}/captures (bearer token {}; http(s) sources {})",
                    config.getString(IngestConfig.HTTP_HOST), server.port(),
                    config.getPassword(IngestConfig.HTTP_AUTH_TOKEN) == null ? "off" : "required",
                    config.fetch().enabled() ? "fetched from " + config.fetch().allowedHosts() : "refused (fetching off)");
        }
        LOG.info("ingest-producer publishes to {}", config.topics().name(PhotopipeTopic.CAPTURED_PHOTOS));
    }

    /** The capture endpoint's port, once started with it enabled. */
    public int httpPort() {
        if (server == null) {
            throw new IllegalStateException("The capture endpoint is not running");
        }
        return server.port();
    }

    /**
     * Imports every photo below {@code dir} once ({@code photopipe import}); resumable: the same
     * folder keeps one checkpoint in the state directory.
     */
    public ImportSummary importFolder(Path dir, PrintStream console) throws InterruptedException {
        return importFolder(dir, console, () -> false);
    }

    /** As {@link #importFolder(Path, PrintStream)}, stopping between two files once {@code stop} says so. */
    public ImportSummary importFolder(Path dir, PrintStream console, java.util.function.BooleanSupplier stop)
            throws InterruptedException {
        Path checkpointFile = config.stateDir().resolve("import-" + shortHash(dir.toAbsolutePath().normalize().toString())
                + ".checkpoint");
        ExecutorService workers = workers("import-worker");
        try (CapturePublisher publisher = publisher("photopipe-import");
                PhotoStore store = PhotoStores.create(config.storeSettings(), config.stagingDir());
                Checkpoint checkpoint = Checkpoint.open(checkpointFile)) {
            HotFolderSettings settings = config.hotFolders();
            FileIngestor ingestor = new FileIngestor(settings.pattern(), settings.defaultSourceId(),
                    new PhotoIntake(store, PhotoInspector.create(clock)), new CaptureEvents(clock), publisher, checkpoint,
                    AfterPublish.KEEP, workers);
            return new BulkImport(ingestor, settings.ignoredSuffixes(), config.maxInFlight()).run(dir, console, stop);
        } finally {
            stopWorkers(workers);
        }
    }

    /** Lets the files under way finish (bounded), so that none is cut mid-read. */
    private static void stopWorkers(ExecutorService workers) throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(WORKERS_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("Ingest workers still busy after {}; stopping them (their files are taken at the next start)",
                    WORKERS_STOP);
            workers.shutdownNow();
        }
    }

    private ExecutorService workers(String name) {
        AtomicInteger sequence = new AtomicInteger();
        return Executors.newFixedThreadPool(config.workers(), runnable -> {
            Thread thread = new Thread(runnable, name + "-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public IngestConfig config() {
        return config;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("ingest-producer did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private CapturePublisher publisher(String clientId) {
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + IngestConfig.STATE_DIR + " " + config.stateDir(), e);
        }
        return CapturePublishers.kafka(String.join(",", config.getList(CommonConfigs.BOOTSTRAP_SERVERS)),
                config.kafkaClientSettings(), config.originals(), config.topics(), clientId, registry);
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
