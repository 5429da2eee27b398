package dev.photopipe.schemas.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Extra settings for every Kafka client photopipe creates, declared once: each setting
 * {@code kafka.X} is passed as {@code X} to every producer, consumer, admin client and Kafka
 * Streams instance, e.g. {@code kafka.security.protocol=SASL_SSL} or {@code kafka.sasl.jaas.config}.
 * This is how a secured cluster (TLS, SASL) is reached; Kafka's own {@code StreamsConfig.producerPrefix}
 * and {@code AbstractConfig.originalsWithPrefix} work the same way.
 *
 * <p>Accepted names are those of Kafka's producer, consumer and admin client {@link ConfigDef}s,
 * and values are checked by them, so a typo fails at start instead of being ignored by a client.
 *
 * <p>Settings photopipe's guarantees rest on ({@link #reserved()}: acks, idempotence, isolation
 * level, offset commits, groups, serializers, ...) are <em>rejected</em> rather than silently
 * overridden: a user who sets {@code kafka.acks=1} believes it is in force, and a rejected value
 * says otherwise at once. Other settings photopipe tunes for one client (the ledger reader's
 * {@code fetch.max.wait.ms}, the health check's timeouts) keep photopipe's value on that client.
 */
public final class KafkaClientSettings {
    public static final String PREFIX = "kafka.";

    /**
     * photopipe's own settings under the prefix, older than it: {@code kafka.port} is the
     * embedded broker's port, not a client setting (no Kafka client has a {@code port}).
     */
    public static final Set<String> NOT_CLIENT_SETTINGS = Set.of("kafka.port");

    private static final ConfigDef CLIENT_CONFIG_DEF = clientConfigDef();

    /** Client settings photopipe sets itself for correctness, each with the reason given to the user. */
    private static final Map<String, String> RESERVED = reservedSettings();

    private KafkaClientSettings() {
    }

    /** One thing wrong with a {@code kafka.*} setting. */
    public record Problem(String key, String message, String fix) {
    }

    /**
     * The client settings in {@code originals} (a service's configuration), prefix stripped,
     * ready to be put into a client's properties <em>before</em> photopipe's own.
     *
     * @throws ConfigException naming every unknown, reserved or invalid {@code kafka.*} setting
     */
    public static Map<String, Object> from(Map<String, ?> originals) {
        List<Problem> problems = problems(originals);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> p.message() + " (" + p.fix() + ")")
                    .collect(Collectors.joining("; ")));
        }
        return Collections.unmodifiableMap(stripped(originals));
    }

    /** Every problem of the {@code kafka.*} settings in {@code originals}; empty when they are usable. */
    public static List<Problem> problems(Map<String, ?> originals) {
        List<Problem> problems = new ArrayList<>();
        stripped(originals).forEach((name, value) -> {
            String key = PREFIX + name;
            ConfigDef.ConfigKey def = CLIENT_CONFIG_DEF.configKeys().get(name);
            if (def == null) {
                problems.add(new Problem(key, key + " is not a Kafka producer, consumer or admin client setting",
                        "remove it; the names are those of Kafka's client documentation, after '" + PREFIX + "'"));
            } else if (RESERVED.containsKey(name)) {
                problems.add(new Problem(key, key + " cannot be changed: " + RESERVED.get(name),
                        "remove it"));
            } else {
                try {
                    Object parsed = ConfigDef.parseType(name, value, def.type);
                    if (def.validator != null) {
                        def.validator.ensureValid(name, parsed);
                    }
                } catch (ConfigException e) {
                    problems.add(new Problem(key, key + ": " + e.getMessage(),
                            "valid values: " + (def.validator == null ? "a " + def.type.name().toLowerCase(Locale.ROOT)
                                    : def.validator.toString())));
                }
            }
        });
        return problems;
    }

    /** Whether {@code key} names a Kafka client setting, e.g. {@code kafka.sasl.mechanism} (reserved ones included). */
    public static boolean isClientSetting(String key) {
        return key.startsWith(PREFIX) && !NOT_CLIENT_SETTINGS.contains(key)
                && CLIENT_CONFIG_DEF.configKeys().containsKey(key.substring(PREFIX.length()));
    }

    /** Every {@code kafka.*} name accepted or reserved, for suggestions and environment variable names. */
    public static Set<String> clientSettings() {
        return CLIENT_CONFIG_DEF.configKeys().keySet().stream().map(name -> PREFIX + name)
                .filter(key -> !NOT_CLIENT_SETTINGS.contains(key))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The {@code kafka.*} settings Kafka types as passwords ({@code sasl.jaas.config},
     * {@code ssl.keystore.password}, PEM keys, ...): Kafka prints them as {@code [hidden]} in its
     * own config log, and photopipe must not print them either.
     */
    public static Set<String> secretSettings() {
        return CLIENT_CONFIG_DEF.configKeys().values().stream()
                .filter(def -> def.type == ConfigDef.Type.PASSWORD)
                .map(def -> PREFIX + def.name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Client setting name (without prefix) → why photopipe does not let it be changed. */
    public static Map<String, String> reserved() {
        return RESERVED;
    }

    private static Map<String, Object> stripped(Map<String, ?> originals) {
        Map<String, Object> settings = new TreeMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && !NOT_CLIENT_SETTINGS.contains(key)) {
                settings.put(key.substring(PREFIX.length()), value);
            }
        });
        return settings;
    }

    private static ConfigDef clientConfigDef() {
        ConfigDef def = new ConfigDef();
        // A name in several clients (security, timeouts) has the same type in each: the first wins.
        for (ConfigDef client : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef())) {
            client.configKeys().values().forEach(key -> {
                if (!def.configKeys().containsKey(key.name)) {
                    def.define(key);
                }
            });
        }
        return def;
    }

    private static Map<String, String> reservedSettings() {
        Map<String, String> reserved = new LinkedHashMap<>();
        reserved.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "it is photopipe's setting bootstrap.servers; set that");
        reserved.put(ProducerConfig.CLIENT_ID_CONFIG,
                "photopipe names each client itself (broker logs, metrics, photopipe status)");
        reserved.put(ProducerConfig.ACKS_CONFIG,
                "photopipe's producers use acks=all so that no acknowledged photo, request or ledger entry is lost");
        reserved.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "photopipe's producers are idempotent so that a retried send is never written twice");
        reserved.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "enrich-stream's transactions are managed by Kafka Streams (processing.guarantee)");
        reserved.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "photopipe reads only committed records (read_committed): an aborted request is no request");
        reserved.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "photopipe commits offsets itself, only after the work of a record is done");
        reserved.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "photopipe reads new topics from the earliest offset so that no photo is skipped");
        reserved.put(ConsumerConfig.GROUP_ID_CONFIG, "set sink.group.id or enrich.application.id instead");
        reserved.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                "one value shared by all of photopipe's consumers would fence them from each other");
        reserved.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "photopipe's records need photopipe's serializers");
        reserved.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "photopipe's records need photopipe's serializers");
        reserved.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "photopipe's records need photopipe's deserializers");
        reserved.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "photopipe's records need photopipe's deserializers");
        return Collections.unmodifiableMap(reserved);
    }
}
