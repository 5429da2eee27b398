/**
 * A small client for the Confluent Schema Registry REST API, the dialect spoken by Confluent's
 * registry, Apicurio's ccompat API ({@code /apis/ccompat/v7}), Karapace and Redpanda.
 *
 * <p>Why hand-written: Confluent's client and serializer jars are published only to Confluent's
 * own Maven repository, not to Maven Central, and photopipe builds from Maven Central alone. The
 * serdes need only a handful of calls (register, look up, fetch by id, versions, compatibility,
 * config), so this package implements that subset on OkHttp and Jackson. It is the only package
 * of this module that imports {@code okhttp3}.
 *
 * <p>Failure classification, decided once in {@code OkHttpSchemaRegistryClient}: I/O errors,
 * 408, 429 and 5xx are transient and retried with bounded exponential backoff and jitter; 409 is
 * an {@link dev.photopipe.schemas.registry.IncompatibleSchemaException}; 404 a
 * {@link dev.photopipe.schemas.registry.SchemaNotFoundException}; a failed TLS handshake and every other 4xx a permanent
 * {@link dev.photopipe.schemas.registry.SchemaRegistryException}. Retries exhausted: a
 * {@link dev.photopipe.schemas.registry.RegistryUnavailableException} naming the URL.
 */
package dev.photopipe.schemas.registry;
