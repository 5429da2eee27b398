package dev.photopipe.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API that photopipe's serdes and tools use.
 *
 * <p>Ids are cached both ways (schema id to schema, subject and schema to id) for the client's
 * lifetime: registry ids are immutable, so a cached answer never goes stale. Implementations are
 * thread-safe; one instance may serve every serializer of a process. Calls block, bounded by the
 * request timeout times the retry attempts plus backoff.
 *
 * @see RegistrySettings for URL, credentials, TLS, timeout and retry settings
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Creates a client for {@code settings}. */
    static SchemaRegistryClient create(RegistrySettings settings) {
        return new OkHttpSchemaRegistryClient(settings);
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions})
     * and returns its global id; registering an already registered schema returns its existing id.
     *
     * @throws IncompatibleSchemaException the subject's compatibility rule refused the schema
     */
    int register(String subject, Schema schema);

    /**
     * The id of {@code schema} already registered under {@code subject} ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaNotFoundException the subject or the schema under it does not exist
     */
    int lookup(String subject, Schema schema);

    /**
     * The schema with global id {@code id} ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaNotFoundException no schema has this id
     */
    Schema schemaById(int id);

    /** Versions registered under {@code subject}, ascending ({@code GET /subjects/{subject}/versions}). */
    List<Integer> versions(String subject);

    /**
     * Whether {@code schema} may be registered as the subject's next version under its
     * compatibility rule ({@code POST /compatibility/subjects/{subject}/versions/latest}).
     */
    boolean isCompatible(String subject, Schema schema);

    /** Sets the registry-wide compatibility level ({@code PUT /config}), e.g. {@code BACKWARD}. */
    void setGlobalCompatibility(String level);

    /** Sets the compatibility level of one subject ({@code PUT /config/{subject}}). */
    void setCompatibility(String subject, String level);

    /** The registry's base URL, as configured. */
    String url();

    /** Releases connections and threads. */
    @Override
    void close();
}
