package dev.photopipe.ops.page;

import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.ops.replay.DeadLetterReplayer;
import dev.photopipe.ops.status.StatusCollector;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.observability.Observability;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The operator's status page on a process's metrics endpoint: the page itself on {@code /}
 * (one HTML file with its script, {@code status.html} next to this class), the figures it polls on
 * {@code GET /api/status} ({@code photopipe status --json}'s document, cached for
 * {@link #MAX_AGE}) and its replay button's {@code POST /api/replay?batch=ID}. HTTP stays in
 * the observability module; this class only wires the status and replay code to it.
 */
public final class StatusPage {
    public static final String PAGE_PATH = "/";
    public static final String STATUS_PATH = "/api/status";
    public static final String REPLAY_PATH = "/api/replay";
    /** How long a status report is served before the topics are scanned again; the page polls every 5 s. */
    static final Duration MAX_AGE = Duration.ofSeconds(4);
    /** Per-topic bound of the counting scans, as {@code photopipe status --max-records}'s default. */
    static final long MAX_RECORDS = 1_000_000;

    private StatusPage() {
    }

    /**
     * Registers the page, its status document and its replay action on {@code endpoint}.
     *
     * @param serdeConfigs the Avro serde settings (schema registry), as the services use them
     */
    public static void serve(Observability endpoint, KafkaClients clients, TopicCatalog catalog,
                             Map<String, ?> serdeConfigs) {
        // No sampling window: the page computes rates from successive reports, so a request never sleeps.
        StatusCollector collector = new StatusCollector(clients, catalog, serdeConfigs, Duration.ZERO, MAX_RECORDS,
                Clock.systemUTC());
        CachedStatus status = new CachedStatus(collector::collect, MAX_AGE, System::nanoTime);
        BatchReplay replay = new BatchReplay(new DeadLetterReplayer(clients, catalog.name(PhotopipeTopic.DEAD_LETTERS),
                catalog.name(PhotopipeTopic.DEAD_LETTERS_REPLAYED), MAX_RECORDS, Clock.systemUTC()), status);
        endpoint.page(PAGE_PATH, StatusPage.class.getResource("status.html"), "text/html; charset=utf-8");
        endpoint.json(STATUS_PATH, () -> {
            try {
                return status.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while reading the status: photopipe is stopping", e);
            }
        });
        endpoint.action(REPLAY_PATH, replay::replay);
    }
}
