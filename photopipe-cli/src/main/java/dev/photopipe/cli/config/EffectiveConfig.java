package dev.photopipe.cli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration after merging file, environment and flags: every explicitly set value with
 * where it came from. Defaults are not stored here: each service's {@code ConfigDef} applies its
 * own. Immutable.
 */
public final class EffectiveConfig {
    static final String MASK = "[hidden]";

    private final Map<String, Setting> settings;
    private final Set<String> secretKeys;

    EffectiveConfig(Map<String, Setting> settings, Set<String> secretKeys) {
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.secretKeys = Set.copyOf(secretKeys);
    }

    /** Raw values of every explicitly set key, the input of a service's {@code AbstractConfig}. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        settings.forEach((key, setting) -> values.put(key, setting.value()));
        return values;
    }

    public Optional<Setting> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public boolean isSet(String key) {
        return settings.containsKey(key);
    }

    /** Every explicit setting, in the order keys were first seen. */
    public Map<String, Setting> settings() {
        return settings;
    }

    /** A copy with {@code key} set by photopipe itself, e.g. to the embedded broker's address. */
    public EffectiveConfig with(String key, String value, String origin) {
        Map<String, Setting> copy = new LinkedHashMap<>(settings);
        copy.put(key, new Setting(key, value, ConfigSource.RUNTIME, origin));
        return new EffectiveConfig(copy, secretKeys);
    }

    /** True for passwords and anything named like a secret: never print its value. */
    public boolean isSecret(String key) {
        return secretKeys.contains(key) || SecretNames.looksSecret(key);
    }

    /** The value as it may appear in logs and output: secrets replaced by {@value #MASK}. */
    public String printable(String key, String value) {
        return isSecret(key) && value != null && !value.isEmpty() ? MASK : value;
    }
}
