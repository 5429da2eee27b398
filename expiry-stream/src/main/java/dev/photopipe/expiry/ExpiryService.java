package dev.photopipe.expiry;

import dev.photopipe.expiry.piwigo.PiwigoGallery;
import dev.photopipe.expiry.topology.Blockages;
import dev.photopipe.expiry.topology.ExpiryMeters;
import dev.photopipe.expiry.topology.ExpirySerdes;
import dev.photopipe.expiry.topology.ExpiryTopology;
import dev.photopipe.observability.HealthCheck;
import dev.photopipe.observability.Observability;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.sink.catalog.AlbumDirectory;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.sink.piwigo.PiwigoSettings;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expiry service: runs the expiry topology ({@link ExpiryTopology}) as a Kafka Streams
 * application acting on Piwigo through the sink's client. This class only wires and stops. Start
 * once, close once.
 */
public final class ExpiryService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ExpiryConfig config;
    private final Observability observability;
    private final Clock clock;
    private final Blockages blockages = new Blockages();
    private final PiwigoSettings piwigoSettings;
    private PiwigoClient piwigo;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private volatile String fatal;

    /**
     * With the system clock.
     *
     * @throws org.apache.kafka.common.config.ConfigException piwigo.url or the credentials are missing
     */
    public ExpiryService(ExpiryConfig config, Observability observability) {
        this(config, observability, Clock.systemUTC());
    }

    /**
     * @param observability where the meters ({@link ExpiryMeters}) and Kafka Streams' metrics go,
     *     and the readiness check {@code expiry-stream}: up while running or rebalancing and no due
     *     expiry waits on Piwigo
     * @param clock what "now" is at each check (tests control it)
     */
    public ExpiryService(ExpiryConfig config, Observability observability, Clock clock) {
        this.config = config;
        this.observability = observability;
        this.clock = clock;
        this.piwigoSettings = config.piwigoSettings(); // a missing piwigo.url or login fails here, before start
    }

    /** Starts the Streams application; it joins its group and restores its stores in the background. */
    public void start() {
        piwigo = PiwigoClients.create(piwigoSettings, observability.registry(), "expiry");
        PiwigoGallery gallery = new PiwigoGallery(piwigo, new AlbumDirectory(piwigo), config.archiveAlbum());
        StreamsBuilder builder = new StreamsBuilder();
        ExpiryMeters meters = new ExpiryMeters(observability.registry());
        ExpiryTopology.build(builder, config.topologySettings(), ExpirySerdes.avro(config.originals()), gallery, clock,
                meters, blockages);
        Properties props = config.streamsProperties();
        streams = new KafkaStreams(builder.build(props), props);
        streams.setStateListener((now, before) -> LOG.info("expiry-stream: {} -> {}", before, now));
        // A failing check (not a failing Piwigo call: those wait for the next check) is a bug or a
        // broken store: replace the thread once, stop the service if it fails again.
        streams.setUncaughtExceptionHandler(e -> {
            if (fatal != null) {
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            fatal = "a stream thread failed: " + e.getMessage();
            LOG.error("expiry-stream: a stream thread failed, replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(observability.registry());
        streams.start();
        observability.health("expiry-stream", () -> {
            KafkaStreams.State state = state();
            Optional<String> waiting = blockages.describe();
            if (waiting.isPresent()) {
                return HealthCheck.Status.down(state.name() + ", but " + waiting.get());
            }
            return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                    ? HealthCheck.Status.up(state.name()) : HealthCheck.Status.down(state.name());
        });
        LOG.info("expiry-stream reads {} and {}, writes {} and {}, acts on Piwigo at {} (application id {})",
                config.topics().name(PhotopipeTopic.SINK_LEDGER), config.topics().name(PhotopipeTopic.EXPIRY_CHANGES),
                config.topics().name(PhotopipeTopic.EXPIRY_NOTICES), config.topics().name(PhotopipeTopic.EXPIRY_AUDIT),
                piwigo.url(), props.get("application.id"));
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    /** Why the service stopped on its own: Kafka Streams reached ERROR. Empty while it runs or after an orderly close. */
    public Optional<String> failure() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                ? Optional.of("expiry-stream stopped: " + (fatal == null ? "Kafka Streams is in state " + state : fatal))
                : Optional.empty();
    }

    public ExpiryConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (streams != null) {
            // Commits the open transaction (what was audited) and flushes the stores; leaving the
            // group hands this instance's partitions (and their expiries) to the others at once
            // instead of after the session timeout.
            streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            streams = null;
            streamsMetrics.close();
        }
        if (piwigo != null) {
            piwigo.close();
            piwigo = null;
        }
    }
}
