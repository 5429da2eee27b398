package dev.photopipe.sink.piwigo;

import dev.photopipe.sink.config.SinkConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link PiwigoClient} needs, independent of how it was configured.
 *
 * @param url            gallery base URL (ws.php is resolved against it)
 * @param credentials    how to authenticate
 * @param chunkSizeBytes upload chunk size in bytes, fixed; 0 learns the largest chunk the server
 *                       accepts (starting at {@code maxChunkBytes}, never below the server's hint)
 * @param requestTimeout connect, read and write timeout of one request
 * @param retry          how transient failures are retried
 * @param maxChunkBytes  the largest chunk tried when {@code chunkSizeBytes} is 0
 * @param statusMaxAge   how long the server's status (accepted file types above all) is trusted
 *                       before it is read again
 * @param bypassUserCache send every request as Piwigo's own web uploader does, from
 *                       {@link #ADMIN_UPLOAD_PAGE}: Piwigo then builds the caller's rights without its
 *                       user cache, so a request never waits for another one rebuilding it
 */
public record PiwigoSettings(URI url, Credentials credentials, int chunkSizeBytes, Duration requestTimeout,
                             Retry retry, int maxChunkBytes, Duration statusMaxAge, boolean bypassUserCache) {
    /** Largest chunk tried by default: a 3.4 MB photo goes in one request where the server takes it. */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 16 << 20;
    /** How long the accepted file types are trusted by default. */
    public static final Duration DEFAULT_STATUS_MAX_AGE = Duration.ofMinutes(5);
    /**
     * The page Piwigo's own uploader sends its ws.php requests from. Piwigo 16.4.0
     * (include/user.inc.php) builds the user without its user cache for a ws.php request whose
     * Referer contains {@code /admin.php?page=}.
     */
    public static final String ADMIN_UPLOAD_PAGE = "admin.php?page=photos_add";

    /** With the default chunk ceiling and status age, bypassing the user cache. */
    public PiwigoSettings(URI url, Credentials credentials, int chunkSizeBytes, Duration requestTimeout, Retry retry) {
        this(url, credentials, chunkSizeBytes, requestTimeout, retry, DEFAULT_MAX_CHUNK_BYTES, DEFAULT_STATUS_MAX_AGE,
                true);
    }

    public PiwigoSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(statusMaxAge, "statusMaxAge");
        if (maxChunkBytes < 1) {
            throw new IllegalArgumentException("maxChunkBytes must be >= 1");
        }
        String text = url.toString();
        url = text.endsWith("/") ? url : URI.create(text + "/");
    }

    /**
     * Bounded exponential backoff with jitter.
     *
     * @param initialBackoff first delay
     * @param maxBackoff     delay ceiling
     * @param jitterFactor   random fraction (0..1) added to or removed from each delay
     * @param maxAttempts    attempts of one request, the first included
     */
    public record Retry(Duration initialBackoff, Duration maxBackoff, double jitterFactor, int maxAttempts) {
    }

    /** How the client authenticates. Implementations never print their secret. */
    public sealed interface Credentials permits ApiKey, UserPassword {
    }

    /**
     * A Piwigo 16+ API key, {@code pkid-...:secret}.
     *
     * @param sessionLogin log in once with it ({@code pwg.session.login}, the pkid as user name,
     *                     the secret as password) and reuse the session, instead of sending the
     *                     header (and paying Piwigo's hash check) on every request; where Piwigo
     *                     refuses that login the client falls back to the header
     */
    public record ApiKey(String key, boolean sessionLogin) implements Credentials {
        public ApiKey {
            if (key == null || key.indexOf(':') < 1) {
                throw new IllegalArgumentException("an API key looks like pkid-YYYYMMDD-...:secret");
            }
        }

        String pkid() {
            return key.substring(0, key.indexOf(':'));
        }

        String secret() {
            return key.substring(key.indexOf(':') + 1);
        }

        @Override
        public String toString() {
            return "ApiKey[" + pkid() + ":[hidden], sessionLogin=" + sessionLogin + "]";
        }
    }

    /** A user name and password, used through a session cookie and {@code pwg_token}. */
    public record UserPassword(String username, String password) implements Credentials {
        public UserPassword {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "UserPassword[" + username + ", [hidden]]";
        }
    }

    /**
     * These settings for a quick check (start-up, readiness): one attempt, answered within
     * {@code timeout} at most, so that a Piwigo that is down is reported, not waited out.
     */
    public PiwigoSettings forProbe(Duration timeout) {
        Duration shorter = requestTimeout.compareTo(timeout) < 0 ? requestTimeout : timeout;
        return new PiwigoSettings(url, credentials, chunkSizeBytes, shorter,
                new Retry(retry.initialBackoff(), retry.maxBackoff(), retry.jitterFactor(), 1), maxChunkBytes,
                statusMaxAge, bypassUserCache);
    }

    /** Reads the piwigo.* settings of the sink. */
    public static PiwigoSettings from(SinkConfig config) {
        Credentials credentials = config.apiKey()
                .<Credentials>map(key -> new ApiKey(key.value(), config.apiKeySessionLogin()))
                .orElseGet(() -> new UserPassword(config.username(), config.password().orElseThrow().value()));
        return new PiwigoSettings(URI.create(config.piwigoUrl()), credentials, config.chunkSizeBytes(),
                config.requestTimeout(), new Retry(config.retryBackoffInitial(), config.retryBackoffMax(),
                config.retryJitterFactor(), config.retryMaxAttempts()), config.maxChunkBytes(),
                config.statusMaxAge(), config.bypassUserCache());
    }
}
