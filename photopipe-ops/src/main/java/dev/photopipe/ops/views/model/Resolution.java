package dev.photopipe.ops.views.model;

/**
 * Why a dead letter needs nothing more: the value of a record in the resolutions topic. Immutable.
 *
 * @param by   {@link #PIPELINE} (its photo reached Piwigo later) or {@link #OPERATOR}
 * @param atMs when it was resolved, epoch ms
 * @param note what happened or what the operator decided, for people
 */
public record Resolution(String by, long atMs, String note) {
    public static final String PIPELINE = "pipeline";
    public static final String OPERATOR = "operator";
}
