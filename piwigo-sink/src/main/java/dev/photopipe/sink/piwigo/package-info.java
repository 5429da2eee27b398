/**
 * The Piwigo web API client: the only package of photopipe that speaks HTTP to Piwigo (and the
 * only one importing OkHttp, checked by an ArchUnit test).
 *
 * <p>Hand-written on purpose: no maintained Java client for Piwigo's {@code ws.php} exists, and
 * the API has traps a generic client would fall into (HTTP 200 failures, HTTP 500 successes, PHP
 * warnings before the JSON, ids as numbers or strings, non-idempotent album creation, chunk paths
 * that corrupt on retry). See shared/piwigo-api-facts.md.
 *
 * <p>{@link dev.photopipe.sink.piwigo.PiwigoClient} is the seam; {@link dev.photopipe.sink.piwigo.PiwigoClients}
 * creates the OkHttp implementation. Every answer is classified once, by {@code Answers}, into a
 * result or a {@link dev.photopipe.sink.piwigo.PiwigoException} of one
 * {@link dev.photopipe.sink.piwigo.PiwigoException.Kind}.
 */
package dev.photopipe.sink.piwigo;
