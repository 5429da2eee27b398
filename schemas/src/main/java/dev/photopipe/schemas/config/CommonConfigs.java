package dev.photopipe.schemas.config;

import dev.photopipe.schemas.serde.AvroSerdeConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings every photopipe service shares. Declared once here and added to each service's
 * {@link ConfigDef} so that names, defaults and documentation never drift apart.
 */
public final class CommonConfigs {
    public static final String GROUP = "Kafka";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC =
            "Kafka brokers to connect to, host:port[,host:port...]. In single-process mode the "
                    + "embedded broker's address is filled in.";

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC =
            "Base URL of a Confluent-compatible schema registry (Confluent, Apicurio ccompat, "
                    + "Karapace, Redpanda). Empty: records use Avro single-object encoding and need "
                    + "no registry.";

    private CommonConfigs() {
    }

    /** Adds the shared settings to {@code def} and returns it. */
    public static ConfigDef define(ConfigDef def) {
        int order = 0;
        def
                .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH,
                        BOOTSTRAP_SERVERS_DOC, GROUP, ++order, ConfigDef.Width.LONG, "Bootstrap servers")
                .define(SCHEMA_REGISTRY_URL, Type.STRING, "", Importance.MEDIUM,
                        SCHEMA_REGISTRY_URL_DOC, GROUP, ++order, ConfigDef.Width.LONG, "Schema registry URL");
        // The serdes' registry client settings (auth, TLS, retries) belong to every service too.
        return AvroSerdeConfig.defineRegistryClient(def);
    }
}
