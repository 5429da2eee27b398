package dev.photopipe.ops.views;

import dev.photopipe.observability.HealthCheck;
import dev.photopipe.observability.Observability;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.query.ClusterViews;
import dev.photopipe.ops.views.query.LocalTotals;
import dev.photopipe.ops.views.query.LocalViews;
import dev.photopipe.ops.views.query.PiwigoLinks;
import dev.photopipe.ops.views.topology.ViewsSettings;
import dev.photopipe.ops.views.topology.ViewsTopology;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the maintained views ({@link ViewsTopology}) as a Kafka Streams application next to a
 * process's metrics endpoint, whose address it advertises so that instances find each other's
 * share. This class only wires and stops. Start once, close once; {@link #views()} is
 * thread-safe.
 */
public final class ViewsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ViewsService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int COMMIT_INTERVAL_MS = 1000;
    private static final long CACHE_BYTES = 64L * 1024 * 1024;

    private final ViewsConfig config;
    private final KafkaClients clients;
    private final TopicCatalog catalog;
    private final Map<String, ?> serdeConfigs;
    private final String processingGuarantee;
    private final HostInfo self;
    private final PiwigoLinks links;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private ClusterViews views;
    private volatile Throwable failure;

    /**
     * @param serdeConfigs        the Avro serde settings (schema registry), as the services use them
     * @param processingGuarantee {@code exactly_once_v2} (counts stay exact across crashes) or {@code at_least_once}
     * @param self                where the other instances reach this process's metrics endpoint
     * @param galleryUrl          the gallery as people open it, for links; empty for none
     */
    public ViewsService(ViewsConfig config, KafkaClients clients, TopicCatalog catalog, Map<String, ?> serdeConfigs,
                        String processingGuarantee, HostInfo self, String galleryUrl) {
        this.config = config;
        this.clients = clients;
        this.catalog = catalog;
        this.serdeConfigs = Map.copyOf(serdeConfigs);
        this.processingGuarantee = processingGuarantee;
        this.self = self;
        this.links = new PiwigoLinks(galleryUrl);
    }

    /**
     * Starts the application; it joins its group and restores or builds its stores in the
     * background (queries answer 503 until then). Adds the readiness check {@code views} and the
     * meters {@code photopipe_dead_letters{state}} to {@code observability}.
     *
     * @throws KafkaException when the pipeline's topics cannot be described
     */
    public void start(Observability observability) throws InterruptedException {
        ViewsSettings settings = new ViewsSettings(catalog.name(PhotopipeTopic.CAPTURED_PHOTOS),
                catalog.name(PhotopipeTopic.UPLOAD_REQUESTS), catalog.name(PhotopipeTopic.SINK_LEDGER),
                catalog.name(PhotopipeTopic.DEAD_LETTERS), catalog.name(PhotopipeTopic.DEAD_LETTERS_REPLAYED),
                catalog.name(PhotopipeTopic.DEAD_LETTERS_RESOLVED), catalog.name(PhotopipeTopic.EXPIRY_CHANGES),
                catalog.name(PhotopipeTopic.EXPIRY_AUDIT), partitions(PhotopipeTopic.CAPTURED_PHOTOS), partitions(PhotopipeTopic.DEAD_LETTERS_REPLAYED),
                serdeConfigs);
        StreamsBuilder builder = new StreamsBuilder();
        ViewsTopology.build(builder, settings);
        Properties props = streamsProperties();
        streams = new KafkaStreams(builder.build(props), props);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR) {
                LOG.info("Views: {} (were {})", now, before);
            } else {
                LOG.debug("Views: {} -> {}", before, now);
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            // A bad record is skipped by the processors; what reaches here is a bug or a lost store:
            // the pipeline goes on, the views say why they are down.
            failure = e;
            LOG.error("The views stopped: {} (the pipeline goes on; status and the page lack the counts until a "
                    + "restart)", e.toString());
            LOG.debug("The views stopped", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(observability.registry());
        LocalViews local = new LocalViews(streams, settings.capturedTopic());
        for (var state : List.of("pending", "replayed", "resolved")) {
            ToLongFunction<FailureTotals> count = switch (state) {
                case "pending" -> FailureTotals::pending;
                case "replayed" -> FailureTotals::replayed;
                default -> FailureTotals::resolved;
            };
            Gauge.builder("photopipe.dead.letters", local, views -> letters(views, count))
                    .description("Dead letters by state, of the views' partitions this process holds (sum over "
                            + "processes for the pipeline's)").tag("state", state).register(observability.registry());
        }
        streams.start();
        views = new ClusterViews(streams, local, self, links);
        // Up while the views read the history (minutes for a million photos): the pipeline is ready
        // meanwhile; status and find answer 503 with "try again" until the views run.
        observability.health("views", () -> {
            KafkaStreams.State state = streams.state();
            return state == KafkaStreams.State.RUNNING ? HealthCheck.Status.up("running")
                    : state == KafkaStreams.State.CREATED || state == KafkaStreams.State.REBALANCING
                            ? HealthCheck.Status.up(state + ": reading the pipeline's topics")
                            : HealthCheck.Status.down(state + failureText());
        });
        LOG.info("Views: reading the pipeline's topics, answering at {}:{} (application id {}, state in {})",
                self.host(), self.port(), applicationId(), config.stateDir());
    }

    /** The views of every instance, as status, find and the page read them; null before {@link #start}. */
    public ClusterViews views() {
        return views;
    }

    /** Why the views stopped on their own, if they did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure).map(Throwable::toString);
    }

    /**
     * The application id: {@code topics.prefix} in front of {@code views.application.id}, so that
     * pipelines sharing a cluster under different prefixes keep apart views (one consumer group per
     * pipeline).
     */
    String applicationId() {
        return catalog.prefix() + config.applicationId();
    }

    Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(clients.clientSettings());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        // The inputs are read as bytes and decoded by the processors, which skip what they cannot read.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Counts a second behind are fine for people; committing (and, with exactly_once_v2, ending a
        // transaction and flushing every store) ten times a second is what costs.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        // Journeys are read, changed and written back per event: a larger record cache keeps recent
        // photos' journeys decoded and merges their writes before they reach RocksDB and the changelog.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, CACHE_BYTES);
        return props;
    }

    private int partitions(PhotopipeTopic topic) throws InterruptedException {
        String name = catalog.name(topic);
        try (Admin admin = clients.admin()) {
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                    .get(KafkaClients.API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
            return description.partitions().size();
        } catch (ExecutionException e) {
            throw new KafkaException("The views cannot describe " + name + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka did not answer within " + KafkaClients.API_TIMEOUT.toSeconds()
                    + " s while the views described " + name, e);
        }
    }

    private static double letters(LocalViews views, ToLongFunction<FailureTotals> count) {
        try {
            LocalTotals totals = views.totals();
            return totals.failures().values().stream().flatMap(byReason -> byReason.values().stream())
                    .mapToLong(count).sum();
        } catch (RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    private String failureText() {
        return failure == null ? "" : ": " + failure;
    }

    @Override
    public void close() {
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
            streamsMetrics.close();
            streams = null;
        }
    }
}
