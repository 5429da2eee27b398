package dev.photopipe.sink.connect;

import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.sink.SinkCore;
import dev.photopipe.sink.config.SinkConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The connector's settings: the standalone sink's own ({@link SinkConfig#CONFIG_DEF}, declared
 * there once and reused here), less those Kafka Connect owns, plus the rules a connector
 * configuration must follow on top of Connect's own (converters, one topic). Stateless.
 */
final class ConnectorSettings {
    /** The converter that hands photopipe's records over as the bytes they are. */
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** Connect's converter settings of a connector (ConnectorConfig's names). */
    static final List<String> CONVERTERS = List.of("key.converter", "value.converter", "header.converter");
    /** Connect's {@code errors.tolerance} (none or all). */
    static final String ERRORS_TOLERANCE = "errors.tolerance";
    /** The connector's name, as Connect passes it in the connector's configuration. */
    static final String NAME = "name";

    /** SinkConfig's settings that do not apply under Connect, and why. */
    static final Map<String, String> NOT_UNDER_CONNECT = Map.of(
            SinkConfig.SINK_GROUP_ID, "Connect names the consumer group connect-<connector name>",
            SinkConfig.SINK_STALL_TIMEOUT_MS,
            "the readiness check of photopipe's own process; Connect reports each task's state instead");

    static final ConfigDef CONFIG_DEF = configDef();

    private ConnectorSettings() {
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        SinkConfig.CONFIG_DEF.configKeys().values().stream()
                .filter(key -> !NOT_UNDER_CONNECT.containsKey(key.name))
                .forEach(def::define);
        return def;
    }

    /**
     * Adds what Connect's per-setting validation ({@code fieldLevel}, from {@link #CONFIG_DEF})
     * cannot see: settings required here, the converters, the one topic, the {@code kafka.*}
     * client settings, the sink's cross-field rules and, when all else is right, whether Piwigo
     * accepts the credentials. Each problem is reported under the setting to change.
     */
    static Config validate(Map<String, String> props, Config fieldLevel) {
        Map<String, ConfigValue> values = fieldLevel.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<ConfigValue> others = new ArrayList<>();
        String bootstrap = props.get(CommonConfigs.BOOTSTRAP_SERVERS);
        if (bootstrap == null || bootstrap.isBlank()) {
            values.get(CommonConfigs.BOOTSTRAP_SERVERS).addErrorMessage("Set " + CommonConfigs.BOOTSTRAP_SERVERS
                    + " to the Kafka cluster of the ledger topic, usually the worker's own bootstrap.servers: "
                    + "the tasks read and write the ledger with their own clients");
        }
        for (String converter : CONVERTERS) {
            if (!BYTE_ARRAY_CONVERTER.equals(props.get(converter))) {
                // No value in the answer: Connect prints a converter setting's value as a class.
                others.add(error(converter, null, "Set " + converter + "=" + BYTE_ARRAY_CONVERTER
                        + " in the connector's configuration (" + (props.containsKey(converter) ? "not "
                        + props.get(converter) : "not the worker's default") + "): piwigo-sink decodes photopipe's "
                        + "records itself (Avro, schema registry or not) and dead-letters them byte for byte"));
            }
        }
        for (KafkaClientSettings.Problem problem : KafkaClientSettings.problems(props)) {
            others.add(error(problem.key(), props.get(problem.key()), problem.message() + " (" + problem.fix() + ")"));
        }
        if (noErrors(values.values())) {
            crossField(props, values);
        }
        if (noErrors(values.values())) {
            topics(props, values, others);
        }
        if (noErrors(values.values()) && noErrors(others)) {
            credentials(props, values);
        }
        List<ConfigValue> all = new ArrayList<>(values.values());
        all.addAll(others);
        return new Config(all);
    }

    private static void crossField(Map<String, String> props, Map<String, ConfigValue> values) {
        try {
            SinkConfig.crossFieldProblems(props).forEach((setting, message) -> values.get(setting).addErrorMessage(message));
        } catch (UncheckedIOException e) {
            String file = e.getMessage().contains(SinkConfig.PIWIGO_API_KEY_FILE) ? SinkConfig.PIWIGO_API_KEY_FILE
                    : SinkConfig.PIWIGO_PASSWORD_FILE;
            values.get(file).addErrorMessage(e.getMessage() + ": " + e.getCause().getMessage()
                    + " (the file must be readable by the Connect worker)");
        }
    }

    /** One upload request topic, the one the ledger of {@code topics.prefix} is co-partitioned with. */
    private static void topics(Map<String, String> props, Map<String, ConfigValue> values, List<ConfigValue> others) {
        String expected = catalog(values).name(PhotopipeTopic.UPLOAD_REQUESTS);
        String regex = props.get(SinkTask.TOPICS_REGEX_CONFIG);
        if (regex != null && !regex.isBlank()) {
            others.add(error(SinkTask.TOPICS_REGEX_CONFIG, regex, "Remove " + SinkTask.TOPICS_REGEX_CONFIG
                    + " and set " + SinkConnector.TOPICS_CONFIG + "=" + expected));
            return;
        }
        String topics = props.getOrDefault(SinkConnector.TOPICS_CONFIG, "").strip();
        if (!topics.equals(expected)) {
            others.add(error(SinkConnector.TOPICS_CONFIG, null, "Set " + SinkConnector.TOPICS_CONFIG + "="
                    + expected + " (not '" + topics + "'): the upload requests of " + TopicConfigs.TOPICS_PREFIX + "='"
                    + values.get(TopicConfigs.TOPICS_PREFIX).value() + "', whose partitions the ledger "
                    + catalog(values).name(PhotopipeTopic.SINK_LEDGER) + " mirrors (one topic only)"));
        }
    }

    private static void credentials(Map<String, String> props, Map<String, ConfigValue> values) {
        try {
            SinkCore.checkCredentials(new SinkConfig(props));
        } catch (ConfigException e) {
            boolean key = !props.getOrDefault(SinkConfig.PIWIGO_API_KEY, "").isBlank()
                    || !props.getOrDefault(SinkConfig.PIWIGO_API_KEY_FILE, "").isBlank();
            values.get(key ? SinkConfig.PIWIGO_API_KEY : SinkConfig.PIWIGO_PASSWORD).addErrorMessage(e.getMessage());
        }
    }

    private static TopicCatalog catalog(Map<String, ConfigValue> values) {
        return TopicCatalog.of((String) values.get(TopicConfigs.TOPICS_PREFIX).value(),
                (Integer) values.get(TopicConfigs.TOPICS_PARTITIONS).value(),
                (Short) values.get(TopicConfigs.TOPICS_REPLICATION_FACTOR).value());
    }

    private static boolean noErrors(Iterable<ConfigValue> values) {
        for (ConfigValue value : values) {
            if (!value.errorMessages().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** @param value null for a setting of Connect's own: Connect prints the value in its type (a class, a list). */
    private static ConfigValue error(String name, Object value, String message) {
        return new ConfigValue(name, value, List.of(), new ArrayList<>(List.of(message)));
    }

    /**
     * The configurations of {@code maxTasks} tasks: the connector's, each task with its own ledger
     * store under {@code sink.state.dir} ({@code <dir>/<connector name>/task-<n>}; a store is locked
     * by its user) and its own spool under {@code sink.spool.dir} (same layout; a task empties its
     * spool when it starts): the tasks of one worker share its disk.
     */
    static List<Map<String, String>> taskConfigs(Map<String, String> props, int maxTasks) {
        String connector = props.getOrDefault(NAME, "piwigo-sink").replaceAll("[^A-Za-z0-9_-]", "_");
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> config = new HashMap<>(props);
            for (String dir : List.of(SinkConfig.SINK_STATE_DIR, SinkConfig.SINK_SPOOL_DIR)) {
                config.put(dir, taskDir(props, dir, connector, task));
            }
            configs.add(config);
        }
        return configs;
    }

    private static String taskDir(Map<String, String> props, String setting, String connector, int task) {
        Path base = Path.of(props.getOrDefault(setting,
                (String) SinkConfig.CONFIG_DEF.configKeys().get(setting).defaultValue));
        return base.resolve(connector).resolve("task-" + task).toString();
    }

    /** Whether Connect tolerates failed records ({@code errors.tolerance=all}): then one without a dead-letter queue is skipped. */
    static boolean toleratesAll(Map<String, String> props) {
        return "all".equals(props.getOrDefault(ERRORS_TOLERANCE, "none").strip().toLowerCase(Locale.ROOT));
    }
}
