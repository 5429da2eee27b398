package dev.photopipe.sink.config;

import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.store.StoreConfigs;
import dev.photopipe.store.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of piwigo-sink: every setting declared once, typed, defaulted and documented.
 * Secrets are {@link Type#PASSWORD} (printed as {@code [hidden]}) or read from files.
 * Immutable and thread-safe.
 */
public final class SinkConfig extends AbstractConfig {
    public static final String PIWIGO_GROUP = "Piwigo";
    public static final String UPLOAD_GROUP = "Upload";
    public static final String SINK_GROUP = "Sink";

    public static final String PIWIGO_URL = "piwigo.url";
    public static final String PIWIGO_API_KEY = "piwigo.api.key";
    public static final String PIWIGO_API_KEY_FILE = "piwigo.api.key.file";
    public static final String PIWIGO_API_KEY_SESSION_LOGIN = "piwigo.api.key.session.login";
    public static final String PIWIGO_USERNAME = "piwigo.username";
    public static final String PIWIGO_PASSWORD = "piwigo.password";
    public static final String PIWIGO_PASSWORD_FILE = "piwigo.password.file";
    public static final String PIWIGO_CHUNK_SIZE_BYTES = "piwigo.chunk.size.bytes";
    public static final String PIWIGO_CHUNK_SIZE_MAX_BYTES = "piwigo.chunk.size.max.bytes";
    public static final String PIWIGO_STATUS_MAX_AGE_MS = "piwigo.status.max.age.ms";
    public static final String PIWIGO_BYPASS_USER_CACHE = "piwigo.bypass.user.cache";
    public static final String PIWIGO_LOUNGE_PUBLISH_INTERVAL_MS = "piwigo.lounge.publish.interval.ms";
    public static final String PIWIGO_TEXT_UNSTORABLE = "piwigo.text.unstorable";
    public static final String PIWIGO_TEXT_REPLACEMENT = "piwigo.text.replacement";
    public static final String PIWIGO_REQUEST_TIMEOUT_MS = "piwigo.request.timeout.ms";
    public static final String PIWIGO_RETRY_BACKOFF_INITIAL_MS = "piwigo.retry.backoff.initial.ms";
    public static final String PIWIGO_RETRY_BACKOFF_MAX_MS = "piwigo.retry.backoff.max.ms";
    public static final String PIWIGO_RETRY_JITTER_FACTOR = "piwigo.retry.jitter.factor";
    public static final String PIWIGO_RETRY_MAX_ATTEMPTS = "piwigo.retry.max.attempts";
    public static final String UPLOAD_MAX_IN_FLIGHT = "upload.max.in.flight";
    public static final String UPLOAD_MAX_IN_FLIGHT_CAP = "upload.max.in.flight.cap";
    public static final String UPLOAD_PHOTO_MAX_ATTEMPTS = "upload.photo.max.attempts";
    public static final String UPLOAD_PHOTO_MAX_RETRY_MS = "upload.photo.max.retry.ms";
    public static final String SINK_GROUP_ID = "sink.group.id";
    public static final String SINK_PAUSE_BACKOFF_INITIAL_MS = "sink.pause.backoff.initial.ms";
    public static final String SINK_PAUSE_BACKOFF_MAX_MS = "sink.pause.backoff.max.ms";
    public static final String SINK_SHUTDOWN_TIMEOUT_MS = "sink.shutdown.timeout.ms";
    public static final String SINK_LEDGER_STORE = "sink.ledger.store";
    public static final String SINK_STATE_DIR = "sink.state.dir";
    public static final String SINK_SPOOL_DIR = "sink.spool.dir";
    public static final String SINK_SPOOL_MAX_BYTES = "sink.spool.max.bytes";
    public static final String STORE_RETENTION_MS = "photo.store.retention.ms";
    public static final String SINK_STALL_TIMEOUT_MS = "sink.stall.timeout.ms";

    /**
     * The settings saying how to reach and log in to Piwigo: another service talking to the same
     * gallery (the expiry service) declares these, copied from {@link #CONFIG_DEF}, so that both
     * read one set of values documented once. How hard to retry (piwigo.retry.*) and how to upload
     * stay the sink's own.
     */
    public static final List<String> PIWIGO_CONNECTION = List.of(PIWIGO_URL, PIWIGO_API_KEY, PIWIGO_API_KEY_FILE,
            PIWIGO_API_KEY_SESSION_LOGIN, PIWIGO_USERNAME, PIWIGO_PASSWORD, PIWIGO_PASSWORD_FILE,
            PIWIGO_STATUS_MAX_AGE_MS, PIWIGO_BYPASS_USER_CACHE, PIWIGO_REQUEST_TIMEOUT_MS);

    /** The value of {@link #UPLOAD_MAX_IN_FLIGHT} that asks for the adaptive limit. */
    public static final String IN_FLIGHT_AUTO = "auto";
    /** Highest fixed value of {@link #UPLOAD_MAX_IN_FLIGHT} and of {@link #UPLOAD_MAX_IN_FLIGHT_CAP}. */
    private static final int MAX_IN_FLIGHT = 256;

    /** Values of {@link #SINK_LEDGER_STORE}. */
    public static final String LEDGER_STORE_ROCKSDB = "rocksdb";
    public static final String LEDGER_STORE_MEMORY = "memory";
    /** {@link #PIWIGO_TEXT_UNSTORABLE}: replace what the database cannot store. */
    public static final String TEXT_REPLACE = "replace";
    /** {@link #PIWIGO_TEXT_UNSTORABLE}: dead-letter the photo ({@code UNSTORABLE_TEXT}). */
    public static final String TEXT_REJECT = "reject";
    /** {@link #PIWIGO_TEXT_UNSTORABLE}: send as is (the gallery's tables are utf8mb4). */
    public static final String TEXT_KEEP = "keep";

    public static final ConfigDef CONFIG_DEF =
            StoreConfigs.define(define(TopicConfigs.define(CommonConfigs.define(new ConfigDef()))));

    /** The user's {@code kafka.*} client settings, prefix stripped; checked when the config is built. */
    private final Map<String, Object> kafkaClientSettings;

    public SinkConfig(Map<?, ?> originals) {
        this(originals, true);
    }

    /** Extra settings for every Kafka client of this service ({@code kafka.X} as {@code X}), e.g. SASL or TLS. */
    public Map<String, Object> kafkaClientSettings() {
        return kafkaClientSettings;
    }

    private static ConfigDef define(ConfigDef def) {
        int p = 0;
        int u = 0;
        int k = 0;
        return def
                .define(PIWIGO_URL, Type.STRING, "", Importance.HIGH,
                        "Base URL of the Piwigo gallery, e.g. https://photos.example.org/ (the client calls ws.php "
                                + "below it). Required by 'photopipe sink'; when empty, 'photopipe run' uploads to a "
                                + "local in-memory Piwigo emulator instead, for trying photopipe out.",
                        PIWIGO_GROUP, ++p, Width.LONG, "Piwigo URL")
                .define(PIWIGO_API_KEY, Type.PASSWORD, null, Importance.HIGH,
                        "Piwigo 16+ API key, pkid-YYYYMMDD-...:secret. Preferred over user name and password. "
                                + "Create it in Piwigo's profile page. See " + PIWIGO_API_KEY_SESSION_LOGIN + ".",
                        PIWIGO_GROUP, ++p, Width.LONG, "API key")
                .define(PIWIGO_API_KEY_FILE, Type.STRING, "", Importance.HIGH,
                        "File holding the API key (first line), instead of " + PIWIGO_API_KEY + ".",
                        PIWIGO_GROUP, ++p, Width.LONG, "API key file")
                .define(PIWIGO_API_KEY_SESSION_LOGIN, Type.BOOLEAN, true, Importance.LOW,
                        "Log in once with the API key (pkid as user name, secret as password) and reuse the "
                                + "session cookie, logging in again after an HTTP 401. Piwigo checks the key's "
                                + "hash on every X-PIWIGO-API header request (about 0.1 s of server CPU): a session "
                                + "is about 2.5 times cheaper per request. Where Piwigo refuses that login the "
                                + "client falls back to the header. false: always send the header.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "API key as session")
                .define(PIWIGO_USERNAME, Type.STRING, "", Importance.HIGH,
                        "Piwigo user name (an administrator) when no API key is set.",
                        PIWIGO_GROUP, ++p, Width.MEDIUM, "User name")
                .define(PIWIGO_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                        "Password of " + PIWIGO_USERNAME + ".", PIWIGO_GROUP, ++p, Width.MEDIUM, "Password")
                .define(PIWIGO_PASSWORD_FILE, Type.STRING, "", Importance.HIGH,
                        "File holding the password (first line), instead of " + PIWIGO_PASSWORD + ".",
                        PIWIGO_GROUP, ++p, Width.LONG, "Password file")
                .define(PIWIGO_CHUNK_SIZE_BYTES, Type.INT, 0, Range.atLeast(0), Importance.MEDIUM,
                        "Upload chunk size in bytes, fixed. 0 (the default) learns the largest chunk the server "
                                + "takes: it starts at " + PIWIGO_CHUNK_SIZE_MAX_BYTES + ", halves it when Piwigo "
                                + "shows that PHP refused the chunk (HTTP 413, upload_max_filesize or post_max_size "
                                + "exceeded), never below the server's upload_form_chunk_size hint (500 KB), and "
                                + "keeps what it learned. Few large chunks are faster: each request costs server CPU.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Chunk size (bytes)")
                .define(PIWIGO_CHUNK_SIZE_MAX_BYTES, Type.INT, 16 << 20, Range.atLeast(64 * 1024), Importance.LOW,
                        "Largest chunk tried when " + PIWIGO_CHUNK_SIZE_BYTES + " is 0, in bytes. The file is "
                                + "streamed from disk: memory does not grow with it; a failed chunk is sent again whole.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Largest chunk (bytes)")
                .define(PIWIGO_STATUS_MAX_AGE_MS, Type.LONG, 300_000L, Range.atLeast(1_000), Importance.LOW,
                        "How long the server's pwg.session.getStatus (its accepted file types above all) is "
                                + "trusted, in milliseconds. It is also read again before a file type is refused.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Status max age (ms)")
                .define(PIWIGO_BYPASS_USER_CACHE, Type.BOOLEAN, true, Importance.LOW,
                        "Send each request as Piwigo's own web uploader does, with the Referer "
                                + "<piwigo.url>admin.php?page=photos_add: for such requests Piwigo builds the user's "
                                + "rights without its user cache (include/user.inc.php). Every upload empties that "
                                + "cache; without the Referer, the next request of the same user rebuilds it and "
                                + "every other one arriving meanwhile waits in steps of one second (after 20, Piwigo "
                                + "answers HTTP 503 'Rebuilding user cache takes long'). false: no Referer (for a "
                                + "proxy in front of Piwigo that refuses it).",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Bypass the user cache")
                .define(PIWIGO_LOUNGE_PUBLISH_INTERVAL_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                        "Piwigo keeps uploaded photos in its lounge (invisible in their album) until "
                                + "pwg.images.uploadCompleted, which publishes the whole lounge at once and makes "
                                + "Piwigo rebuild every user's cache. The sink publishes in the background once no "
                                + "upload has run for half a second, and while uploads go on at the latest this "
                                + "long after the oldest waiting photo (milliseconds); Piwigo itself publishes a "
                                + "lounge older than 5 minutes. 0 publishes after each upload, before it counts as "
                                + "done.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Lounge publish interval (ms)")
                .define(PIWIGO_TEXT_UNSTORABLE, Type.STRING, TEXT_REPLACE,
                        ConfigDef.ValidString.in(TEXT_REPLACE, TEXT_REJECT, TEXT_KEEP), Importance.LOW,
                        "What to do with characters outside Unicode's Basic Multilingual Plane (4-byte UTF-8: "
                                + "emoji, some CJK) in album and tag names, titles, descriptions and file names. "
                                + "Piwigo's default utf8mb3 tables cannot store them and Piwigo then dies with a "
                                + "PHP fatal error. replace: each becomes " + PIWIGO_TEXT_REPLACEMENT + "; reject: "
                                + "the photo is dead-lettered as UNSTORABLE_TEXT; keep: sent as is (utf8mb4 tables).",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Unstorable characters")
                .define(PIWIGO_TEXT_REPLACEMENT, Type.STRING, "\uFFFD", Importance.LOW,
                        "What replaces each unstorable character when " + PIWIGO_TEXT_UNSTORABLE + "=replace: "
                                + "by default U+FFFD, the replacement character (3 bytes in UTF-8); may be empty "
                                + "(drop them). Must itself be storable.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Replacement")
                .define(PIWIGO_REQUEST_TIMEOUT_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                        "Connect, read and write timeout of one request to Piwigo, in milliseconds. The final "
                                + "request of an upload merges and makes thumbnails: keep it generous.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Request timeout (ms)")
                .define(PIWIGO_RETRY_BACKOFF_INITIAL_MS, Type.LONG, 500L, Range.atLeast(1), Importance.LOW,
                        "First delay before retrying a transient failure (I/O error, timeout, 408, 429, 5xx "
                                + "without a Piwigo verdict), in milliseconds; doubles on each retry.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Initial backoff (ms)")
                .define(PIWIGO_RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        "Upper bound of the retry delay, in milliseconds.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Max backoff (ms)")
                .define(PIWIGO_RETRY_JITTER_FACTOR, Type.DOUBLE, 0.25, Range.between(0.0, 1.0), Importance.LOW,
                        "Random jitter applied to each retry delay, as a fraction of it (0 to 1), so that "
                                + "clients do not retry in lockstep after a server restart.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Jitter factor")
                .define(PIWIGO_RETRY_MAX_ATTEMPTS, Type.INT, 8, Range.atLeast(1), Importance.LOW,
                        "Attempts of one request (the first included) before a transient failure is "
                                + "reported to the caller, which then pauses rather than dead-letters.",
                        PIWIGO_GROUP, ++p, Width.SHORT, "Max attempts")
                .define(UPLOAD_MAX_IN_FLIGHT, Type.STRING, "4", new InFlightValidator(), Importance.MEDIUM,
                        "Photos uploaded at the same time: a number, or '" + IN_FLIGHT_AUTO + "' for a limit "
                                + "that adapts to Piwigo's upload latency (Netflix concurrency-limits, "
                                + "Gradient2) between 1 and " + UPLOAD_MAX_IN_FLIGHT_CAP + ". Keep a number at "
                                + "most half the Piwigo server's PHP worker count: each upload's final request "
                                + "calls back into the same server for the image's medium derivative (a second "
                                + "worker), so more uploads queue for their own derivatives and as many uploads "
                                + "as workers can deadlock it.",
                        UPLOAD_GROUP, ++u, Width.SHORT, "Uploads in flight")
                .define(UPLOAD_MAX_IN_FLIGHT_CAP, Type.INT, 4, Range.between(1, MAX_IN_FLIGHT), Importance.MEDIUM,
                        "Upper bound of the adaptive limit (" + UPLOAD_MAX_IN_FLIGHT + "=" + IN_FLIGHT_AUTO + "). "
                                + "Keep it at most half the server's PHP worker count (each upload holds two "
                                + "workers; php-fpm's stock pool has 5; PHP_CLI_SERVER_WORKERS for PHP's built-in "
                                + "server): the limit never exceeds it.",
                        UPLOAD_GROUP, ++u, Width.SHORT, "Adaptive limit cap")
                .define(UPLOAD_PHOTO_MAX_ATTEMPTS, Type.INT, 5, Range.atLeast(1), Importance.LOW,
                        "A photo Piwigo keeps failing for (an HTML error page, a 5xx) while other photos upload "
                                + "is dead-lettered as PIWIGO_SERVER_ERROR after this many such failed attempts, "
                                + "each after the client's own retries. Failures while Piwigo fails for every "
                                + "photo do not count: then the sink pauses instead.",
                        UPLOAD_GROUP, ++u, Width.SHORT, "Attempts per failing photo")
                .define(UPLOAD_PHOTO_MAX_RETRY_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.LOW,
                        "A photo that has kept failing for this long (milliseconds, from its first failure) is "
                                + "dead-lettered as PIWIGO_SERVER_ERROR at its next failure while other photos "
                                + "upload, even before " + UPLOAD_PHOTO_MAX_ATTEMPTS + " is reached.",
                        UPLOAD_GROUP, ++u, Width.SHORT, "Retry time per failing photo (ms)")
                .define(SINK_GROUP_ID, Type.STRING, "photopipe-sink", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM,
                        "Kafka consumer group of the sink. Instances with the same group share the upload "
                                + "request partitions; the committed offsets belong to it.",
                        SINK_GROUP, ++k, Width.MEDIUM, "Consumer group")
                .define(SINK_PAUSE_BACKOFF_INITIAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                        "When Piwigo fails for every photo beyond the client's retries, the sink pauses its "
                                + "uploads this long (milliseconds) before trying one photo again; doubles on each "
                                + "pause in a row, with the jitter of " + "piwigo.retry.jitter.factor. A photo "
                                + "that failed alone waits the same way before its next attempt.",
                        SINK_GROUP, ++k, Width.SHORT, "Initial pause (ms)")
                .define(SINK_PAUSE_BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.LOW,
                        "Upper bound of one pause, in milliseconds.",
                        SINK_GROUP, ++k, Width.SHORT, "Max pause (ms)")
                .define(SINK_SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                        "On shutdown, how long the uploads in flight may take to finish (milliseconds). "
                                + "Uploads still running then are abandoned uncommitted: the next start "
                                + "finds them through the ledger or pwg.images.exist, not twice.",
                        SINK_GROUP, ++k, Width.SHORT, "Shutdown timeout (ms)")
                .define(SINK_LEDGER_STORE, Type.STRING, LEDGER_STORE_ROCKSDB,
                        ConfigDef.ValidString.in(LEDGER_STORE_ROCKSDB, LEDGER_STORE_MEMORY), Importance.MEDIUM,
                        "Where the sink keeps its view of the ledger (the photos already handled) for the "
                                + "partitions it owns. rocksdb: on local disk under " + SINK_STATE_DIR + ", so a "
                                + "restart or rebalance reads only the ledger records written since the last "
                                + "checkpoint. memory: on the heap, read from the beginning of the ledger at every "
                                + "start and rebalance (about 500 bytes of live heap per photo).",
                        SINK_GROUP, ++k, Width.SHORT, "Ledger store")
                .define(SINK_STATE_DIR, Type.STRING, "./data/sink-state", new ConfigDef.NonEmptyString(),
                        Importance.MEDIUM,
                        "Local directory of the sink's ledger store (" + SINK_LEDGER_STORE + "=rocksdb). "
                                + "Rebuilt from the ledger topic when lost; keep it on local disk, one per "
                                + "instance (it is locked while in use).",
                        SINK_GROUP, ++k, Width.LONG, "State directory")
                .define(SINK_STALL_TIMEOUT_MS, Type.LONG, 300_000L, Range.atLeast(1), Importance.LOW,
                        "Readiness (/health/ready) reports the sink down while a partition has held upload "
                                + "requests without finishing any of them for longer than this (milliseconds): "
                                + "Piwigo down, or a photo stuck in retries.",
                        SINK_GROUP, ++k, Width.SHORT, "Stall timeout (ms)")
                .define(SINK_SPOOL_DIR, Type.STRING, "./data/sink-spool", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Local folder where photos from an S3 photo store wait while they are uploaded: streamed "
                                + "there with their MD5 checked, deleted after the upload. Unused with a local store, "
                                + "whose files are uploaded in place.",
                        SINK_GROUP, ++k, Width.LONG, "Spool folder")
                .define(SINK_SPOOL_MAX_BYTES, Type.LONG, 1024L * 1024 * 1024, Range.atLeast(1), Importance.LOW,
                        "Bound of the spool folder, in bytes: uploads wait for room. A photo larger than the bound "
                                + "is spooled alone.",
                        SINK_GROUP, ++k, Width.SHORT, "Spool size (bytes)")
                .define(STORE_RETENTION_MS, Type.LONG, -1L, Range.atLeast(-1), Importance.MEDIUM,
                        "How long a photo's bytes stay in the photo store after the ledger recorded it in Piwigo "
                                + "(UPLOADED or ALREADY_PRESENT), in milliseconds; then `photopipe store gc` deletes "
                                + "them. -1 (default): keep them forever. Photos not recorded in Piwigo (pending, failed) "
                                + "are never deleted.",
                        StoreConfigs.GROUP, ++k, Width.SHORT, "Store retention (ms)");
    }

    /**
     * Settings that each parse on their own but do not work together, each under the setting to
     * fix with a message saying how; empty when the sink can start. For Kafka Connect's
     * validation, which shows each problem next to its setting.
     *
     * @throws ConfigException a setting does not parse (see {@link #CONFIG_DEF})
     * @throws UncheckedIOException a secret's file cannot be read (the message names the setting)
     */
    public static Map<String, String> crossFieldProblems(Map<?, ?> originals) {
        return new SinkConfig(originals, false).crossFieldProblems();
    }

    private SinkConfig(Map<?, ?> originals, boolean complete) {
        super(CONFIG_DEF, originals);
        kafkaClientSettings = complete ? KafkaClientSettings.from(originals()) : Map.of();
        if (complete) {
            validate();
        }
    }

    /** Cross-field rule: an API key (value or file) or a user name with a password (value or file). */
    private void validate() {
        crossFieldProblems().values().stream().findFirst().ifPresent(message -> {
            throw new ConfigException(message);
        });
    }

    private Map<String, String> crossFieldProblems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (getString(PIWIGO_URL).isBlank()) {
            problems.put(PIWIGO_URL, "Set " + PIWIGO_URL + " to your Piwigo's base URL, e.g. https://photos.example.org/");
        }
        boolean key = apiKey().isPresent();
        boolean user = !getString(PIWIGO_USERNAME).isBlank() && password().isPresent();
        if (!key && !user) {
            problems.put(PIWIGO_API_KEY, "Set " + PIWIGO_API_KEY + " (or " + PIWIGO_API_KEY_FILE + "), or "
                    + PIWIGO_USERNAME + " with " + PIWIGO_PASSWORD + " (or " + PIWIGO_PASSWORD_FILE + ").");
        }
        if (textReplacement().codePoints().anyMatch(Character::isSupplementaryCodePoint)) {
            problems.put(PIWIGO_TEXT_REPLACEMENT, PIWIGO_TEXT_REPLACEMENT + " must not itself hold a 4-byte UTF-8 character");
        }
        try {
            StoreConfigs.settings(this);
        } catch (ConfigException e) {
            problems.put(StoreConfigs.TYPE, e.getMessage()); // the message names the store setting to fix
        }
        return problems;
    }

    public String piwigoUrl() {
        return getString(PIWIGO_URL);
    }

    /** The API key, from the setting or its file; empty when neither is set. */
    public Optional<Password> apiKey() {
        return secret(PIWIGO_API_KEY, PIWIGO_API_KEY_FILE);
    }

    public boolean apiKeySessionLogin() {
        return getBoolean(PIWIGO_API_KEY_SESSION_LOGIN);
    }

    public String username() {
        return getString(PIWIGO_USERNAME);
    }

    /** The password, from the setting or its file; empty when neither is set. */
    public Optional<Password> password() {
        return secret(PIWIGO_PASSWORD, PIWIGO_PASSWORD_FILE);
    }

    public int chunkSizeBytes() {
        return getInt(PIWIGO_CHUNK_SIZE_BYTES);
    }

    public int maxChunkBytes() {
        return getInt(PIWIGO_CHUNK_SIZE_MAX_BYTES);
    }

    public Duration statusMaxAge() {
        return Duration.ofMillis(getLong(PIWIGO_STATUS_MAX_AGE_MS));
    }

    public boolean bypassUserCache() {
        return getBoolean(PIWIGO_BYPASS_USER_CACHE);
    }

    public Duration loungePublishInterval() {
        return Duration.ofMillis(getLong(PIWIGO_LOUNGE_PUBLISH_INTERVAL_MS));
    }

    /** {@link #TEXT_REPLACE}, {@link #TEXT_REJECT} or {@link #TEXT_KEEP}. */
    public String unstorableText() {
        return getString(PIWIGO_TEXT_UNSTORABLE);
    }

    public String textReplacement() {
        return getString(PIWIGO_TEXT_REPLACEMENT);
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(PIWIGO_REQUEST_TIMEOUT_MS));
    }

    public Duration retryBackoffInitial() {
        return Duration.ofMillis(getLong(PIWIGO_RETRY_BACKOFF_INITIAL_MS));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(PIWIGO_RETRY_BACKOFF_MAX_MS));
    }

    public double retryJitterFactor() {
        return getDouble(PIWIGO_RETRY_JITTER_FACTOR);
    }

    public int retryMaxAttempts() {
        return getInt(PIWIGO_RETRY_MAX_ATTEMPTS);
    }

    /** Whether {@link #UPLOAD_MAX_IN_FLIGHT} is {@value #IN_FLIGHT_AUTO}: the limit adapts up to {@link #uploadMaxInFlight()}. */
    public boolean uploadInFlightAuto() {
        return IN_FLIGHT_AUTO.equalsIgnoreCase(getString(UPLOAD_MAX_IN_FLIGHT).strip());
    }

    /**
     * The most uploads ever in flight at once: the fixed {@link #UPLOAD_MAX_IN_FLIGHT}, or with
     * {@value #IN_FLIGHT_AUTO} its cap {@link #UPLOAD_MAX_IN_FLIGHT_CAP}.
     */
    public int uploadMaxInFlight() {
        return uploadInFlightAuto() ? getInt(UPLOAD_MAX_IN_FLIGHT_CAP)
                : Integer.parseInt(getString(UPLOAD_MAX_IN_FLIGHT).strip());
    }

    /** Failed attempts, while other photos upload, after which a failing photo is dead-lettered. */
    public int uploadPhotoMaxAttempts() {
        return getInt(UPLOAD_PHOTO_MAX_ATTEMPTS);
    }

    /** How long a photo may keep failing, while other photos upload, before it is dead-lettered. */
    public Duration uploadPhotoMaxRetry() {
        return Duration.ofMillis(getLong(UPLOAD_PHOTO_MAX_RETRY_MS));
    }

    /** How long a partition may hold work without finishing any before readiness reports it. */
    public Duration stallTimeout() {
        return Duration.ofMillis(getLong(SINK_STALL_TIMEOUT_MS));
    }

    /** The photopipe topics this deployment names ({@code topics.*}). */
    public TopicCatalog topics() {
        return TopicConfigs.catalog(this);
    }

    public List<String> bootstrapServers() {
        return getList(CommonConfigs.BOOTSTRAP_SERVERS);
    }

    public String schemaRegistryUrl() {
        return getString(CommonConfigs.SCHEMA_REGISTRY_URL);
    }

    public String groupId() {
        return getString(SINK_GROUP_ID);
    }

    public Duration pauseBackoffInitial() {
        return Duration.ofMillis(getLong(SINK_PAUSE_BACKOFF_INITIAL_MS));
    }

    public Duration pauseBackoffMax() {
        return Duration.ofMillis(getLong(SINK_PAUSE_BACKOFF_MAX_MS));
    }

    public Duration shutdownTimeout() {
        return Duration.ofMillis(getLong(SINK_SHUTDOWN_TIMEOUT_MS));
    }

    /** Whether the ledger view lives on local disk ({@value #LEDGER_STORE_ROCKSDB}) rather than on the heap. */
    public boolean ledgerOnDisk() {
        return LEDGER_STORE_ROCKSDB.equals(getString(SINK_LEDGER_STORE));
    }

    public Path stateDir() {
        return Path.of(getString(SINK_STATE_DIR));
    }

    /** Which photo store the sink reads. */
    public StoreSettings storeSettings() {
        return StoreConfigs.settings(this);
    }

    public Path spoolDir() {
        return Path.of(getString(SINK_SPOOL_DIR));
    }

    public long spoolMaxBytes() {
        return getLong(SINK_SPOOL_MAX_BYTES);
    }

    /** How long stored bytes outlive their upload; empty: forever. */
    public Optional<Duration> storeRetention() {
        long ms = getLong(STORE_RETENTION_MS);
        return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    /** {@value #IN_FLIGHT_AUTO} or a whole number from 1 to {@value #MAX_IN_FLIGHT}. */
    private static final class InFlightValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().strip();
            if (IN_FLIGHT_AUTO.equalsIgnoreCase(text)) {
                return;
            }
            try {
                int n = Integer.parseInt(text);
                if (n >= 1 && n <= MAX_IN_FLIGHT) {
                    return;
                }
            } catch (NumberFormatException e) {
                // reported below, with the fix
            }
            throw new ConfigException(name, value, "expected '" + IN_FLIGHT_AUTO + "' or a whole number from 1 to "
                    + MAX_IN_FLIGHT + " (below the Piwigo server's PHP worker count)");
        }

        @Override
        public String toString() {
            return IN_FLIGHT_AUTO + " or [1,...," + MAX_IN_FLIGHT + "]";
        }
    }

    private Optional<Password> secret(String valueKey, String fileKey) {
        Password value = getPassword(valueKey);
        if (value != null && !value.value().isBlank()) {
            return Optional.of(value);
        }
        String file = getString(fileKey);
        if (file.isBlank()) {
            return Optional.empty();
        }
        try {
            String firstLine = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
                    .findFirst().orElse("").strip();
            return firstLine.isEmpty() ? Optional.empty() : Optional.of(new Password(firstLine));
        } catch (IOException e) {
            // The path is not secret; the content never reaches a message.
            throw new UncheckedIOException("cannot read " + fileKey + " " + file, e);
        }
    }
}
