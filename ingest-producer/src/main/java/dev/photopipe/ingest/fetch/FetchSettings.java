package dev.photopipe.ingest.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where and how photopipe fetches {@code http(s):} sources. Immutable.
 *
 * @param allowedHosts host names (or {@code *.example.org} for its subdomains) photopipe may fetch
 *     from; empty: fetching is off
 * @param connectTimeout bound of the TCP and TLS connection
 * @param timeout bound of the whole fetch, the body included
 * @param maxBytes largest photo fetched; a larger one is refused
 */
public record FetchSettings(List<String> allowedHosts, Duration connectTimeout, Duration timeout, long maxBytes) {
    public FetchSettings {
        allowedHosts = allowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
    }

    /** Fetching off: every {@code http(s):} source is refused. */
    public static FetchSettings off(long maxBytes) {
        return new FetchSettings(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), maxBytes);
    }

    public boolean enabled() {
        return !allowedHosts.isEmpty();
    }

    /** Whether {@code host} is listed, or is a subdomain of a listed {@code *.domain}. */
    public boolean allows(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }
}
