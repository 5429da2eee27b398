package dev.photopipe.ops.views.query;

/**
 * The maintained views as status, find and the status page read them, whoever holds them: this
 * process ({@link ClusterViews}, which also asks the other instances) or a running photopipe over
 * HTTP ({@link HttpViews}). Implementations are thread-safe.
 */
public interface Views {
    /**
     * Per-batch progress and dead letters.
     *
     * @throws dev.photopipe.observability.Observability.Unavailable while the views restore or rebalance
     */
    ViewTotals totals();

    /**
     * The photos matching {@code query}, oldest first.
     *
     * @throws dev.photopipe.observability.Observability.Unavailable while the views restore or rebalance
     */
    FoundPhotos find(FindQuery query);
}
