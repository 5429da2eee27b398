package dev.photopipe.ops.views.query;

import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.topology.ViewIndex;
import dev.photopipe.ops.views.topology.ViewsTopology;
import dev.photopipe.observability.Observability;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the views this instance holds (interactive queries on its active partitions). Several
 * instances each hold some partitions: {@link ClusterViews} asks every one and adds up.
 * Thread-safe (Kafka Streams' read-only stores are); while the instance restores or rebalances,
 * reads throw {@link Observability.Unavailable} saying so.
 */
public final class LocalViews {
    /** The window of the status's "expiring" list: pending expiries due before now + this (overdue ones too). */
    public static final Duration EXPIRING_WITHIN = Duration.ofDays(30);
    /** Most expiring photos the totals carry: the soonest; the page and status say when there are more. */
    public static final int EXPIRING_LIMIT = 100;

    private final KafkaStreams streams;
    private final String photoTopic;
    private final Clock clock;

    /** @param photoTopic a topic of the photo-keyed views (the captures): its partitions are the journeys' */
    public LocalViews(KafkaStreams streams, String photoTopic) {
        this(streams, photoTopic, Clock.systemUTC());
    }

    /** @param clock what "now" is for the expiring list */
    public LocalViews(KafkaStreams streams, String photoTopic, Clock clock) {
        this.streams = streams;
        this.photoTopic = photoTopic;
        this.clock = clock;
    }

    /** This instance's share of the totals. */
    public LocalTotals totals() {
        Map<String, BatchTotals> batches = new TreeMap<>();
        Map<String, Map<String, FailureTotals>> failures = new TreeMap<>();
        try (KeyValueIterator<String, BatchTotals> it = this.<BatchTotals>store(ViewsTopology.BATCHES_STORE, null).all()) {
            it.forEachRemaining(entry -> batches.merge(entry.key, entry.value, BatchTotals::plus));
        }
        try (KeyValueIterator<String, FailureTotals> it = this.<FailureTotals>store(ViewsTopology.FAILURES_STORE, null).all()) {
            it.forEachRemaining(entry -> {
                int sep = entry.key.indexOf('\0');
                failures.computeIfAbsent(entry.key.substring(0, sep), b -> new TreeMap<>())
                        .merge(entry.key.substring(sep + 1), entry.value, FailureTotals::plus);
            });
        }
        LocalTotals expiring = expiring(clock.millis() + EXPIRING_WITHIN.toMillis());
        return new LocalTotals(batches, failures, expiring.expiring(), expiring.expiringLimitHit());
    }

    /** This instance's photos whose pending expiry is due before {@code untilMs}, soonest first, at most the limit. */
    private LocalTotals expiring(long untilMs) {
        LocalTotals sum = LocalTotals.EMPTY;
        for (int partition : partitions()) {
            ReadOnlyKeyValueStore<String, Journey> journeys = store(ViewsTopology.JOURNEYS_STORE, partition);
            ReadOnlyKeyValueStore<String, byte[]> index = store(ViewsTopology.INDEX_STORE, partition);
            List<Journey> soonest = new ArrayList<>();
            boolean more = false;
            try (KeyValueIterator<String, byte[]> it = index.range(ViewIndex.lower(ViewIndex.EXPIRY, null, 0),
                    ViewIndex.upper(ViewIndex.EXPIRY, null, untilMs))) {
                while (it.hasNext() && !more) {
                    Journey journey = journeys.get(ViewIndex.subjectOf(it.next().key));
                    if (journey != null && journey.pendingExpiry().isPresent()) {
                        more = !add(soonest, journey, EXPIRING_LIMIT);
                    }
                }
            }
            sum = sum.plus(new LocalTotals(Map.of(), Map.of(), soonest, more));
        }
        return sum;
    }

    /** The journeys of this instance's partitions matching {@code query}, oldest first, at most its limit. */
    public LocalFound find(FindQuery query) {
        LocalFound found = new LocalFound(List.of(), false);
        for (int partition : partitions()) {
            found = found.plus(find(query, partition), query.limit());
        }
        return found;
    }

    private LocalFound find(FindQuery query, int partition) {
        ReadOnlyKeyValueStore<String, Journey> journeys = store(ViewsTopology.JOURNEYS_STORE, partition);
        List<Journey> matches = new ArrayList<>();
        boolean more = false;
        if (query.photo() != null) {
            // Photo ids are hex: every id starting with the prefix sorts between it and the prefix + 'g'.
            try (KeyValueIterator<String, Journey> it = journeys.range(query.photo(), query.photo() + "g")) {
                while (it.hasNext() && !more) {
                    Journey journey = it.next().value;
                    if (matches(journey, query)) {
                        more = !add(matches, journey, query.limit());
                    }
                }
            }
            return new LocalFound(matches, more);
        }
        ReadOnlyKeyValueStore<String, byte[]> index = store(ViewsTopology.INDEX_STORE, partition);
        char criterion = query.batch() != null ? ViewIndex.BATCH : query.fileName() != null ? ViewIndex.FILE
                : query.tag() != null ? ViewIndex.TAG : query.camera() != null ? ViewIndex.CAMERA : ViewIndex.TIME;
        String value = switch (criterion) {
            case ViewIndex.BATCH -> query.batch();
            case ViewIndex.FILE -> query.fileName();
            case ViewIndex.TAG -> query.tag();
            case ViewIndex.CAMERA -> query.camera();
            default -> null;
        };
        long from = query.from() == null ? 0 : query.from().toEpochMilli();
        long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli();
        try (KeyValueIterator<String, byte[]> it = index.range(ViewIndex.lower(criterion, value, from),
                ViewIndex.upper(criterion, value, to))) {
            while (it.hasNext() && !more) {
                Journey journey = journeys.get(ViewIndex.subjectOf(it.next().key));
                if (journey != null && matches(journey, query)) {
                    more = !add(matches, journey, query.limit());
                }
            }
        }
        return new LocalFound(matches, more);
    }

    /** Adds {@code journey} unless the limit is reached; false when it was (there are more). */
    private static boolean add(List<Journey> matches, Journey journey, int limit) {
        if (matches.size() >= limit) {
            return false;
        }
        matches.add(journey);
        return true;
    }

    /** Every criterion of {@code query} holds for {@code journey} (the index narrowed one of them already). */
    static boolean matches(Journey journey, FindQuery query) {
        long time = journey.timeMs();
        return (query.batch() == null || query.batch().equals(journey.batch()))
                && (query.photo() == null || journey.key().startsWith(query.photo()))
                && (query.fileName() == null || query.fileName().equalsIgnoreCase(journey.fileName()))
                && (query.tag() == null || (journey.route() != null && journey.route().tags().stream()
                        .anyMatch(tag -> tag.toLowerCase(Locale.ROOT).equals(query.tag().toLowerCase(Locale.ROOT)))))
                && (query.camera() == null || (journey.capture() != null && query.camera().equals(journey.capture().camera())))
                && (query.from() == null || time >= query.from().toEpochMilli())
                && (query.to() == null || time < query.to().toEpochMilli());
    }

    /** The partitions of the photo-keyed views this instance holds now (active tasks). */
    private TreeSet<Integer> partitions() {
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(photoTopic))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Integer partition) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            throw new Observability.Unavailable("The views are " + state.name().toLowerCase(Locale.ROOT)
                    + " (they read the pipeline's topics after a start; try again in a moment)");
        }
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        try {
            return streams.store(partition == null ? parameters : parameters.withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new Observability.Unavailable("The views are moving between instances or restoring (" + e.getMessage()
                    + "); try again in a moment", e);
        }
    }
}
