package dev.photopipe.schemas.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a schema registry. Immutable. Built by the serde configuration
 * ({@code AvroSerdeConfig#registrySettings()}) from its declared settings, whose names appear in
 * error messages so that an operator knows which one to check.
 *
 * @param url                base URL, e.g. {@code http://registry:8080/apis/ccompat/v7}
 * @param basicAuthUserInfo  {@code user:password} for HTTP basic auth, or null
 * @param truststorePath     truststore (PKCS12 or JKS) trusting the registry's TLS certificate, or null for the JDK's
 * @param truststorePassword its password, or null
 * @param requestTimeout     timeout of one HTTP call (connect, write and read)
 * @param maxAttempts        attempts for a transient failure, at least 1 (1 = no retry)
 * @param backoff            first retry delay; doubles per attempt, with jitter
 * @param maxBackoff         upper bound of the retry delay
 * @param urlSetting         the setting name {@code url} came from, for messages
 */
public record RegistrySettings(String url, String basicAuthUserInfo, String truststorePath, String truststorePassword,
                               Duration requestTimeout, int maxAttempts, Duration backoff, Duration maxBackoff,
                               String urlSetting) {
    public RegistrySettings {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("A schema registry URL is required");
        }
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        urlSetting = urlSetting == null ? "schema.registry.url" : urlSetting;
    }

    /** Defaults for {@code url}: no auth, JDK trust, 10 s timeout, 5 attempts from 200 ms up to 5 s. */
    public static RegistrySettings of(String url) {
        return new RegistrySettings(url, null, null, null, Duration.ofSeconds(10), 5,
                Duration.ofMillis(200), Duration.ofSeconds(5), null);
    }

    /** A copy with other retry settings. */
    public RegistrySettings withRetry(int attempts, Duration firstBackoff, Duration backoffLimit) {
        return new RegistrySettings(url, basicAuthUserInfo, truststorePath, truststorePassword, requestTimeout,
                attempts, firstBackoff, backoffLimit, urlSetting);
    }

    /** Hides the password of the user info. */
    @Override
    public String toString() {
        return "RegistrySettings[url=" + url + ", basicAuth=" + (basicAuthUserInfo != null)
                + ", truststore=" + truststorePath + ", requestTimeout=" + requestTimeout
                + ", maxAttempts=" + maxAttempts + ", backoff=" + backoff + ".." + maxBackoff + "]";
    }
}
