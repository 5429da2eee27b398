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
 * @param chunkSizeBytes upload chunk size in bytes; 0 uses the server's hint
 * @param requestTimeout connect, read and write timeout of one request
 * @param retry          how transient failures are retried
 */
public record PiwigoSettings(URI url, Credentials credentials, int chunkSizeBytes, Duration requestTimeout,
                             Retry retry) {

    public PiwigoSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
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
     * @param sessionLogin log in once with it and reuse the session, instead of sending the
     *                     header (and paying a hash check) on every request
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
                new Retry(retry.initialBackoff(), retry.maxBackoff(), retry.jitterFactor(), 1));
    }

    /** Reads the piwigo.* settings of the sink. */
    public static PiwigoSettings from(SinkConfig config) {
        Credentials credentials = config.apiKey()
                .<Credentials>map(key -> new ApiKey(key.value(), config.apiKeySessionLogin()))
                .orElseGet(() -> new UserPassword(config.username(), config.password().orElseThrow().value()));
        return new PiwigoSettings(URI.create(config.piwigoUrl()), credentials, config.chunkSizeBytes(),
                config.requestTimeout(), new Retry(config.retryBackoffInitial(), config.retryBackoffMax(),
                config.retryJitterFactor(), config.retryMaxAttempts()));
    }
}
