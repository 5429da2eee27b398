package dev.photopipe.ops.views.model;

/**
 * A photo's last expiry change ({@code ExpiryChange}: {@code photopipe expiry extend} or
 * {@code reapply}) as the views keep it. Immutable.
 *
 * @param expiresAtMs   the new expiry, epoch ms; null: never
 * @param action        the new action ({@code NONE}, {@code ARCHIVE}, {@code DELETE}); null keeps the ledger's
 * @param ruleId        the rule of a reapply; null for a change by hand
 * @param requestedAtMs when it was asked for, epoch ms
 */
public record ExpiryChangeFact(Long expiresAtMs, String action, String ruleId, String reason, String requestedBy,
                               long requestedAtMs) {
}
