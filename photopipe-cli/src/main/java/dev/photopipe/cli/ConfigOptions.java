package dev.photopipe.cli;

import dev.photopipe.cli.config.ConfigLoader;
import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.cli.config.ConfigSource;
import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.config.Setting;
import dev.photopipe.schemas.config.CommonConfigs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options every command shares (a picocli mixin). */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file, YAML (*.yaml, *.yml) or properties (*.properties).")
    Path file;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka to use. For `run`: given (here, in the file or as PHOTOPIPE_BOOTSTRAP_SERVERS), "
                    + "no embedded broker is started.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry; default none (Avro single-object encoding).")
    String schemaRegistryUrl;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any setting (repeatable), e.g. --set topics.partitions=12. See `photopipe config docs`.")
    Map<String, String> set = new LinkedHashMap<>();

    /**
     * Loads file, environment and flags, validating the settings of {@code validated}.
     *
     * @param extraFlags flags of the calling command, as settings
     */
    EffectiveConfig load(Map<String, String> environment, List<ConfigSection> validated, List<Setting> extraFlags) {
        List<Setting> flags = new ArrayList<>();
        set.forEach((key, value) -> flags.add(new Setting(key, value, ConfigSource.FLAG, "--set " + key)));
        flag(flags, CommonConfigs.BOOTSTRAP_SERVERS, bootstrapServers, "--bootstrap-servers");
        flag(flags, CommonConfigs.SCHEMA_REGISTRY_URL, schemaRegistryUrl, "--schema-registry-url");
        flags.addAll(extraFlags);
        return new ConfigLoader(CommandConfig.allSections()).load(file, environment, flags, validated);
    }

    /** Adds {@code value} as a flag setting when the flag was given. */
    static void flag(List<Setting> flags, String key, Object value, String flag) {
        if (value != null) {
            flags.add(new Setting(key, String.valueOf(value), ConfigSource.FLAG, flag));
        }
    }
}
