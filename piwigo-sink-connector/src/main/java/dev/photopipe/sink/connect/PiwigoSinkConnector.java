package dev.photopipe.sink.connect;

import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.ProvisionReport;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.schemas.topics.TopicProvisioner;
import dev.photopipe.schemas.topics.TopicProvisioningException;
import dev.photopipe.sink.config.SinkConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect sink connector uploading photopipe's upload requests to Piwigo, each photo
 * exactly once: the standalone sink's core run by {@link PiwigoSinkTask}s. Settings are the
 * sink's own ({@link ConnectorSettings}); {@link #validate} reports every problem under its
 * setting, Piwigo's refusal of the credentials included.
 *
 * <p>Lifecycle (Connect's): {@link #start} checks the settings and makes the cluster hold
 * photopipe's topics (created if missing, co-partitioning checked, as every photopipe service does
 * at start), {@link #taskConfigs} hands each task its own ledger store directory, {@link #stop}.
 * Called by the worker on one thread at a time.
 */
public final class PiwigoSinkConnector extends SinkConnector {
    private static final Logger LOG = LoggerFactory.getLogger(PiwigoSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        SinkConfig config;
        try {
            config = new SinkConfig(props);
        } catch (ConfigException e) {
            throw new ConnectException("piwigo-sink: " + e.getMessage(), e);
        }
        if (!"read_committed".equals(props.get("consumer.override.isolation.level"))) {
            LOG.warn("piwigo-sink: set consumer.override.isolation.level=read_committed (or the worker's "
                    + "consumer.isolation.level): enrich writes upload requests in transactions, and a request of "
                    + "an aborted one is no request");
        }
        provisionTopics(config);
        this.props = Map.copyOf(props);
    }

    /** Creates photopipe's missing topics and checks the existing ones, as every photopipe service does at start. */
    private static void provisionTopics(SinkConfig config) {
        KafkaClients clients = new KafkaClients(String.join(",", config.bootstrapServers()),
                config.kafkaClientSettings(), "photopipe-piwigo-sink-connector");
        try (Admin admin = clients.admin()) {
            ProvisionReport report = new TopicProvisioner(admin, TopicConfigs.catalog(config),
                    clients.bootstrapServers(), clients.apiTimeout()).provision();
            LOG.info("piwigo-sink: photopipe's topics created {}, {} found", report.created(), report.existing().size());
        } catch (TopicProvisioningException e) { // TopicMisconfiguredException too: its message names each fix
            throw new ConnectException("piwigo-sink: " + e.getMessage(), e);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PiwigoSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return ConnectorSettings.taskConfigs(props, maxTasks);
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return ConnectorSettings.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectorSettings.validate(connectorConfigs, super.validate(connectorConfigs));
    }
}
