package dev.photopipe.ops.views.model;

/**
 * One entry of a photo's expiry audit ({@code ExpiryAudit}) as the views keep it. Immutable.
 *
 * @param event       {@code ARCHIVED}, {@code DELETED}, {@code EXPIRED_NO_ACTION}, {@code ALREADY_GONE} or {@code CHANGED}
 * @param action      the expiry action acted on ({@code NONE}, {@code ARCHIVE}, {@code DELETE})
 * @param expiresAtMs the expiry acted on (for CHANGED the new one), epoch ms; null: never
 * @param eventTimeMs when the expiry service did it, epoch ms
 * @param detail      what Piwigo answered, or null
 */
public record ExpiryEventFact(String event, String action, Long expiresAtMs, long eventTimeMs, String ruleId,
                              String reason, String detail) {
}
