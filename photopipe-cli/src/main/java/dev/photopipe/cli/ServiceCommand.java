package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.RunningParts;
import dev.photopipe.cli.runtime.ServiceKind;
import dev.photopipe.cli.runtime.ShutdownSignal;
import dev.photopipe.observability.Observability;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code photopipe ingest|enrich|sink}: one service alone against a cluster, for deployments
 * that scale services apart. Scaling out is starting more instances (consumer groups, Streams
 * instances share the partitions).
 */
@Command(mixinStandardHelpOptions = true)
class ServiceCommand extends ConfiguredCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCommand.class);

    private final ServiceKind kind;

    ServiceCommand(ServiceKind kind, Map<String, String> environment) {
        super(environment);
        this.kind = kind;
    }

    @Override
    public Integer call() throws Exception {
        EffectiveConfig config = loadConfig(List.of(CommandConfig.SECTION, kind.section(), CommandConfig.VIEWS_SECTION), List.of());
        ShutdownSignal signal = ShutdownSignal.install(Pipeline.STOP_TIMEOUT);
        try (RunningParts parts = new RunningParts()) {
            String bootstrap = new CommandConfig(config.values()).bootstrapServers();
            LOG.info("Kafka: {}", bootstrap);
            // Every instance provisions: idempotent, and the first start on a new cluster needs it.
            Pipeline.provisionTopics(config);
            Observability observability = Pipeline.observe(config, parts);
            parts.start(kind.create(config.values(), observability));
            LOG.info("{} is running on Kafka {}. Send SIGTERM or press Ctrl-C to stop.", kind.serviceName(), bootstrap);
            return Pipeline.serveUntilStopped(parts, signal, false);
        } finally {
            // Also after a failed start: a fallback shutdown hook must not wait for a stop that is done.
            signal.stopped();
        }
    }
}
