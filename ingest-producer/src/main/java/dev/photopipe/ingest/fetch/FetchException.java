package dev.photopipe.ingest.fetch;

/**
 * An {@code http(s):} source photopipe did not fetch. The message is for the client: it says what
 * was wrong and how to fix it, and names no server path and no allowed host.
 */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why, in the terms a caller acts on. */
    public enum Problem {
        /** Fetching is off, the host is not allowed, the URL is unusable or redirects: the caller's to fix. */
        REFUSED,
        /** The source answered with a client error (404, 403, ...). */
        SOURCE_REFUSED,
        /** The source is larger than the limit. */
        TOO_LARGE,
        /** No usable answer in time (connection refused, timeout, 5xx): worth retrying. */
        SOURCE_UNAVAILABLE
    }

    private final Problem problem;

    public FetchException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public FetchException(Problem problem, String message) {
        this(problem, message, null);
    }

    public Problem problem() {
        return problem;
    }
}
