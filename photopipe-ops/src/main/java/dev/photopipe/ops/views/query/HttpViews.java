package dev.photopipe.ops.views.query;

import dev.photopipe.observability.Observability;
import java.net.URI;
import java.time.Duration;

/**
 * The views of a running photopipe process, read over HTTP: what {@code photopipe status} and
 * {@code photopipe find} use, so that they answer from maintained state in well under a second
 * instead of scanning topics. Thread-safe.
 */
public final class HttpViews implements Views {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String fix;
    private final JsonHttp http = new JsonHttp(TIMEOUT);

    /**
     * @param baseUrl the process's metrics endpoint, e.g. {@code http://127.0.0.1:9464}
     * @param fix     what to tell a user when nothing answers there (the setting to change)
     */
    public HttpViews(String baseUrl, String fix) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.fix = fix;
    }

    public String baseUrl() {
        return base.toString();
    }

    @Override
    public ViewTotals totals() {
        return get(ViewsPaths.TOTALS, ViewTotals.class);
    }

    @Override
    public FoundPhotos find(FindQuery query) {
        return get(ViewsPaths.FIND + "?" + query.queryString(), FoundPhotos.class);
    }

    private <T> T get(String pathAndQuery, Class<T> type) {
        try {
            return http.get(URI.create(base + pathAndQuery), type);
        } catch (JsonHttp.Failure e) {
            if (e.status() == 503) {
                throw new Observability.Unavailable(e.getMessage(), e);
            }
            if (e.status() == 400) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            throw new ViewsUnreachableException("No photopipe views at " + base + ": " + e.getMessage() + ". " + fix, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ViewsUnreachableException("Interrupted while reading the views at " + base, e);
        }
    }

    /** Nothing serves the views at the configured address; the message says which setting to change. */
    public static final class ViewsUnreachableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ViewsUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
