package dev.photopipe.piwigo.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * <b>An emulator, not a Piwigo.</b> An in-process HTTP server on 127.0.0.1 (a free port) that
 * serves the subset of Piwigo's {@code ws.php?format=json&method=...} photopipe uses, with the
 * semantics documented in shared/piwigo-api-facts.md: md5 existence, uploadAsync chunk rules,
 * addChunk/add, the lounge, duplicate albums, tag err 1003, API-key and session authentication,
 * {@code upload_detect_duplicate} on or off, HTTP 200 failures and PHP noise before JSON.
 * It keeps everything in memory; it is meant for tests and the demo, never for real photos.
 *
 * <p>Besides the API it serves a minimal browsable gallery for people (the home page {@code /},
 * albums {@code index.php?/category/ID}, images {@code picture.php?/ID}, tags
 * {@code index.php?/tags/NAME}; see {@link GalleryPages}), at the paths of Piwigo's own pages, so
 * that links made for a real Piwigo work here too.
 *
 * <p>{@link #faults()} injects failures, the inspection methods show what a test needs to assert.
 * Thread-safe. Close it to stop the server and release stalled requests.
 */
public final class PiwigoEmulator implements AutoCloseable {
    /** The API key a default emulator accepts, in Piwigo 16's format. */
    /** Password of the emulator's "admin" unless {@link Builder#user} sets another. */
    public static final String DEFAULT_PASSWORD = "admin-password";
    public static final String DEFAULT_API_KEY =
            "pkid-20261123-abcdefghij0123456789:0123456789abcdef0123456789abcdef01234567";

    record Settings(String version, int chunkSizeKb, String username, String password, String apiKey,
                    boolean detectDuplicates, int workers, Costs costs, long uploadMaxFilesize, long postMaxSize,
                    boolean utf8mb4, boolean apiKeyLogin, Duration loungeMaxDuration, boolean keepImageFiles) {
    }

    private final Server server;
    private final Gallery gallery;
    private final Faults faults = new Faults();
    private final WsHandler handler;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Path tmp;
    private final URI url;

    private PiwigoEmulator(Settings settings) {
        try {
            this.tmp = Files.createTempDirectory("piwigo-emulator");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path files = null;
        if (settings.keepImageFiles()) {
            try {
                files = Files.createDirectories(tmp.resolve("images"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.gallery = new Gallery(settings.detectDuplicates(), files);
        this.handler = new WsHandler(settings, gallery, faults, closing, tmp);
        // Enough threads that the emulated worker limit, not Jetty, decides who waits.
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(64, settings.workers() * 4 + 16), 4);
        threads.setName("piwigo-emulator");
        this.server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // The browsable pages first: they answer only their own paths and leave ws.php to the API.
        server.setHandler(new Handler.Sequence(new GalleryPages(gallery), handler));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("piwigo emulator did not start", e);
        }
        this.url = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Base URL of the gallery; the API is at {@code url().resolve("ws.php")}. */
    public URI url() {
        return url;
    }

    public Faults faults() {
        return faults;
    }

    /** Ends every session: the next request with an old cookie is a guest's (HTTP 401 on admin calls). */
    public void expireSessions() {
        handler.expireSessions();
    }

    public List<EmulatedImage> images() {
        return gallery.images();
    }

    /**
     * Removes an image without any API call, as restoring a backup taken before its upload
     * would: {@code pwg.images.exist} no longer finds its md5.
     */
    public void forgetImage(long imageId) {
        gallery.forgetImage(imageId);
    }

    public List<EmulatedAlbum> albums() {
        return gallery.albums();
    }

    public List<EmulatedTag> tags() {
        return gallery.tags();
    }

    /** How many requests named {@code method} reached the server (faulted ones included). */
    public int calls(String method) {
        return handler.calls(method);
    }

    /**
     * How many requests named {@code method} and naming image {@code imageId} (its
     * {@code image_id}) reached the method itself: past the injected faults and the transport,
     * whatever the method then answered.
     */
    public int calls(String method, long imageId) {
        return handler.calls(method, imageId);
    }

    /** The most requests named {@code method} handled at the same time (by the emulated workers). */
    public int maxConcurrent(String method) {
        return handler.maxConcurrent(method);
    }

    /** How many times uploadAsync chunk {@code chunkIndex} (0-based) of the file {@code md5} was stored. */
    public int chunkDeliveries(String md5, int chunkIndex) {
        return gallery.chunkDeliveries(md5, chunkIndex);
    }

    /**
     * The file types getStatus lists and uploads accept, as an admin would set them (e.g. adding
     * {@code mp4} after enabling videos). Takes effect for the next request.
     */
    public void fileTypes(java.util.Set<String> extensions) {
        handler.fileTypes(extensions);
    }

    /** How many requests reached the server in all (faulted ones included). */
    public int totalCalls() {
        return handler.totalCalls();
    }

    /**
     * How many requests were sent from an admin page (a Referer containing
     * {@code /admin.php?page=}), whose user Piwigo builds without its user cache.
     */
    public int requestsWithoutUserCache() {
        return handler.withoutUserCache();
    }

    /**
     * How many one-second sleeps requests spent waiting for another request of their user to
     * rebuild the user cache (only with a {@link Costs#userCacheRebuild()} cost).
     */
    public int userCacheWaits() {
        return handler.userCacheWaits();
    }

    /** How many requests carried an {@code Expect} header (PHP's built-in server never answers one). */
    public int expectContinueSeen() {
        return handler.expectContinueSeen();
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("piwigo emulator did not stop", e);
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }

    /** Configures an emulator; defaults: Piwigo 17.0.0, 500 KB chunk hint, duplicates detected, 8 workers. */
    public static final class Builder {
        private String version = "17.0.0";
        private int chunkSizeKb = 500;
        private String username = "admin";
        private String password = DEFAULT_PASSWORD;
        private String apiKey = DEFAULT_API_KEY;
        private boolean detectDuplicates = true;
        private int workers = 8;
        private Costs costs = Costs.NONE;
        private long uploadMaxFilesize = 2L << 20;
        private long postMaxSize = 8L << 20;
        private boolean utf8mb4;
        private boolean apiKeyLogin = true;
        private Duration loungeMaxDuration = Duration.ofMinutes(5);
        private boolean keepImageFiles;

        private Builder() {
        }

        /**
         * What each request costs (benchmarks); {@link Costs#NONE} (the default) for functional
         * tests.
         */
        public Builder costs(Costs costs) {
            this.costs = java.util.Objects.requireNonNull(costs, "costs");
            return this;
        }

        /**
         * PHP's {@code upload_max_filesize} and {@code post_max_size} (defaults: Debian's php.ini,
         * 2 MB and 8 MB). A larger file part answers err 500 "MD5 checksum chunk file mismatched"
         * (PHP kept no file), a larger body err 1002 (PHP dropped every parameter), as on Piwigo.
         */
        public Builder phpLimits(long uploadMaxFilesizeBytes, long postMaxSizeBytes) {
            this.uploadMaxFilesize = uploadMaxFilesizeBytes;
            this.postMaxSize = postMaxSizeBytes;
            return this;
        }

        /**
         * Whether the database stores 4-byte UTF-8 (off by default, like Piwigo's utf8mb3 tables:
         * such a character in a stored name makes PHP die with a fatal error page, HTTP 200).
         */
        public Builder utf8mb4(boolean on) {
            this.utf8mb4 = on;
            return this;
        }

        /**
         * Piwigo's {@code lounge_max_duration} (5 minutes): any request but an upload empties a
         * lounge whose oldest photo waited longer, as {@code check_lounge()} does.
         */
        public Builder loungeMaxDuration(Duration maxWait) {
            this.loungeMaxDuration = java.util.Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /**
         * Whether {@code pwg.session.login} takes an API key (pkid as user name, secret as
         * password), as Piwigo 16.4.0 does (default); off plays a Piwigo that refuses it.
         */
        public Builder apiKeyLogin(boolean on) {
            this.apiKeyLogin = on;
            return this;
        }

        /**
         * Keep every image's bytes (in a temporary directory, deleted on close) so that the
         * browsable pages show the photos themselves, not only their names. Off by default: tests
         * and benchmarks need no copies.
         */
        public Builder keepImageFiles(boolean keep) {
            this.keepImageFiles = keep;
            return this;
        }

        /** Version reported by getStatus; below 11 the client must fall back to addChunk + add. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder chunkSizeKb(int chunkSizeKb) {
            this.chunkSizeKb = chunkSizeKb;
            return this;
        }

        public Builder user(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Piwigo's {@code upload_detect_duplicate}: on for fresh installs, off on old upgraded ones. */
        public Builder uploadDetectDuplicate(boolean on) {
            this.detectDuplicates = on;
            return this;
        }

        /** Number of PHP workers: requests beyond it wait in a queue. */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1");
            }
            this.workers = workers;
            return this;
        }

        public PiwigoEmulator start() {
            return new PiwigoEmulator(new Settings(version, chunkSizeKb, username, password, apiKey,
                    detectDuplicates, workers, costs, uploadMaxFilesize, postMaxSize, utf8mb4, apiKeyLogin,
                    loungeMaxDuration, keepImageFiles));
        }
    }
}
