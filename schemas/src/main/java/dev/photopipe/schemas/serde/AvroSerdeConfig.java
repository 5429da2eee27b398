package dev.photopipe.schemas.serde;

import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.registry.RegistrySettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of photopipe's Avro serdes, declared once. Kafka passes a client's whole configuration
 * to {@code configure(Map, boolean)}; unknown keys are ignored, so these can sit next to the
 * client's own settings. Immutable.
 */
public final class AvroSerdeConfig extends AbstractConfig {
    public static final String GROUP = "Schema registry";

    public static final String SCHEMA_REGISTRY_URL = CommonConfigs.SCHEMA_REGISTRY_URL;

    public static final String BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    private static final String BASIC_AUTH_USER_INFO_DOC = "user:password for HTTP basic auth at the registry; empty: none.";

    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC =
            "Truststore file (PKCS12 or JKS) with the CA of the registry's TLS certificate; empty: the JDK's trust.";

    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    private static final String TRUSTSTORE_PASSWORD_DOC = "Password of the truststore.";

    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Timeout of one registry HTTP call (connect, write, read).";

    public static final String RETRY_MAX_ATTEMPTS = "schema.registry.retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC =
            "Attempts of a registry call that fails transiently (I/O error, 408, 429, 5xx); 1 means no retry.";

    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Delay before the first retry; doubles per retry, with 25% jitter.";

    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Upper bound of the retry delay.";

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    private static final String AUTO_REGISTER_SCHEMAS_DOC =
            "Serializers register their schema under <topic>-value / <topic>-key when missing; false: only look it up.";

    public static final String KEY_TYPE = "specific.avro.key.type";
    public static final String VALUE_TYPE = "specific.avro.value.type";
    private static final String TYPE_DOC = "Generated Avro class the deserializer returns when configured by class "
            + "name; empty: the class named by the writer's schema.";

    /** The settings, for the configuration reference and for validation. */
    public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public AvroSerdeConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals, false);
        if (retryBackoffMaxMs() < retryBackoffMs()) {
            throw new ConfigException(RETRY_BACKOFF_MAX_MS, retryBackoffMaxMs(),
                    "must be at least " + RETRY_BACKOFF_MS + " (" + retryBackoffMs() + ")");
        }
    }

    private static ConfigDef define(ConfigDef def) {
        defineRegistryClient(def.define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.MEDIUM,
                CommonConfigs.SCHEMA_REGISTRY_URL_DOC, GROUP, 1, Width.LONG, "Schema registry URL"));
        return def
                .define(KEY_TYPE, Type.CLASS, null, Importance.LOW, TYPE_DOC, GROUP, 20, Width.LONG, "Key type")
                .define(VALUE_TYPE, Type.CLASS, null, Importance.LOW, TYPE_DOC, GROUP, 21, Width.LONG, "Value type");
    }

    /**
     * Adds how the serdes reach and use the registry (auth, TLS, timeouts, retries,
     * auto-registration; not the URL, which {@link CommonConfigs} declares) to {@code def}: every
     * service declares them, so that they can be set like any other photopipe setting.
     */
    public static ConfigDef defineRegistryClient(ConfigDef def) {
        int order = 1;
        return def
                .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM, BASIC_AUTH_USER_INFO_DOC,
                        GROUP, ++order, Width.MEDIUM, "Registry basic auth")
                .define(TRUSTSTORE_LOCATION, Type.STRING, "", Importance.LOW, TRUSTSTORE_LOCATION_DOC,
                        GROUP, ++order, Width.LONG, "Registry truststore")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, TRUSTSTORE_PASSWORD_DOC,
                        GROUP, ++order, Width.MEDIUM, "Registry truststore password")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW, REQUEST_TIMEOUT_MS_DOC,
                        GROUP, ++order, Width.SHORT, "Registry request timeout (ms)")
                .define(RETRY_MAX_ATTEMPTS, Type.INT, 5, Range.between(1, 100), Importance.LOW, RETRY_MAX_ATTEMPTS_DOC,
                        GROUP, ++order, Width.SHORT, "Registry retry attempts")
                .define(RETRY_BACKOFF_MS, Type.LONG, 200L, Range.atLeast(0), Importance.LOW, RETRY_BACKOFF_MS_DOC,
                        GROUP, ++order, Width.SHORT, "Registry retry backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                        RETRY_BACKOFF_MAX_MS_DOC, GROUP, ++order, Width.SHORT, "Registry retry backoff limit (ms)")
                .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC,
                        GROUP, ++order, Width.SHORT, "Auto-register schemas");
    }

    /** Whether a registry is configured (Confluent wire format) or not (single-object encoding). */
    public boolean usesRegistry() {
        return !getString(SCHEMA_REGISTRY_URL).isBlank();
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    /** The configured record class for keys or values, or null. */
    public Class<?> recordType(boolean isKey) {
        return getClass(isKey ? KEY_TYPE : VALUE_TYPE);
    }

    /** Registry connection settings; only meaningful when {@link #usesRegistry()}. */
    public RegistrySettings registrySettings() {
        return new RegistrySettings(getString(SCHEMA_REGISTRY_URL), secret(BASIC_AUTH_USER_INFO),
                emptyToNull(getString(TRUSTSTORE_LOCATION)), secret(TRUSTSTORE_PASSWORD),
                Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS)), getInt(RETRY_MAX_ATTEMPTS),
                Duration.ofMillis(retryBackoffMs()), Duration.ofMillis(retryBackoffMaxMs()), SCHEMA_REGISTRY_URL);
    }

    private String secret(String name) {
        Password password = getPassword(name);
        return password == null ? null : emptyToNull(password.value());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
