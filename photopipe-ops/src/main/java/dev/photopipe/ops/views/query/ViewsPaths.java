package dev.photopipe.ops.views.query;

/** Where the views answer over HTTP, on every process's metrics endpoint. */
public final class ViewsPaths {
    /** Per-batch progress and dead letters of the whole pipeline ({@link ViewTotals}). */
    public static final String TOTALS = "/api/views/totals";
    /** The photos matching the {@link FindQuery} parameters ({@link FoundPhotos}), or {@code q} for the page's search box. */
    public static final String FIND = "/api/find";
    /** This instance's share of the totals ({@link LocalTotals}), for the other instances. */
    public static final String LOCAL_TOTALS = "/api/views/local/totals";
    /** This instance's matches ({@link LocalFound}), for the other instances. */
    public static final String LOCAL_FIND = "/api/views/local/find";

    private ViewsPaths() {
    }
}
