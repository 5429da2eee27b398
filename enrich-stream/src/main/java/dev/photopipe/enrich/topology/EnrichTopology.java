package dev.photopipe.enrich.topology;

import dev.photopipe.enrich.routing.Router;
import dev.photopipe.enrich.status.BatchCounts;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The enrich-stream topology as a pure function of a {@link StreamsBuilder}: no clients, no
 * threads, so {@code TopologyTestDriver} and the real service run the same graph.
 *
 * <pre>
 * captured-photos (key photoId) ──► enrich (dedup store, batch counts store,
 *                                          cameras global table, rules global store)
 *                                 ──► upload-requests (key photoId)
 * cameras topic  ──► global table  {@value #CAMERAS_STORE}
 * rules topic    ──► global store  {@value #RULES_STORE} (changes apply to the next record)
 * </pre>
 *
 * <p>Store names are fixed: they name changelog topics ({@code <application.id>-<store>-changelog},
 * compacted by Streams), so renaming one loses its state.
 */
public final class EnrichTopology {
    /** Photo ids seen within the retention; value: record timestamp of the routed capture. */
    public static final String SEEN_STORE = "enrich-seen-photos";
    /** Per-batch counts, queryable through {@link dev.photopipe.enrich.status.BatchStatus}. */
    public static final String COUNTS_STORE = "enrich-batch-counts";
    public static final String CAMERAS_STORE = "enrich-cameras";
    public static final String RULES_STORE = "enrich-rules";

    record StoreNames(String seen, String counts, String cameras, String rules) {
    }

    private static final StoreNames STORES = new StoreNames(SEEN_STORE, COUNTS_STORE, CAMERAS_STORE, RULES_STORE);

    private EnrichTopology() {
    }

    /** Adds the enrich graph to {@code builder}, with a watchdog that nobody reads (tests, benchmarks). */
    public static void build(StreamsBuilder builder, TopologySettings settings, EnrichSerdes serdes) {
        build(builder, settings, serdes, new RecordWatchdog(Duration.ofDays(1), "(none)", System::nanoTime));
    }

    /**
     * Adds the enrich graph to {@code builder}; call once per builder.
     *
     * @param watchdog told when each record's processing starts and ends, to report a stuck thread
     */
    public static void build(StreamsBuilder builder, TopologySettings settings, EnrichSerdes serdes,
                             RecordWatchdog watchdog) {
        builder.globalTable(settings.camerasTopic(),
                Consumed.with(Serdes.String(), serdes.camera()).withName("cameras-source"),
                Materialized.as(CAMERAS_STORE));

        RuleBook ruleBook = new RuleBook();
        // A global store rather than a GlobalKTable: its processor tells the rule book that a rule
        // changed, so rules are recompiled only then, not for every photo. The topic is the store's
        // changelog, so the store itself logs nothing.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RULES_STORE), Serdes.String(),
                        serdes.rule()).withLoggingDisabled(),
                settings.rulesTopic(),
                Consumed.with(Serdes.String(), serdes.rule()).withName("rules-source"),
                () -> new RulesUpdater(RULES_STORE, ruleBook));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS_STORE),
                Serdes.String(), BatchCounts.serde()).withCachingEnabled());

        Router router = new Router(settings.routing());
        builder.stream(settings.capturedTopic(),
                        Consumed.with(Serdes.String(), serdes.photo()).withName("captured-source"))
                .process(() -> new EnrichProcessor(STORES, ruleBook, router, settings, watchdog),
                        Named.as("enrich"), SEEN_STORE, COUNTS_STORE)
                .to(settings.requestsTopic(),
                        Produced.with(Serdes.String(), serdes.request()).withName("requests-sink"));
    }
}
