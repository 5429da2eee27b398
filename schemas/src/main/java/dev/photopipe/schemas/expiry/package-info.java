/**
 * Expiry dates, as every part reads them: the expiry service that acts on them, and the
 * operations commands and views that list them. Pure functions over the records of the ledger
 * ({@code UploadOutcome}), the changes topic ({@code ExpiryChange}) and the audit
 * ({@code ExpiryAudit}), so that a schedule shown by {@code photopipe expiry list} is the one the
 * service acts on.
 */
package dev.photopipe.schemas.expiry;
