package dev.photopipe.cli.config;

import dev.photopipe.schemas.config.KafkaClientSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Merges the three layers of configuration, each overriding the previous one: the file
 * ({@code --config}, YAML or properties), the environment ({@code PHOTOPIPE_} + upper-snake key)
 * and flags. Then validates the result against the {@code ConfigDef}s of the sections the command
 * runs and reports every problem at once, so that a user fixes them in one round.
 *
 * <p>Keys are checked against every known section, not only the ones validated: one file serves
 * all services, and a misspelt key is an error rather than a silently ignored line.
 */
public final class ConfigLoader {
    private final List<ConfigSection> sections;
    private final Set<String> knownKeys = new LinkedHashSet<>();
    private final Set<String> secretKeys = new LinkedHashSet<>();

    /** @param sections every section photopipe knows, for unknown-key checks and masking */
    public ConfigLoader(List<ConfigSection> sections) {
        this.sections = List.copyOf(sections);
        for (ConfigSection section : sections) {
            section.definition().configKeys().forEach((key, def) -> {
                knownKeys.add(key);
                if (def.type == ConfigDef.Type.PASSWORD) {
                    secretKeys.add(key);
                }
            });
        }
        // kafka.* settings Kafka itself types as passwords (sasl.jaas.config, ssl.*.password, PEM keys).
        secretKeys.addAll(KafkaClientSettings.secretSettings());
    }

    /**
     * @param file the configuration file, or null for none
     * @param environment the process environment; only {@code PHOTOPIPE_*} variables are read
     * @param flags settings given on the command line, source {@link ConfigSource#FLAG}
     * @param validated the sections the command will run; their values are parsed and checked
     * @throws InvalidConfigException listing every problem found
     */
    public EffectiveConfig load(Path file, Map<String, String> environment, List<Setting> flags,
                                List<ConfigSection> validated) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Setting> merged = new LinkedHashMap<>();

        if (file != null) {
            try {
                ConfigFileReader.read(file).forEach((key, value) -> {
                    if (accepted(key)) {
                        merged.put(key, new Setting(key, value, ConfigSource.FILE, file.toString()));
                    } else {
                        problems.add(unknown(key, "in file " + file, "remove the line from " + file));
                    }
                });
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        }

        Map<String, String> envToKey = new LinkedHashMap<>();
        knownKeys.forEach(key -> envToKey.put(EnvironmentNames.of(key), key));
        // Kafka's client names have only dots, so PHOTOPIPE_KAFKA_SASL_JAAS_CONFIG maps back to one
        // key: the known names are the dictionary, no guessing where an underscore was a dot.
        KafkaClientSettings.clientSettings().forEach(key -> envToKey.putIfAbsent(EnvironmentNames.of(key), key));
        environment.entrySet().stream()
                .filter(e -> e.getKey().startsWith(EnvironmentNames.PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String key = envToKey.get(e.getKey());
                    if (key != null) {
                        merged.put(key, new Setting(key, e.getValue(), ConfigSource.ENVIRONMENT, e.getKey()));
                    } else {
                        problems.add(new ConfigProblem(e.getKey(), "environment variable names no photopipe setting",
                                "unset it, or use " + nearest(envToKey.keySet(), e.getKey())
                                        .map(n -> "'" + n + "'").orElse("PHOTOPIPE_ + the upper-snake setting name")));
                    }
                });

        for (Setting flag : flags) {
            if (accepted(flag.key())) {
                merged.put(flag.key(), flag);
            } else {
                problems.add(unknown(flag.key(), "given by " + flag.origin(), "drop the flag"));
            }
        }

        EffectiveConfig config = new EffectiveConfig(merged, secretKeys);
        problems.addAll(validateKafkaClientSettings(config));
        problems.addAll(validate(config, validated));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return config;
    }

    /** A photopipe setting, or a Kafka client setting under {@code kafka.}. */
    private boolean accepted(String key) {
        return knownKeys.contains(key) || KafkaClientSettings.isClientSetting(key);
    }

    /** Whatever command runs: every command creates Kafka clients, and they all get these. */
    private static List<ConfigProblem> validateKafkaClientSettings(EffectiveConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (KafkaClientSettings.Problem problem : KafkaClientSettings.problems(config.values())) {
            String key = problem.key();
            Optional<Setting> setting = config.setting(key);
            String origin = setting.map(s -> " (from " + s.describeOrigin() + ")").orElse("");
            problems.add(new ConfigProblem(key, masked(config, key, setting, problem.message()) + origin,
                    problem.fix()));
        }
        return problems;
    }

    /** Every key of every section. */
    public Set<String> knownKeys() {
        return Set.copyOf(knownKeys);
    }

    public List<ConfigSection> sections() {
        return sections;
    }

    private List<ConfigProblem> validate(EffectiveConfig config, List<ConfigSection> validated) {
        Map<String, String> values = config.values();
        // Sections share keys (bootstrap.servers), and Kafka may report a bad value twice (parse,
        // then validator): the first error per key is the one to fix.
        Map<String, ConfigProblem> problems = new LinkedHashMap<>();
        for (ConfigSection section : validated) {
            ConfigDef def = section.definition();
            for (ConfigValue value : def.validateAll(values).values()) {
                for (String error : value.errorMessages()) {
                    String key = value.name();
                    Optional<Setting> setting = config.setting(key);
                    String shown = setting.map(s -> " = \"" + config.printable(key, s.value()) + "\" (from "
                            + s.describeOrigin() + ")").orElse("");
                    String message = key + shown + ": " + masked(config, key, setting, error);
                    problems.putIfAbsent(key, new ConfigProblem(key, message, fix(def, key, setting)));
                }
            }
        }
        return new ArrayList<>(problems.values());
    }

    /** Kafka quotes the bad value in its message: keep secrets out of it. */
    private static String masked(EffectiveConfig config, String key, Optional<Setting> setting, String error) {
        if (setting.isEmpty() || !config.isSecret(key) || setting.get().value().isEmpty()) {
            return error;
        }
        return error.replace(setting.get().value(), EffectiveConfig.MASK);
    }

    private static String fix(ConfigDef def, String key, Optional<Setting> setting) {
        ConfigDef.ConfigKey configKey = def.configKeys().get(key);
        String valid = configKey.validator == null ? "a " + configKey.type.name().toLowerCase(Locale.ROOT)
                : configKey.validator.toString();
        String where = setting.map(s -> "change it in " + s.describeOrigin())
                .orElse("set it in the config file, as " + EnvironmentNames.of(key) + " or with --set " + key + "=VALUE");
        return where + "; valid values: " + valid;
    }

    private ConfigProblem unknown(String key, String where, String remove) {
        Set<String> candidates = new LinkedHashSet<>(knownKeys);
        if (key.startsWith(KafkaClientSettings.PREFIX)) {
            candidates.addAll(KafkaClientSettings.clientSettings());
        }
        String what = key.startsWith(KafkaClientSettings.PREFIX)
                ? "unknown setting (not a Kafka producer, consumer or admin client setting) " : "unknown setting ";
        return new ConfigProblem(key, what + where,
                nearest(candidates, key).map(n -> "did you mean '" + n + "'? Otherwise " + remove)
                        .orElse(remove + "; 'photopipe config docs' lists every setting"));
    }

    /** The closest name within 3 edits, to catch typos. */
    private static Optional<String> nearest(Set<String> candidates, String name) {
        return candidates.stream()
                .map(c -> Map.entry(c, distance(c, name)))
                .filter(e -> e.getValue() <= 3)
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
