package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.cameras.CamerasFile;
import dev.photopipe.enrich.reference.FileProblem;
import dev.photopipe.enrich.reference.InvalidFileException;
import dev.photopipe.enrich.reference.ReferenceTopic;
import dev.photopipe.enrich.rules.RulesFile;
import dev.photopipe.schemas.Camera;
import dev.photopipe.schemas.RoutingRule;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code photopipe rules load|list} and {@code photopipe cameras load|list}: reference data kept
 * as files in version control and published to their compacted topics. Loading validates the
 * whole file first (every problem with file and line), then writes only what changed and
 * tombstones what the file no longer has; enrich-stream applies it without a restart.
 */
final class ReferenceDataCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ReferenceDataCommand() {
    }

    /** What differs between rules and cameras. */
    enum Kind {
        RULES("rules", PhotopipeTopic.ROUTING_RULES, RoutingRule.class, RulesFile::load,
                value -> {
                    RoutingRule rule = (RoutingRule) value;
                    return "priority " + rule.getPriority() + (rule.getEnabled() ? "" : " (disabled)")
                            + "  album " + rule.getAlbumPathTemplate() + "  tags " + rule.getTagTemplates();
                }),
        CAMERAS("cameras", PhotopipeTopic.CAMERAS, Camera.class, CamerasFile::load,
                value -> {
                    Camera camera = (Camera) value;
                    return "site " + camera.getSite() + "  line " + camera.getLine() + "  station " + camera.getStation()
                            + "  default album " + camera.getDefaultAlbumPath();
                });

        final String noun;
        final PhotopipeTopic topic;
        final Class<? extends SpecificRecord> type;
        final Loader loader;
        final Function<Object, String> describe;

        Kind(String noun, PhotopipeTopic topic, Class<? extends SpecificRecord> type, Loader loader,
             Function<Object, String> describe) {
            this.noun = noun;
            this.topic = topic;
            this.type = type;
            this.loader = loader;
            this.describe = describe;
        }
    }

    /** Reads and validates a file into records by key. */
    @FunctionalInterface
    interface Loader {
        Map<String, ? extends SpecificRecord> load(Path file) throws Exception;
    }

    /** The parent command, {@code photopipe rules} or {@code photopipe cameras}. */
    @Command(mixinStandardHelpOptions = true, description = "Reference data enrich-stream routes with.")
    static final class Group implements Runnable {
        @Override
        public void run() {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "Missing command: load or list");
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Validates FILE and publishes it: new and changed entries written, removed ones tombstoned.")
    static final class Load extends ConfiguredCommand {
        private final Kind kind;

        @Parameters(index = "0", paramLabel = "FILE", description = "YAML (rules, cameras) or CSV (cameras) file.")
        Path file;

        Load(Kind kind, Map<String, String> environment) {
            super(environment);
            this.kind = kind;
        }

        @Override
        public Integer call() throws Exception {
            Map<String, ? extends SpecificRecord> wanted;
            try {
                wanted = kind.loader.load(file);
            } catch (InvalidFileException e) {
                for (FileProblem problem : e.problems()) {
                    out().println(problem);
                }
                out().println(e.problems().size() + " problem(s) in " + file + "; nothing was published.");
                return ExitCodes.CONFIG;
            }
            EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.ENRICH.section()), List.of());
            Pipeline.provisionTopics(config);
            out().println(publish(kind, file, wanted, config));
            return ExitCodes.OK;
        }

        /**
         * Publishes {@code wanted}, read from {@code file}, to the kind's topic on the configured
         * cluster (whose topics must exist), and says what changed.
         */
        static String publish(Kind kind, Path file, Map<String, ? extends SpecificRecord> wanted, EffectiveConfig config)
                throws Exception {
            EnrichConfig enrich = new EnrichConfig(config.values());
            String topic = enrich.topics().name(kind.topic);
            ReferenceTopic.SyncResult result = sync(kind, enrich, topic, wanted);
            return String.format("%s from %s -> %s: %d created %s, %d updated %s, %d removed %s, %d unchanged", kind.noun,
                    file, topic, result.created().size(), result.created(), result.updated().size(), result.updated(),
                    result.deleted().size(), result.deleted(), result.unchanged().size());
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static <V extends SpecificRecord> ReferenceTopic.SyncResult sync(Kind kind, EnrichConfig enrich, String topic,
                Map<String, ? extends SpecificRecord> wanted) throws Exception {
            Class<V> type = (Class<V>) kind.type;
            Map<String, Object> props = new HashMap<>(enrich.kafkaClientSettings());
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", enrich.getList("bootstrap.servers")));
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, V> producer = new KafkaProducer<>(props, new StringSerializer(),
                    AvroSerdes.forClass(type, enrich.originals()).serializer());
                    KafkaConsumer<String, V> consumer = consumer(enrich, type)) {
                return ReferenceTopic.sync(producer, topic, (Map) wanted, ReferenceTopic.readAll(consumer, topic, TIMEOUT), TIMEOUT);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints what is live on the topic.")
    static final class ListLive extends ConfiguredCommand {
        private final Kind kind;

        ListLive(Kind kind, Map<String, String> environment) {
            super(environment);
            this.kind = kind;
        }

        @Override
        public Integer call() throws Exception {
            EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION, ServiceKind.ENRICH.section()), List.of());
            EnrichConfig enrich = new EnrichConfig(config.values());
            String topic = enrich.topics().name(kind.topic);
            try (KafkaConsumer<String, ? extends SpecificRecord> consumer = consumer(enrich, kind.type)) {
                Map<String, ?> live = new TreeMap<>(ReferenceTopic.readAll(consumer, topic, TIMEOUT));
                live.forEach((key, value) -> out().println(key + "  " + kind.describe.apply(value)));
                out().println(live.size() + " " + kind.noun + " live on " + topic);
            }
            return ExitCodes.OK;
        }
    }

    private static <V extends SpecificRecord> KafkaConsumer<String, V> consumer(EnrichConfig enrich, Class<V> type) {
        // No group: the whole compacted topic is read from the start, nothing is committed.
        Map<String, Object> props = new HashMap<>(enrich.kafkaClientSettings());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", enrich.getList("bootstrap.servers")));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), AvroSerdes.forClass(type, enrich.originals()).deserializer());
    }
}
