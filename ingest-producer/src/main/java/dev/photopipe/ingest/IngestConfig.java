package dev.photopipe.ingest;

import dev.photopipe.ingest.capture.PathPattern;
import dev.photopipe.ingest.fetch.FetchSettings;
import dev.photopipe.ingest.hotfolder.AfterPublish;
import dev.photopipe.ingest.hotfolder.HotFolderSettings;
import dev.photopipe.ingest.http.CaptureSettings;
import dev.photopipe.observability.HttpGuard;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.store.StoreConfigs;
import dev.photopipe.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Configuration of ingest-producer: every setting declared once, typed, defaulted and documented. */
public final class IngestConfig extends AbstractConfig {
    private static final String HOT_FOLDER_GROUP = "Hot folders";
    private static final String HTTP_GROUP = "Capture endpoint";
    private static final String STORAGE_GROUP = "Storage";

    public static final String HOTFOLDER_ROOTS = "ingest.hotfolder.roots";
    public static final String HOTFOLDER_PATH_PATTERN = "ingest.hotfolder.path.pattern";
    public static final String HOTFOLDER_STABLE_WINDOW_MS = "ingest.hotfolder.stable.window.ms";
    public static final String HOTFOLDER_SCAN_INTERVAL_MS = "ingest.hotfolder.scan.interval.ms";
    public static final String HOTFOLDER_IGNORED_SUFFIXES = "ingest.hotfolder.ignored.suffixes";
    public static final String HOTFOLDER_AFTER_PUBLISH = "ingest.hotfolder.after.publish";
    public static final String HOTFOLDER_DONE_DIR = "ingest.hotfolder.done.dir";
    public static final String DEFAULT_SOURCE_ID = "ingest.default.source.id";
    public static final String WORKERS = "ingest.workers";
    public static final String MAX_IN_FLIGHT = "ingest.max.in.flight";
    public static final String HTTP_ENABLED = "ingest.http.enabled";
    public static final String HTTP_HOST = "ingest.http.host";
    public static final String HTTP_PORT = "ingest.http.port";
    public static final String HTTP_MAX_BYTES = "ingest.http.max.bytes";
    public static final String HTTP_ALLOWED_ROOTS = "ingest.http.allowed.roots";
    public static final String HTTP_PUBLISH_TIMEOUT_MS = "ingest.http.publish.timeout.ms";
    public static final String HTTP_AUTH_TOKEN = "ingest.http.auth.token";
    public static final String FETCH_ALLOWED_HOSTS = "ingest.fetch.allowed.hosts";
    public static final String FETCH_CONNECT_TIMEOUT_MS = "ingest.fetch.connect.timeout.ms";
    public static final String FETCH_TIMEOUT_MS = "ingest.fetch.timeout.ms";
    public static final String STATE_DIR = "ingest.state.dir";

    public static final ConfigDef CONFIG_DEF =
            StoreConfigs.define(define(TopicConfigs.define(CommonConfigs.define(new ConfigDef()))));

    /** The user's {@code kafka.*} client settings, prefix stripped; checked when the config is built. */
    private final Map<String, Object> kafkaClientSettings;

