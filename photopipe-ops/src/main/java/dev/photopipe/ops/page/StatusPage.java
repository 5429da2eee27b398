package dev.photopipe.ops.page;

import dev.photopipe.observability.Observability;
import dev.photopipe.ops.replay.DeadLetterReplayer;
import dev.photopipe.ops.status.StatusCollector;
import dev.photopipe.ops.views.query.ClusterViews;
import dev.photopipe.ops.views.query.FindQuery;
import dev.photopipe.ops.views.query.FoundPhotos;
import dev.photopipe.ops.views.query.ViewTotals;
import dev.photopipe.ops.views.query.Views;
import dev.photopipe.ops.views.query.ViewsPaths;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The operator's status page on a process's metrics endpoint, and every HTTP route of it, registered
 * here and nowhere else: the page itself on {@code /} (one HTML file with its script,
 * {@code status.html} next to this class), the figures it polls on {@code GET /api/status}
 * ({@code photopipe status --json}'s document, cached for {@link #MAX_AGE}), its replay button's
 * {@code POST /api/replay?batch=ID}, its search ({@code GET /api/find}) and the views' routes that
 * {@code photopipe status}, {@code photopipe find} and the other instances read ({@link ViewsPaths}).
 * HTTP itself stays in the observability module; this class only wires the operations code to it.
 */
public final class StatusPage {
    public static final String PAGE_PATH = "/";
    public static final String STATUS_PATH = "/api/status";
    public static final String REPLAY_PATH = "/api/replay";
    /** How long a status report is served before it is taken again; the page polls every 5 s. */
    static final Duration MAX_AGE = Duration.ofSeconds(2);
    /** Per-topic bound of the replay button's dead-letter scan, as {@code photopipe replay --max-records}'s default. */
    static final long MAX_RECORDS = 1_000_000;
    /** Most photos one search on the page lists. */
    static final int PAGE_SEARCH_LIMIT = 500;

    private StatusPage() {
    }

    /**
     * Registers the page and its routes on {@code endpoint}.
     *
     * @param views this process's views, or null when it keeps none ({@code views.enabled=false}):
     *              the page then shows lag only and says why
     */
    public static void serve(Observability endpoint, KafkaClients clients, TopicCatalog catalog, ClusterViews views) {
        Views read = views != null ? views : new NoViews();
        // No sampling window: rates come from successive reports, so a request never sleeps.
        StatusCollector collector = new StatusCollector(clients, catalog, Duration.ZERO, Clock.systemUTC(), read, "local");
        CachedStatus status = new CachedStatus(collector::collect, MAX_AGE, System::nanoTime);
        BatchReplay replay = new BatchReplay(new DeadLetterReplayer(clients, catalog.name(PhotopipeTopic.DEAD_LETTERS),
                catalog.name(PhotopipeTopic.DEAD_LETTERS_REPLAYED), catalog.name(PhotopipeTopic.DEAD_LETTERS_RESOLVED),
                MAX_RECORDS, Clock.systemUTC()), status);
        endpoint.page(PAGE_PATH, StatusPage.class.getResource("status.html"), "text/html; charset=utf-8");
        endpoint.json(STATUS_PATH, () -> {
            try {
                return status.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Observability.Unavailable("Interrupted while reading the status: photopipe is stopping", e);
            }
        });
        endpoint.action(REPLAY_PATH, replay::replay);
        endpoint.query(ViewsPaths.FIND, parameters -> find(read, parameters));
        endpoint.query(ViewsPaths.TOTALS, parameters -> read.totals());
        if (views != null) {
            endpoint.query(ViewsPaths.LOCAL_TOTALS, parameters -> views.local().totals());
            endpoint.query(ViewsPaths.LOCAL_FIND, parameters -> views.local().find(FindQuery.parse(parameters)));
        }
    }

    /**
     * The search: {@code q} (the page's box: a lot, a photo id or a file name, whichever finds
     * something first), or the criteria of {@link FindQuery#parse}.
     */
    static FoundPhotos find(Views views, Map<String, String> parameters) {
        if (!parameters.containsKey(FindQuery.ANY)) {
            return views.find(FindQuery.parse(parameters));
        }
        FoundPhotos last = null;
        for (FindQuery guess : FindQuery.guesses(parameters.get(FindQuery.ANY), PAGE_SEARCH_LIMIT)) {
            last = views.find(guess);
            if (!last.photos().isEmpty()) {
                return last;
            }
        }
        return last;
    }

    /** What a process without views answers: why there is nothing, and what to change. */
    private static final class NoViews implements Views {
        private static final String WHY = "This process keeps no views (views.enabled=false): open the status page "
                + "of a photopipe process that does, or set views.enabled=true here";

        @Override
        public ViewTotals totals() {
            throw new Observability.Unavailable(WHY);
        }

        @Override
        public FoundPhotos find(FindQuery query) {
            throw new Observability.Unavailable(WHY);
        }
    }
}
