package dev.photopipe.cli;

import dev.photopipe.cli.config.ConfigDocs;
import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.config.Setting;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code photopipe config show|docs}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Shows and documents the configuration.")
final class ConfigCommand {

    /** Prints every setting with its effective value and where it came from; secrets masked. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the effective configuration (file < environment < flags), secrets masked.")
    static final class Show extends ConfiguredCommand {
        Show(Map<String, String> environment) {
            super(environment);
        }

        @Override
        public Integer call() {
            List<ConfigSection> sections = CommandConfig.allSections();
            EffectiveConfig config = loadConfig(sections, List.of());
            PrintWriter out = out();
            out.println(render(config, sections));
            out.flush();
            return ExitCodes.OK;
        }

        static String render(EffectiveConfig config, List<ConfigSection> sections) {
            // A key shared by several services is shown once, with the first declaration's default.
            Map<String, ConfigKey> keys = new LinkedHashMap<>();
            for (ConfigSection section : sections) {
                section.definition().configKeys().forEach(keys::putIfAbsent);
            }
            // Settings no ConfigDef declares (the kafka.* client settings) follow, as given.
            List<Setting> extra = config.settings().values().stream().filter(s -> !keys.containsKey(s.key())).toList();
            int width = Stream.concat(keys.keySet().stream(), extra.stream().map(Setting::key))
                    .mapToInt(String::length).max().orElse(10);
            return Stream.concat(keys.values().stream().map(key -> {
                String value;
                String source;
                Setting setting = config.setting(key.name).orElse(null);
                if (setting != null) {
                    value = setting.value();
                    source = setting.describeOrigin();
                } else {
                    value = defaultText(key);
                    source = "default";
                }
                return String.format("%-" + width + "s = %s   (%s)", key.name, config.printable(key.name, value), source);
            }), extra.stream().map(setting -> String.format("%-" + width + "s = %s   (%s)", setting.key(),
                    config.printable(setting.key(), setting.value()), setting.describeOrigin())))
                    .collect(Collectors.joining("\n"));
        }

        private static String defaultText(ConfigKey key) {
            if (!key.hasDefault()) {
                return "<required, not set>";
            }
            if (key.defaultValue == null) {
                return "";
            }
            if (key.type == ConfigDef.Type.LIST && key.defaultValue instanceof List<?> list) {
                return list.stream().map(String::valueOf).collect(Collectors.joining(","));
            }
            return String.valueOf(key.defaultValue);
        }
    }

    /** Prints the Markdown configuration reference, or rewrites it in the README. */
    @Command(name = "docs", mixinStandardHelpOptions = true,
            description = "Prints the configuration reference (Markdown) generated from every service's ConfigDef.")
    static final class Docs implements Callable<Integer> {
        @Option(names = "--update-readme", paramLabel = "FILE",
                description = "Rewrite the reference between the config-docs markers of FILE instead of printing it.")
        Path readme;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String markdown = ConfigDocs.markdown(CommandConfig.allSections());
            PrintWriter out = spec.commandLine().getOut();
            if (readme == null) {
                out.print(markdown);
            } else {
                String document = Files.readString(readme, StandardCharsets.UTF_8);
                Files.writeString(readme, ConfigDocs.replaceBetween(document, markdown), StandardCharsets.UTF_8);
                out.println("Updated the configuration reference in " + readme);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
