package dev.photopipe.cli;

import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.observability.HttpGuard;
import dev.photopipe.ops.views.ViewsConfig;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.TopicConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** Settings of the command itself: where Kafka is (or the embedded broker's directory and port) and the topics. */
final class CommandConfig extends AbstractConfig {
    static final String GROUP = "Embedded broker";

    static final String DATA_DIR = "data.dir";
    private static final String DATA_DIR_DOC = "Directory of the embedded broker's data (`photopipe run` without "
            + "bootstrap.servers). Kept across restarts: topics and offsets survive.";
    static final String KAFKA_PORT = "kafka.port";
    private static final String KAFKA_PORT_DOC = "Client port of the embedded broker, on 127.0.0.1; 0 picks a free one.";

    static final String METRICS_GROUP = "Metrics and health";
    static final String METRICS_ENABLED = "metrics.enabled";
    static final String METRICS_HOST = "metrics.host";
    static final String METRICS_PORT = "metrics.port";
    static final String METRICS_ALLOWED_HOSTS = "metrics.allowed.hosts";
    static final String METRICS_ACTION_TOKEN = "metrics.action.token";

    static final ConfigDef CONFIG_DEF = TopicConfigs.define(CommonConfigs.define(new ConfigDef()))
            .define(DATA_DIR, Type.STRING, "./data", new ConfigDef.NonEmptyString(), Importance.MEDIUM, DATA_DIR_DOC,
                    GROUP, 1, Width.LONG, "Data directory")
            .define(KAFKA_PORT, Type.INT, 9092, Range.between(0, 65_535), Importance.LOW, KAFKA_PORT_DOC,
                    GROUP, 2, Width.SHORT, "Embedded broker port")
            .define(METRICS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Serve /metrics (Prometheus text format), /health/live and /health/ready from every running "
                            + "photopipe process (run, ingest, enrich, sink).", METRICS_GROUP, 1, Width.SHORT, "Metrics on")
            .define(METRICS_HOST, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Interface of the metrics and health endpoint; 0.0.0.0 for a Prometheus server on another host.",
                    METRICS_GROUP, 2, Width.MEDIUM, "Metrics address")
            .define(METRICS_PORT, Type.INT, 9464, Range.between(0, 65_535), Importance.MEDIUM,
                    "Port of the metrics and health endpoint; 0 picks a free one (logged).", METRICS_GROUP, 3,
                    Width.SHORT, "Metrics port")
            .define(METRICS_ALLOWED_HOSTS, Type.LIST, "localhost", Importance.MEDIUM,
                    "Host names under which the status page, its /api documents and actions answer, besides IP "
                            + "addresses, e.g. photopipe.plant1.example.org. Requests sent under any other name get 403: "
                            + "a web page cannot re-point its own DNS name at this port to read or replay (DNS "
                            + "rebinding). /metrics and /health answer under any name.",
                    METRICS_GROUP, 4, Width.LONG, "Status page host names")
            .define(METRICS_ACTION_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Bearer token the status page's actions (POST /api/replay) require, sent as 'Authorization: "
                            + "Bearer <token>'; the page asks for it once. Empty: no token (anyone who reaches the port "
                            + "can replay; keep metrics.host on loopback then).",
                    METRICS_GROUP, 5, Width.LONG, "Status page action token");

    static final ConfigSection SECTION = new ConfigSection("photopipe (the command)",
            "Read by `photopipe run` and `photopipe topics create`: where Kafka is, the embedded broker, the topics.",
            CONFIG_DEF);

    /** The maintained views, read by every process with metrics on, and by status and find. */
    static final ConfigSection VIEWS_SECTION = new ConfigSection("views",
            "Read by every process serving the metrics endpoint (`run`, `ingest`, `enrich`, `sink`), which keeps the "
                    + "views, and by `status` and `find`, which read them.", ViewsConfig.CONFIG_DEF);

    CommandConfig(Map<String, String> values) {
        super(CONFIG_DEF, values, false);
    }

    Path dataDir() {
        return Path.of(getString(DATA_DIR));
    }

    int kafkaPort() {
        return getInt(KAFKA_PORT);
    }

    boolean metricsEnabled() {
        return getBoolean(METRICS_ENABLED);
    }

    String metricsHost() {
        return getString(METRICS_HOST);
    }

    int metricsPort() {
        return getInt(METRICS_PORT);
    }

    /** Who may use the status page: its host names and the token of its actions. */
    HttpGuard statusPageGuard() {
        Password token = getPassword(METRICS_ACTION_TOKEN);
        return HttpGuard.builder("the status page")
                .hostNames(getList(METRICS_ALLOWED_HOSTS), METRICS_ALLOWED_HOSTS)
                .bearerToken(token == null ? null : token.value(), METRICS_ACTION_TOKEN)
                .build();
    }

    /**
     * Where this process's metrics endpoint is reached from the same machine: metrics.host, or
     * 127.0.0.1 when it listens on every interface.
     */
    String metricsLocalHost() {
        String host = metricsHost();
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    String bootstrapServers() {
        return String.join(",", getList(CommonConfigs.BOOTSTRAP_SERVERS));
    }

    /** The user's {@code kafka.*} settings for every client of the command, prefix stripped. */
    Map<String, Object> kafkaClientSettings() {
        return KafkaClientSettings.from(originals());
    }

    /** @param clientId names the client in broker logs and quotas, e.g. {@code photopipe-status} */
    KafkaClients clients(String clientId) {
        return new KafkaClients(bootstrapServers(), kafkaClientSettings(), clientId);
    }

    /** Every section photopipe knows, in documentation order. */
    static List<ConfigSection> allSections() {
        List<ConfigSection> sections = new ArrayList<>();
        sections.add(SECTION);
        for (ServiceKind kind : ServiceKind.values()) {
            sections.add(kind.section());
        }
        sections.add(VIEWS_SECTION);
        return List.copyOf(sections);
    }
}
