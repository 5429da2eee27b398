package dev.photopipe.cli;

import dev.photopipe.cli.config.EffectiveConfig;
import dev.photopipe.cli.runtime.PipelineService;
import dev.photopipe.ops.page.StatusPage;
import dev.photopipe.cli.runtime.RunningParts;
import dev.photopipe.cli.runtime.ShutdownSignal;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.ProvisionReport;
import dev.photopipe.schemas.topics.TopicConfigs;
import dev.photopipe.schemas.topics.TopicProvisioner;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import dev.photopipe.cli.runtime.KafkaHealthCheck;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.ops.views.ViewsConfig;
import dev.photopipe.ops.views.ViewsService;
import dev.photopipe.sink.config.SinkConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import dev.photopipe.observability.Observability;
import dev.photopipe.observability.ObservabilityServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The steps `run` and the single-service commands share: provision topics, wait, stop in order. */
final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Bound of the orderly stop when the JVM shuts down without our signal handlers. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What {@link #observe} has set up: the final configuration (Kafka address, Piwigo URL and
     * their origins), the endpoint's base URL (null with metrics disabled) and the parts started
     * so far.
     */
    record Observed(EffectiveConfig config, String endpointUrl, RunningParts parts) {
    }

    private Pipeline() {
    }

    /**
     * The process's meter registry (JVM meters bound), and unless metrics are disabled the
     * {@code /metrics} and {@code /health} endpoint with a Kafka readiness check and the status
     * page ({@link StatusPage}); both are closed with {@code parts}. Call once the Kafka address
     * is final.
     */
    static Observability observe(EffectiveConfig config, RunningParts parts) throws InterruptedException {
        return observe(config, parts, observed -> { });
    }

    /**
     * As {@link #observe(EffectiveConfig, RunningParts)}, then tells {@code onObserved} what is set
     * up, before any service starts: {@code photopipe demo} adds its camera simulator there.
     */
    static Observability observe(EffectiveConfig config, RunningParts parts, Consumer<Observed> onObserved)
            throws InterruptedException {
        CommandConfig command = new CommandConfig(config.values());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        if (command.metricsEnabled()) {
            KafkaHealthCheck kafka = new KafkaHealthCheck(command.clients("photopipe-health"));
            parts.started("Kafka health check", kafka);
            ObservabilityServer server = new ObservabilityServer(registry, command.metricsHost(), command.metricsPort(),
                    command.statusPageGuard()).start();
            server.health("kafka", kafka);
            parts.started("metrics endpoint", server);
            ViewsService views = startViews(config, command, server, parts);
            StatusPage.serve(server, command.clients("photopipe-status-page"), TopicConfigs.catalog(command),
                    views == null ? null : views.views());
            LOG.info("Metrics: http://{}:{}/metrics, health: /health/live and /health/ready", command.metricsHost(),
                    server.port());
            LOG.info("Status page: http://{}:{}/", command.metricsHost(), server.port());
            onObserved.accept(new Observed(config, "http://" + command.metricsHost() + ":" + server.port(), parts));
            return server;
        }
        onObserved.accept(new Observed(config, null, parts));
        return Observability.metersOnly(registry);
    }

    /**
     * Starts the maintained views next to the metrics endpoint, unless {@code views.enabled=false};
     * they are stopped with {@code parts}, before the endpoint.
     *
     * @return the running views, or null when disabled
     */
    private static ViewsService startViews(EffectiveConfig config, CommandConfig command, ObservabilityServer server,
                                           RunningParts parts) throws InterruptedException {
        ViewsConfig settings = new ViewsConfig(config.values());
        if (!settings.enabled()) {
            LOG.info("Views: off (views.enabled=false); status, find and this status page read them from another "
                    + "photopipe process");
            return null;
        }
        String host = settings.advertisedHost().isEmpty() ? advertisedHost(command.metricsHost())
                : settings.advertisedHost();
        String gallery = settings.piwigoUrl().isEmpty()
                ? config.values().getOrDefault(SinkConfig.PIWIGO_URL, "") : settings.piwigoUrl();
        ViewsService views = new ViewsService(settings, command.clients("photopipe-views"), TopicConfigs.catalog(command),
                command.originals(), config.values().getOrDefault(EnrichConfig.PROCESSING_GUARANTEE,
                        StreamsConfig.EXACTLY_ONCE_V2), new HostInfo(host, server.port()), gallery);
        parts.started("views", views);
        views.start(server);
        return views;
    }

    /** The host other processes reach this one under: metrics.host, or this machine's name when it binds every interface. */
    private static String advertisedHost(String metricsHost) {
        if (!metricsHost.equals("0.0.0.0") && !metricsHost.equals("::")) {
            return metricsHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new ConfigException(ViewsConfig.ADVERTISED_HOST, "", "metrics.host is " + metricsHost
                    + " and this machine's host name does not resolve (" + e.getMessage() + "): set "
                    + ViewsConfig.ADVERTISED_HOST + " to the name other photopipe processes reach this one under");
        }
    }

    /** Creates missing topics and checks existing ones on the configured cluster. */
    static ProvisionReport provisionTopics(EffectiveConfig config) {
        CommandConfig command = new CommandConfig(config.values());
        KafkaClients clients = command.clients("photopipe-topics");
        // The user's kafka.default.api.timeout.ms, when set, is how long provisioning keeps asking.
        try (Admin admin = clients.admin()) {
            return new TopicProvisioner(admin, TopicConfigs.catalog(command), command.bootstrapServers(),
                    clients.apiTimeout()).provision();
        }
    }

    /**
     * Waits for SIGTERM/Ctrl-C, then stops every part in reverse start order.
     *
     * <p>A service that stops on its own stops the process, so that a supervisor sees the exit
     * code instead of a process that silently does nothing; except, with
     * {@code keepServingWithoutSink}, a sink stopped by refused credentials: {@code photopipe run}
     * then keeps ingest and enrich accepting photos (their upload requests wait in Kafka for a sink
     * with working credentials, as they wait while Piwigo is down), reports the stopped sink on
     * {@code /health/ready} and exits with {@link ExitCodes#CONFIG} when stopped.
     *
     * @return the exit code: {@link ExitCodes#OK} when every part stopped cleanly and none failed
     */
    static int serveUntilStopped(RunningParts parts, ShutdownSignal signal, boolean keepServingWithoutSink)
            throws InterruptedException {
        Optional<PipelineService.Failure> failure = Optional.empty();
        boolean reported = false;
        while (!signal.await(Duration.ofSeconds(1))) {
            failure = parts.failure();
            if (failure.isEmpty()) {
                continue;
            }
            if (keepServingWithoutSink && failure.get().credentialsRefused()) {
                if (!reported) {
                    LOG.error("{}. ingest-producer and enrich-stream keep accepting photos; /health/ready reports the "
                            + "stopped sink until photopipe is restarted", failure.get().reason());
                    reported = true;
                }
                continue;
            }
            LOG.error("Stopping photopipe because {}", failure.get().reason());
            signal.request("a service failed");
        }
        LOG.info("Stopping ({}): services in reverse order, then Kafka if embedded", signal.reason());
        boolean clean = parts.stopAll();
        LOG.info(clean ? "photopipe stopped cleanly" : "photopipe stopped, with errors (see above)");
        return exitCode(clean, failure);
    }

    /** Refused credentials are a configuration error whatever else happened; any other failure is 1. */
    static int exitCode(boolean stoppedCleanly, Optional<PipelineService.Failure> failure) {
        if (failure.isPresent() && failure.get().credentialsRefused()) {
            return ExitCodes.CONFIG;
        }
        return stoppedCleanly && failure.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