    public IngestConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        kafkaClientSettings = KafkaClientSettings.from(originals());
        try {
            PathPattern.parse(getString(HOTFOLDER_PATH_PATTERN));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(HOTFOLDER_PATH_PATTERN, getString(HOTFOLDER_PATH_PATTERN), e.getMessage());
        }
        StoreConfigs.settings(this);
        afterPublish();
    }

    /** Extra settings for every Kafka client of this service ({@code kafka.X} as {@code X}), e.g. SASL or TLS. */
    public Map<String, Object> kafkaClientSettings() {
        return kafkaClientSettings;
    }

    private static ConfigDef define(ConfigDef def) {
        int order = 0;
        def.define(HOTFOLDER_ROOTS, Type.LIST, "", Importance.HIGH,
                        "Folders watched recursively for new photos. Empty: no hot folder.",
                        HOT_FOLDER_GROUP, ++order, Width.LONG, "Hot folders")
                .define(HOTFOLDER_PATH_PATTERN, Type.STRING, "", Importance.MEDIUM,
                        "Maps folders below a root to fields, e.g. '{site}/{line}/{camera}/**'. Variables site, line, "
                                + "station, camera and batch fill those fields; others become attributes. A segment is "
                                + "{name}, a literal folder name, * or a final **. Files outside the pattern are refused "
                                + "with PATH_PATTERN_MISMATCH. Empty: any folder, no variables.",
                        HOT_FOLDER_GROUP, ++order, Width.LONG, "Path pattern")
                .define(HOTFOLDER_STABLE_WINDOW_MS, Type.LONG, 2_000L, Range.atLeast(0), Importance.MEDIUM,
                        "How long a file's size and modification time must stay unchanged before it is taken. "
                                + "0 when writers create files under a temporary name and rename them when complete.",
                        HOT_FOLDER_GROUP, ++order, Width.SHORT, "Stable window (ms)")
                .define(HOTFOLDER_SCAN_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(100), Importance.LOW,
                        "Time between two scans of the hot folders. Folders are scanned rather than watched "
                                + "because network shares deliver no file system events.",
                        HOT_FOLDER_GROUP, ++order, Width.SHORT, "Scan interval (ms)")
                .define(HOTFOLDER_IGNORED_SUFFIXES, Type.LIST, String.join(",", HotFolderSettings.DEFAULT_IGNORED_SUFFIXES),
                        Importance.LOW, "File name endings of files still being written; such files are not taken "
                                + "until renamed. Hidden files and .json sidecars are never taken.",
                        HOT_FOLDER_GROUP, ++order, Width.LONG, "Ignored suffixes")
                .define(HOTFOLDER_AFTER_PUBLISH, Type.STRING, "delete", ConfigDef.CaseInsensitiveValidString.in("delete",
                                "move", "keep"), Importance.MEDIUM,
                        "What becomes of a hot-folder file (and its sidecar) once the photo store holds its bytes and "
                                + "Kafka acknowledged its event. delete: removed, so a scan costs the new files only. "
                                + "move: moved below ingest.hotfolder.done.dir. keep: left in place (every scan then "
                                + "lists every photo ever taken). Nothing is removed earlier; imports never remove.",
                        HOT_FOLDER_GROUP, ++order, Width.SHORT, "After publishing")
                .define(HOTFOLDER_DONE_DIR, Type.STRING, "", Importance.MEDIUM,
                        "Where ingest.hotfolder.after.publish=move puts published files, under their path below the "
                                + "root. Must lie outside every hot folder.",
                        HOT_FOLDER_GROUP, ++order, Width.LONG, "Done folder")
                .define(DEFAULT_SOURCE_ID, Type.STRING, "unknown-camera", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Source id of photos whose sidecar, folder pattern or request names no camera.",
                        HOT_FOLDER_GROUP, ++order, Width.MEDIUM, "Default source id");
        order = 0;
        def.define(HTTP_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Serve POST /captures.", HTTP_GROUP, ++order, Width.SHORT, "Capture endpoint on")
                .define(HTTP_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Interface the capture endpoint listens on. Loopback by default; 0.0.0.0 to accept captures "
                                + "from the network (put it behind your proxy and firewall).",
                        HTTP_GROUP, ++order, Width.MEDIUM, "Listen address")
                .define(HTTP_PORT, Type.INT, 8081, Range.between(0, 65_535), Importance.MEDIUM,
                        "Port of the capture endpoint; 0 picks a free one.", HTTP_GROUP, ++order, Width.SHORT, "Port")
                .define(HTTP_MAX_BYTES, Type.LONG, 200L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                        "Largest photo or video accepted over HTTP; larger requests get 413.",
                        HTTP_GROUP, ++order, Width.SHORT, "Max size (bytes)")
                .define(HTTP_ALLOWED_ROOTS, Type.LIST, "", Importance.MEDIUM,
                        "Folders whose file: URIs a JSON capture may point at, besides a local photo store's folder and "
                                + "the hot folders. photopipe copies such a file into the photo store; nothing else may be "
                                + "pointed at: links are followed and their target must lie inside too.",
                        HTTP_GROUP, ++order, Width.LONG, "Allowed folders")
                .define(HTTP_PUBLISH_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW,
                        "How long a capture request waits for Kafka before answering 503 (the client retries).",
                        HTTP_GROUP, ++order, Width.SHORT, "Publish timeout (ms)")
                .define(HTTP_AUTH_TOKEN, Type.PASSWORD, null, Importance.HIGH,
                        "Bearer token POST /captures requires, sent as 'Authorization: Bearer <token>'; other requests "
                                + "get 401. Empty: none (then anyone who reaches the endpoint can capture; keep "
                                + "ingest.http.host on loopback or a trusted network).",
                        HTTP_GROUP, ++order, Width.LONG, "Capture token")
                .define(FETCH_ALLOWED_HOSTS, Type.LIST, "", Importance.MEDIUM,
                        "Hosts whose http(s) URLs a JSON capture may name as sourceUri (a name, or *.example.org for its "
                                + "subdomains). photopipe fetches the photo at once into its storage (no redirects, "
                                + "ingest.http.max.bytes and the fetch timeouts apply) and inspects it like any file. "
                                + "Empty (default): fetching is off and such captures get 400.",
                        HTTP_GROUP, ++order, Width.LONG, "Fetch hosts")
                .define(FETCH_CONNECT_TIMEOUT_MS, Type.LONG, 5_000L, Range.atLeast(1), Importance.LOW,
                        "Bound of connecting to an http(s) source, in milliseconds.",
                        HTTP_GROUP, ++order, Width.SHORT, "Fetch connect timeout (ms)")
                .define(FETCH_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "Bound of fetching one http(s) source, body included, in milliseconds; a slower source gets 502.",
                        HTTP_GROUP, ++order, Width.SHORT, "Fetch timeout (ms)");
        order = 0;
        def.define(WORKERS, Type.INT, 0, Range.between(0, 256), Importance.MEDIUM,
                        "Threads copying photos into the photo store, hashing and inspecting them (hot folders and "
                                + "imports). 0: one per CPU core. With photo.store.type=s3 each thread also waits for its "
                                + "uploads to the object store: more threads than cores keep the CPU busy then.",
                        STORAGE_GROUP, ++order, Width.SHORT, "Workers")
                .define(MAX_IN_FLIGHT, Type.INT, 32, Range.between(1, 10_000), Importance.LOW,
                        "Photos of a scan or an import under way at once, from the first read to Kafka's "
                                + "acknowledgement: ingest does not wait for one acknowledgement before reading the next "
                                + "photo. Bounds the staged copies (disk) and the events awaiting an answer.",
                        STORAGE_GROUP, ++order, Width.SHORT, "Max in flight")
                .define(STATE_DIR, Type.STRING, "./data/ingest-state", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Where ingest keeps its checkpoints (which files were published), so that a restart publishes "
                                + "nothing twice and misses nothing. Keep it on local disk, one per ingest instance.",
                        STORAGE_GROUP, ++order, Width.LONG, "State directory");
        return def;
    }

    /** The topics this service reads and writes, named with the configured prefix. */
    public TopicCatalog topics() {
        return TopicConfigs.catalog(this);
    }

    public HotFolderSettings hotFolders() {
        return new HotFolderSettings(paths(HOTFOLDER_ROOTS), PathPattern.parse(getString(HOTFOLDER_PATH_PATTERN)),
                Duration.ofMillis(getLong(HOTFOLDER_STABLE_WINDOW_MS)), Duration.ofMillis(getLong(HOTFOLDER_SCAN_INTERVAL_MS)),
                getList(HOTFOLDER_IGNORED_SUFFIXES), getString(DEFAULT_SOURCE_ID));
    }

    public boolean httpEnabled() {
        return getBoolean(HTTP_ENABLED);
    }

    public CaptureSettings capture() {
        List<Path> allowed = new ArrayList<>(paths(HTTP_ALLOWED_ROOTS));
        if (storeSettings().dir() != null) {
            allowed.add(storeSettings().dir());
        }
        allowed.addAll(paths(HOTFOLDER_ROOTS));
        return new CaptureSettings(getLong(HTTP_MAX_BYTES), allowed, Duration.ofMillis(getLong(HTTP_PUBLISH_TIMEOUT_MS)),
                getString(DEFAULT_SOURCE_ID));
    }

    public FetchSettings fetch() {
        return new FetchSettings(getList(FETCH_ALLOWED_HOSTS), Duration.ofMillis(getLong(FETCH_CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(getLong(FETCH_TIMEOUT_MS)), getLong(HTTP_MAX_BYTES));
    }

    /** Who may post captures: the token when one is set; browsers only from the endpoint's own origin. */
    public HttpGuard captureGuard() {
        Password token = getPassword(HTTP_AUTH_TOKEN);
        return HttpGuard.builder("the capture endpoint")
                .bearerToken(token == null ? null : token.value(), HTTP_AUTH_TOKEN)
                .build();
    }

    /** Which photo store ingest writes to. */
    public StoreSettings storeSettings() {
        return StoreConfigs.settings(this);
    }

    /** Where photos on their way into a remote photo store are staged (the local store stages in its own folder). */
    public Path stagingDir() {
        return stateDir().resolve("incoming");
    }

    /** What becomes of published hot-folder files. */
    public AfterPublish afterPublish() {
        AfterPublish.Action action = AfterPublish.Action.of(getString(HOTFOLDER_AFTER_PUBLISH));
        String done = getString(HOTFOLDER_DONE_DIR);
        if (action != AfterPublish.Action.MOVE) {
            return new AfterPublish(action, null);
        }
        if (done.isBlank()) {
            throw new ConfigException(HOTFOLDER_DONE_DIR, done, "ingest.hotfolder.after.publish=move needs the folder "
                    + "published files go to");
        }
        Path doneDir = Path.of(done).toAbsolutePath().normalize();
        for (Path root : paths(HOTFOLDER_ROOTS)) {
            if (doneDir.startsWith(root.toAbsolutePath().normalize())) {
                throw new ConfigException(HOTFOLDER_DONE_DIR, done, "lies inside the hot folder " + root
                        + ", which would take the moved photos again; choose a folder outside it");
            }
        }
        return new AfterPublish(action, doneDir);
    }

    /** Threads of the copying, hashing and inspecting. */
    public int workers() {
        int workers = getInt(WORKERS);
        return workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public Path stateDir() {
        return Path.of(getString(STATE_DIR));
    }

    private List<Path> paths(String key) {
        return getList(key).stream().filter(s -> !s.isBlank()).map(Path::of).toList();
    }
}
