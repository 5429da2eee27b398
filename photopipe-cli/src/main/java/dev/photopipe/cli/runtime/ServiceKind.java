package dev.photopipe.cli.runtime;

import dev.photopipe.cli.config.ConfigSection;
import dev.photopipe.enrich.EnrichConfig;
import dev.photopipe.enrich.EnrichService;
import dev.photopipe.expiry.ExpiryConfig;
import dev.photopipe.expiry.ExpiryService;
import dev.photopipe.ingest.IngestConfig;
import dev.photopipe.ingest.IngestService;
import dev.photopipe.sink.PiwigoSink;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoAuthenticationException;
import dev.photopipe.observability.HealthCheck;
import dev.photopipe.observability.Observability;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The services, in pipeline order (the expiry service last: it acts on what the sink recorded). The single place that knows their config and entry
 * classes: commands, documentation and validation all go through it.
 */
public enum ServiceKind {
    INGEST("ingest", "ingest-producer",
            "Read by `photopipe ingest` and `photopipe run`: turns camera feeds into PhotoCaptured events.",
            IngestConfig.CONFIG_DEF, (values, observability) -> {
                IngestService service = new IngestService(new IngestConfig(values), observability.registry());
                return adapt("ingest-producer", service::start, service::close, Optional::empty);
            }),
    ENRICH("enrich", "enrich-stream",
            "Read by `photopipe enrich` and `photopipe run`: Kafka Streams app turning captures into upload requests.",
            EnrichConfig.CONFIG_DEF, (values, observability) -> {
                EnrichService service = new EnrichService(new EnrichConfig(values), observability);
                // A stopped enrich-stream stops the process (exit 1) instead of idling unnoticed.
                return adapt("enrich-stream", service::start, service::close,
                        () -> service.failure().map(reason -> new PipelineService.Failure(reason, false)));
            }),
    SINK("sink", "piwigo-sink",
            "Read by `photopipe sink` and `photopipe run`: uploads each photo to Piwigo and records it in the ledger.",
            SinkConfig.CONFIG_DEF, (values, observability) -> {
                SinkConfig config = new SinkConfig(values);
                PiwigoSink service = new PiwigoSink(config, observability.registry());
                // Readiness reflects Piwigo itself too: a sink that runs but cannot upload is not ready.
                PiwigoHealthCheck piwigo = new PiwigoHealthCheck(config);
                observability.health("piwigo", piwigo);
                // Down once the sink stopped on its own (e.g. Piwigo refused the credentials): in
                // `photopipe run` the other parts keep accepting photos, readiness says why nothing is
                // uploaded. Down too while a partition holds requests and finishes none (sink.stall.timeout.ms).
                observability.health("piwigo-sink", () -> service.failure()
                        .map(failure -> HealthCheck.Status.down("stopped: " + sinkFailure(failure).reason()))
                        .orElseGet(() -> sinkProgress(service)));
                return adapt("piwigo-sink", service::start, () -> {
                    service.close();
                    piwigo.close();
                }, () -> service.failure().map(ServiceKind::sinkFailure));
            }),
    EXPIRY("expiry run", "expiry-stream",
            "Read by `photopipe expiry run` and `photopipe run`: archives or deletes photos in Piwigo on their expiry "
                    + "date, sends notices before and audits every action. Its Piwigo connection is the sink's "
                    + "piwigo.* settings (listed again here).",
            ExpiryConfig.CONFIG_DEF, (values, observability) -> {
                ExpiryService service = new ExpiryService(new ExpiryConfig(values), observability);
                // A stopped expiry service stops the process (exit 1) instead of idling unnoticed.
                return adapt("expiry-stream", service::start, service::close,
                        () -> service.failure().map(reason -> new PipelineService.Failure(reason, false)));
            });

    private final String command;
    private final String serviceName;
    private final String description;
    private final ConfigDef definition;
    private final BiFunction<Map<String, String>, Observability, PipelineService> factory;

    ServiceKind(String command, String serviceName, String description, ConfigDef definition,
                BiFunction<Map<String, String>, Observability, PipelineService> factory) {
        this.command = command;
        this.serviceName = serviceName;
        this.description = description;
        this.definition = definition;
        this.factory = factory;
    }

    /** The command that runs this service alone ({@code expiry run}: a subcommand of {@code expiry}). */
    public String command() {
        return command;
    }

    public String serviceName() {
        return serviceName;
    }

    public ConfigSection section() {
        return new ConfigSection(serviceName, description, definition);
    }

    /**
     * Builds the service (not started) from raw setting values, publishing its meters, checks and documents through {@code observability}.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a value is invalid; callers
     *     validate first so that every error is reported at once
     */
    public PipelineService create(Map<String, String> values, Observability observability) {
        return factory.apply(values, observability);
    }

    /**
     * Why the sink stopped, telling refused credentials (a configuration error: Piwigo refused the
     * login, even after the client logged in again) from any other failure.
     */
    static PipelineService.Failure sinkFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PiwigoAuthenticationException) {
                return new PipelineService.Failure("Piwigo refused photopipe's credentials (" + cause.getMessage()
                        + "). Fix piwigo.api.key (or piwigo.username and piwigo.password) and restart photopipe; "
                        + "until then upload requests wait in Kafka, uncommitted", true);
            }
        }
        return new PipelineService.Failure(String.valueOf(failure.getMessage()), false);
    }

    private static HealthCheck.Status sinkProgress(PiwigoSink sink) {
        if (!sink.isRunning()) {
            return HealthCheck.Status.down("not running");
        }
        List<String> stalls = sink.stalls();
        return stalls.isEmpty() ? HealthCheck.Status.up("consuming upload requests")
                : HealthCheck.Status.down("no progress: " + String.join("; ", stalls));
    }

    /** The services' own classes share no interface; this is the one place that bridges them. */
    private static PipelineService adapt(String name, Runnable start, Runnable close,
                                         Supplier<Optional<PipelineService.Failure>> failure) {
        return new PipelineService() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void close() {
                close.run();
            }

            @Override
            public Optional<PipelineService.Failure> failure() {
                return failure.get();
            }
        };
    }
}
