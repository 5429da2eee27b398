package dev.photopipe.ops.views.topology;

import dev.photopipe.ops.views.model.Capture;
import dev.photopipe.ops.views.model.ExpiryChangeFact;
import dev.photopipe.ops.views.model.ExpiryEventFact;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.Letter;
import dev.photopipe.ops.views.model.Outcome;
import dev.photopipe.ops.views.model.Resolution;
import dev.photopipe.ops.views.model.Resolutions;
import dev.photopipe.ops.views.model.Route;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.serde.AvroSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The maintained views as a pure function of a {@link StreamsBuilder}: no clients, no threads, so
 * {@code TopologyTestDriver} and the running service build the same graph.
 *
 * <pre>
 * dead letters ──► read headers, key by letter id ──► repartition "letters-by-id" ─┐
 * replayed marks (key letter id) ───────────────────────────────────────────────────┼─► letter lifecycle
 * resolutions (key letter id) ──────────────────────────────────────────────────────┘   ({@value #LETTERS_STORE})
 *        ──► key by subject (photo id / file) ──► repartition "letters-by-subject" ─┐
 * expiry audit (key photo id, any partition count) ──► repartition "audit-by-photo" ─┤
 * captures, requests, ledger, expiry changes (key photo id, co-partitioned) ────────┴─► journeys
 *        ({@value #JOURNEYS_STORE}, {@value #INDEX_STORE}, {@value #BATCHES_STORE}, {@value #FAILURES_STORE})
 *        ──► resolutions of letters whose photo reached Piwigo ──► resolutions topic
 * </pre>
 *
 * <p>The views only read photopipe's topics (and write the pipeline's resolutions): deleting
 * their state, or the application's internal topics, rebuilds them from the topics' retained
 * history. Store names are fixed: they name changelog topics.
 */
public final class ViewsTopology {
    /** Journey per photo id (or file path for ingest failures). */
    public static final String JOURNEYS_STORE = "views-journeys";
    /** Secondary index of the journeys, see {@link ViewIndex}. */
    public static final String INDEX_STORE = "views-index";
    /** Batch totals per batch, this partition's share. */
    public static final String BATCHES_STORE = "views-batches";
    /** Failure totals per batch and reason (key {@code batch NUL reason}), this partition's share. */
    public static final String FAILURES_STORE = "views-failures";
    /** Dead letters by letter id, with their marks and resolutions. */
    public static final String LETTERS_STORE = "views-letters";

    private ViewsTopology() {
    }

    /** Adds the views to {@code builder}; call once per builder. */
    public static void build(StreamsBuilder builder, ViewsSettings settings) {
        JsonSerde<Letter> letterSerde = new JsonSerde<>(Letter.class);
        JsonSerde<LetterEvent> eventSerde = new JsonSerde<>(LetterEvent.class);

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LETTERS_STORE),
                Serdes.String(), letterSerde).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOURNEYS_STORE),
                Serdes.String(), new JsonSerde<>(Journey.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BATCHES_STORE),
                Serdes.String(), new JsonSerde<>(BatchTotals.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FAILURES_STORE),
                Serdes.String(), new JsonSerde<>(FailureTotals.class)).withCachingEnabled());

        // Letters, keyed by letter id next to their marks and resolutions.
        KStream<String, LetterEvent> read = builder.stream(settings.deadLetterTopic(),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letters-source"))
                .process(LetterReader::new, Named.as("read-letters"))
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName("letters-by-id")
                        .withNumberOfPartitions(settings.letterPartitions()));
        KStream<String, LetterEvent> replayed = builder.stream(settings.replayedTopic(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("replayed-source"))
                .processValues(() -> new EventOf<>(record -> LetterEvent.replayed(record.timestamp())),
                        Named.as("read-marks"));
        KStream<String, LetterEvent> resolved = builder.stream(settings.resolvedTopic(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("resolved-source"))
                .processValues(() -> new EventOf<>(record -> LetterEvent.resolved(
                        Resolutions.decode(record.value(), record.timestamp()))), Named.as("read-resolutions"));
        KStream<String, Letter> letters = read.merge(replayed, Named.as("letters-and-marks"))
                .merge(resolved, Named.as("letters-marks-and-resolutions"))
                .process(LetterLifecycle::new, Named.as("letter-lifecycle"), LETTERS_STORE)
                .repartition(Repartitioned.with(Serdes.String(), letterSerde).withName("letters-by-subject")
                        .withNumberOfPartitions(settings.photoPartitions()));

        // Journeys, keyed by photo id.
        String[] stores = {JOURNEYS_STORE, INDEX_STORE, BATCHES_STORE, FAILURES_STORE};
        Deserializer<PhotoCaptured> captures = avro(PhotoCaptured.class, settings);
        Deserializer<UploadRequest> requests = avro(UploadRequest.class, settings);
        Deserializer<UploadOutcome> outcomes = avro(UploadOutcome.class, settings);
        KStream<String, Resolution> fromCaptures = photos(builder, settings.capturedTopic(), "captured")
                .process(input(captures, (journey, photo) -> journey.withCapture(capture(photo))),
                        Named.as("journey-captures"), stores);
        KStream<String, Resolution> fromRequests = photos(builder, settings.requestsTopic(), "requests")
                .process(input(requests, (journey, request) -> journey.withRoute(route(request))),
                        Named.as("journey-requests"), stores);
        KStream<String, Resolution> fromLedger = photos(builder, settings.ledgerTopic(), "ledger")
                .process(input(outcomes, (journey, outcome) -> journey.withOutcome(outcome(outcome))),
                        Named.as("journey-outcomes"), stores);
        // The changes share the ledger's partitions (same key, same count: the catalog's photo-id group). The audit
        // does not: its partition count is free, so its records are re-keyed into the photo partitions first, or a
        // photo's audit would land in another task's stores than its journey.
        KStream<String, Resolution> fromChanges = photos(builder, settings.changesTopic(), "expiry-changes")
                .process(input(avro(ExpiryChange.class, settings), (journey, change) ->
                        journey.withExpiryChange(change(change))), Named.as("journey-expiry-changes"), stores);
        KStream<String, Resolution> fromAudit = photos(builder, settings.auditTopic(), "expiry-audit")
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("audit-by-photo")
                        .withNumberOfPartitions(settings.photoPartitions()))
                .process(input(avro(ExpiryAudit.class, settings), (journey, audit) ->
                        journey.withExpiryEvent(event(audit))), Named.as("journey-expiry-audit"), stores);
        KStream<String, Resolution> fromLetters = letters
                .process(() -> JourneyInput.<Letter, Letter>of((topic, headers, letter) -> letter, Journey::withLetter),
                        Named.as("journey-letters"), stores);
        fromCaptures.merge(fromRequests).merge(fromLedger).merge(fromChanges).merge(fromAudit).merge(fromLetters)
                .mapValues(Resolutions::encode, Named.as("encode-resolutions"))
                .to(settings.resolvedTopic(), Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("resolutions-sink"));
    }

    private static KStream<String, byte[]> photos(StreamsBuilder builder, String topic, String name) {
        return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "-source"));
    }

    private static <V> ProcessorSupplier<String, byte[], String, Resolution> input(Deserializer<V> decoder,
            java.util.function.BiFunction<Journey, V, Journey> apply) {
        return () -> JourneyInput.of(decoder::deserialize, apply);
    }

    private static <T extends SpecificRecord> Deserializer<T> avro(Class<T> type, ViewsSettings settings) {
        return AvroSerdes.forClass(type, settings.serdeConfigs()).deserializer();
    }

    static Capture capture(PhotoCaptured photo) {
        return new Capture(photo.getCaptureTime().toEpochMilli(), photo.getIngestTime().toEpochMilli(),
                photo.getOriginalFileName(), photo.getSourceUri(), photo.getSourceId(), photo.getSite(), photo.getLine(),
                photo.getStation(), photo.getBatchId(), photo.getMediaType(), photo.getSizeBytes(), photo.getMd5());
    }

    static Route route(UploadRequest request) {
        return new Route(request.getAlbumPath(), request.getTags(), request.getRuleId(), request.getPhoto().getBatchId());
    }

    static Outcome outcome(UploadOutcome outcome) {
        return new Outcome(outcome.getStatus().name(), outcome.getPiwigoImageId(), outcome.getAlbumIds(),
                outcome.getAttempts(), outcome.getLastError(), outcome.getLastAttemptTime().toEpochMilli(),
                outcome.getRuleId(), outcome.getExpiresAt() == null ? null : outcome.getExpiresAt().toEpochMilli(),
                outcome.getExpiryAction() == null ? null : outcome.getExpiryAction().name());
    }

    static ExpiryChangeFact change(ExpiryChange change) {
        return new ExpiryChangeFact(change.getExpiresAt() == null ? null : change.getExpiresAt().toEpochMilli(),
                change.getExpiryAction() == null ? null : change.getExpiryAction().name(), change.getRuleId(),
                change.getReason(), change.getRequestedBy(), change.getRequestedAt().toEpochMilli());
    }

    static ExpiryEventFact event(ExpiryAudit audit) {
        return new ExpiryEventFact(audit.getEvent().name(), audit.getExpiryAction().name(),
                audit.getExpiresAt() == null ? null : audit.getExpiresAt().toEpochMilli(),
                audit.getEventTime().toEpochMilli(), audit.getRuleId(), audit.getReason(), audit.getDetail());
    }

    /** Turns a mark or resolution record into its letter event, keeping the key. */
    private static final class EventOf<V> implements org.apache.kafka.streams.processor.api.FixedKeyProcessor<String, V, LetterEvent> {
        private final java.util.function.Function<FixedKeyRecord<String, V>, LetterEvent> event;
        private org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, LetterEvent> context;

        EventOf(java.util.function.Function<FixedKeyRecord<String, V>, LetterEvent> event) {
            this.event = event;
        }

        @Override
        public void init(org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, LetterEvent> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            if (record.key() != null && record.value() != null) {
                context.forward(record.withValue(event.apply(record)));
            }
        }
    }
}
