package dev.photopipe.enrich;

import dev.photopipe.enrich.status.BatchStatus;
import dev.photopipe.enrich.topology.EnrichSerdes;
import dev.photopipe.enrich.topology.EnrichTopology;
import dev.photopipe.enrich.topology.RecordWatchdog;
import dev.photopipe.observability.HealthCheck;
import dev.photopipe.observability.Observability;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * enrich-stream: runs the enrichment topology ({@link EnrichTopology}) as a Kafka Streams
 * application. This class only wires and stops; the topology is a pure function of a
 * {@link StreamsBuilder}. Start once, close once.
 */
public final class EnrichService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EnrichConfig config;
    private final Observability observability;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private final ThreadFailurePolicy threadFailures = new ThreadFailurePolicy();

    /**
     * @param observability where Kafka Streams' metrics go, the readiness check ({@code enrich-stream}:
     *     up while running or rebalancing and no stream thread is stuck on one record beyond
     *     {@code enrich.stuck.record.ms}) and the per-batch counts ({@code GET /enrich/batches})
     */
    public EnrichService(EnrichConfig config, Observability observability) {
        this.config = config;
        this.observability = observability;
    }

    /** Starts the Streams application; it joins its group and restores its stores in the background. */
    public void start() {
        StreamsBuilder builder = new StreamsBuilder();
        RecordWatchdog watchdog = new RecordWatchdog(config.stuckRecordLimit(), EnrichConfig.STUCK_RECORD_MS, System::nanoTime);
        EnrichTopology.build(builder, config.topologySettings(), EnrichSerdes.avro(config.originals()), watchdog);
        Properties props = config.streamsProperties();
        streams = new KafkaStreams(builder.build(props), props);
        streams.setStateListener((now, before) -> LOG.info("enrich-stream: {} -> {}", before, now));
        // Records that fail for good were dead-lettered by the handlers already; what reaches this
        // handler killed a thread: replaced, unless threads keep dying (see ThreadFailurePolicy).
        streams.setUncaughtExceptionHandler(threadFailures);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(observability.registry());
        streams.start();
        observability.health("enrich-stream", () -> {
            KafkaStreams.State state = state();
            Optional<String> stuck = watchdog.stuck();
            if (stuck.isPresent()) {
                return HealthCheck.Status.down(state.name() + ", but " + stuck.get());
            }
            return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                    ? HealthCheck.Status.up(state.name()) : HealthCheck.Status.down(state.name());
        });
        observability.json("/enrich/batches", () -> batchStatus().all());
        LOG.info("enrich-stream reads {} and writes {} (application id {})",
                config.topics().name(PhotopipeTopic.CAPTURED_PHOTOS), config.topics().name(PhotopipeTopic.UPLOAD_REQUESTS),
                props.get("application.id"));
    }

    /** Per-batch counts from this instance's stores (captured, duplicates, routed, unroutable, failed). */
    public BatchStatus batchStatus() {
        if (streams == null) {
            throw new IllegalStateException("enrich-stream is not started");
        }
        return new BatchStatus(streams, EnrichTopology.COUNTS_STORE);
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    /**
     * Why enrich-stream stopped on its own: its threads kept failing, or Kafka Streams reached
     * ERROR (every thread dead). Empty while it runs, rebalances or was closed in order.
     */
    public Optional<String> failure() {
        Optional<String> fatal = threadFailures.fatal();
        if (fatal.isPresent()) {
            return fatal;
        }
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                ? Optional.of("Kafka Streams is in state " + state + " (see the log for the error)")
                : Optional.empty();
    }

    public EnrichConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (streams != null) {
            // Commits what was processed (exactly_once_v2: the open transaction) and flushes stores.
            streams.close(CLOSE_TIMEOUT);
            streams = null;
            streamsMetrics.close();
        }
    }
}
