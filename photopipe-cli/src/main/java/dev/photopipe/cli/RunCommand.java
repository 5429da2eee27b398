package dev.photopipe.cli;

import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.config.Setting;
import dev.photopipe.cli.runtime.DataDirLock;
import dev.photopipe.cli.runtime.RunningParts;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.cli.runtime.ShutdownSignal;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.expiry.ExpiryConfig;
import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.store.StoreConfigs;
import dev.photopipe.observability.Observability;
import dev.photopipe.ops.views.ViewsConfig;
import dev.photopipe.kafka.embedded.EmbeddedKafkaBroker;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.schemas.config.CommonConfigs;
import dev.photopipe.schemas.config.KafkaClientSettings;
import dev.photopipe.sink.config.SinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code photopipe run}: the whole pipeline in one process. Starts an embedded broker unless a
 * cluster is configured, provisions the topics, starts ingest, enrich, sink and expiry, and on
 * SIGTERM/Ctrl-C stops them in reverse order, then the broker.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs ingest, enrich, sink and the expiry service in one process.",
            "Without bootstrap.servers it starts an embedded Kafka broker whose data (topics, offsets) "
                    + "stays in --data-dir across restarts. Stops cleanly on SIGTERM or Ctrl-C."})
final class RunCommand extends ConfiguredCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded broker data directory (default ./data).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Embedded broker port (default 9092; 0 = a free one).")
    Integer kafkaPort;

    /** Told what is set up before the services start; {@link DemoCommand} starts its simulator there. */
    private final Consumer<Pipeline.Observed> onObserved;

    RunCommand(Map<String, String> environment) {
        this(environment, observed -> { });
    }

    RunCommand(Map<String, String> environment, Consumer<Pipeline.Observed> onObserved) {
        super(environment);
        this.onObserved = onObserved;
    }

    @Override
    public Integer call() throws Exception {
        List<ConfigSection> sections = CommandConfig.allSections();
        List<Setting> flags = new ArrayList<>();
        ConfigOptions.flag(flags, CommandConfig.DATA_DIR, dataDir, "--data-dir");
        ConfigOptions.flag(flags, CommandConfig.KAFKA_PORT, kafkaPort, "--kafka-port");
        EffectiveConfig config = loadConfig(sections, flags);
        refuseSecuredClientsOnTheEmbeddedBroker(config);

        ShutdownSignal signal = ShutdownSignal.install(Pipeline.STOP_TIMEOUT);
        long started = System.nanoTime();
        try (RunningParts parts = new RunningParts()) {
            config = stateUnderDataDir(config);
            if (!config.isSet(SinkConfig.PIWIGO_URL)) {
                config = startEmulator(config, parts);
            }
            config = connectKafka(config, parts);
            LOG.info("Schema registry: {}", config.setting(CommonConfigs.SCHEMA_REGISTRY_URL)
                    .map(s -> s.value().isEmpty() ? null : s.value())
                    .orElse("none (records use Avro single-object encoding)"));
            Pipeline.provisionTopics(config);
            Observability observability = Pipeline.observe(config, parts, onObserved);
            for (ServiceKind kind : ServiceKind.values()) {
                if (signal.isRequested()) {
                    break;
                }
                parts.start(kind.create(config.values(), observability));
            }
            if (!signal.isRequested()) {
                LOG.info("photopipe is running: ingest-producer, enrich-stream, piwigo-sink and expiry-stream "
                        + "on Kafka {}; ready after {} ms. Press Ctrl-C to stop.",
                        new CommandConfig(config.values()).bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
            }
            return Pipeline.serveUntilStopped(parts, signal, true);
        } finally {
            // Also after a failed start: a fallback shutdown hook must not wait for a stop that is done.
            signal.stopped();
        }
    }

    /**
     * In one process, ingest (photos, checkpoints and, unless hot folders are configured, a hot
     * folder), enrich (its state stores), the sink (its ledger store) and the views keep their state under the
     * data directory, so that one directory holds the whole pipeline's state.
     */
    private static EffectiveConfig stateUnderDataDir(EffectiveConfig config) throws IOException {
        Path dir = new CommandConfig(config.values()).dataDir().toAbsolutePath().normalize();
        String origin = "under --data-dir";
        if (!config.isSet(StoreConfigs.DIR)) {
            config = config.with(StoreConfigs.DIR, dir.resolve("photos").toString(), origin);
        }
        if (!config.isSet(IngestConfig.STATE_DIR)) {
            config = config.with(IngestConfig.STATE_DIR, dir.resolve("ingest-state").toString(), origin);
        }
        if (!config.isSet(EnrichConfig.STATE_DIR)) {
            config = config.with(EnrichConfig.STATE_DIR, dir.resolve("enrich-state").toString(), origin);
        }
        if (!config.isSet(SinkConfig.SINK_STATE_DIR)) {
            config = config.with(SinkConfig.SINK_STATE_DIR, dir.resolve("sink-state").toString(), origin);
        }
        if (!config.isSet(ExpiryConfig.STATE_DIR)) {
            config = config.with(ExpiryConfig.STATE_DIR, dir.resolve("expiry-state").toString(), origin);
        }
        if (!config.isSet(ViewsConfig.STATE_DIR)) {
            config = config.with(ViewsConfig.STATE_DIR, dir.resolve("views-state").toString(), origin);
        }
        if (!config.isSet(IngestConfig.HOTFOLDER_ROOTS)) {
            Path hotFolder = Files.createDirectories(dir.resolve("hotfolder"));
            config = config.with(IngestConfig.HOTFOLDER_ROOTS, hotFolder.toString(), origin);
            if (!config.isSet(IngestConfig.HOTFOLDER_PATH_PATTERN)) {
                // The layout 'photopipe simulate' writes; files elsewhere are refused with the reason.
                config = config.with(IngestConfig.HOTFOLDER_PATH_PATTERN, "{site}/{line}/{camera}/**", origin);
            }
            LOG.info("Hot folder: {} (photos in <site>/<line>/<camera>/ folders; try 'photopipe simulate')", hotFolder);
        }
        return config;
    }

    /**
     * Without piwigo.url there is no gallery to upload to: a local Piwigo emulator stands in, so that
     * photopipe can be tried on a fresh machine. It keeps photos in memory only, and says so loudly.
     */
    private static EffectiveConfig startEmulator(EffectiveConfig config, RunningParts parts) {
        // Files kept: its browsable pages (and the links find and the status page show) display the photos.
        PiwigoEmulator emulator = PiwigoEmulator.builder().keepImageFiles(true).start();
        parts.started("Piwigo emulator", emulator);
        LOG.warn("No piwigo.url set: uploading to the local Piwigo EMULATOR at {} (in memory, for trying photopipe "
                + "out; nothing is kept after exit). Set piwigo.url and piwigo.api.key (or --set, or "
                + "PHOTOPIPE_PIWIGO_URL) to upload to your Piwigo.", emulator.url());
        String origin = "local Piwigo emulator (no piwigo.url set)";
        return config.with(SinkConfig.PIWIGO_URL, emulator.url().toString(), origin)
                .with(SinkConfig.PIWIGO_API_KEY, PiwigoEmulator.DEFAULT_API_KEY, origin);
    }

    /** Before anything starts: secured clients against the embedded broker would only time out. */
    private static void refuseSecuredClientsOnTheEmbeddedBroker(EffectiveConfig config) {
        if (config.isSet(CommonConfigs.BOOTSTRAP_SERVERS)) {
            return;
        }
        Object protocol = KafkaClientSettings.from(config.values()).get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        if (protocol != null && !"PLAINTEXT".equalsIgnoreCase(protocol.toString())) {
            throw new ConfigException("kafka.security.protocol=" + protocol + " is set, but bootstrap.servers is not, so "
                    + "photopipe would start its embedded broker, which speaks PLAINTEXT only. Set bootstrap.servers to "
                    + "your secured cluster, or remove kafka.security.protocol to use the embedded broker.");
        }
    }

    /** Starts the embedded broker unless a cluster is configured; returns the config pointing at Kafka. */
    private static EffectiveConfig connectKafka(EffectiveConfig config, RunningParts parts) {
        config.setting(CommonConfigs.BOOTSTRAP_SERVERS).ifPresent(s ->
                LOG.info("Kafka: {} (from {}); no embedded broker", s.value(), s.describeOrigin()));
        if (config.isSet(CommonConfigs.BOOTSTRAP_SERVERS)) {
            return config;
        }
        CommandConfig command = new CommandConfig(config.values());
        Path dir = command.dataDir().toAbsolutePath().normalize();
        LOG.info("Kafka: starting an embedded single-node broker, data in {}, port {}", dir,
                command.kafkaPort() == 0 ? "any free one" : command.kafkaPort());
        try {
            parts.started("data directory lock", DataDirLock.acquire(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the data directory " + dir + ": " + e.getMessage()
                    + ". Choose a writable --data-dir.", e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder(dir).port(command.kafkaPort()).build().start();
        parts.started("embedded Kafka broker", broker);
        LOG.info("Kafka: embedded broker at {}", broker.bootstrapServers());
        return config.with(CommonConfigs.BOOTSTRAP_SERVERS, broker.bootstrapServers(), "embedded broker");
    }
}
