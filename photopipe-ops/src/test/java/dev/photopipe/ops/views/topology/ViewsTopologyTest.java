package dev.photopipe.ops.views.topology;

import static dev.photopipe.ops.testing.PipelineRecords.AT;
import static dev.photopipe.ops.testing.PipelineRecords.audit;
import static dev.photopipe.ops.testing.PipelineRecords.avro;
import static dev.photopipe.ops.testing.PipelineRecords.changeByHand;
import static dev.photopipe.ops.testing.PipelineRecords.expiring;
import static dev.photopipe.ops.testing.PipelineRecords.letterHeaders;
import static dev.photopipe.ops.testing.PipelineRecords.outcome;
import static dev.photopipe.ops.testing.PipelineRecords.photo;
import static dev.photopipe.ops.testing.PipelineRecords.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.views.model.BatchTotals;
import dev.photopipe.ops.views.model.FailureTotals;
import dev.photopipe.ops.views.model.Journey;
import dev.photopipe.ops.views.model.LetterState;
import dev.photopipe.ops.views.model.Resolution;
import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.ExpiryEvent;
import dev.photopipe.schemas.PhotoCaptured;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views as a user reads them: journeys, batch and failure totals, the index, letters' lifecycle. */
class ViewsTopologyTest {
    private static final ViewsSettings SETTINGS = new ViewsSettings("captured", "requests", "ledger", "dead-letters",
            "replayed", "resolved", "expiry-changes", "expiry-audit", 1, 1, Map.of());

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> captured;
    private TestInputTopic<String, byte[]> requests;
    private TestInputTopic<String, byte[]> ledger;
    private TestInputTopic<byte[], byte[]> deadLetters;
    private TestInputTopic<String, byte[]> replayed;
    private TestOutputTopic<String, String> resolved;
    private TestInputTopic<String, byte[]> changes;
    private TestInputTopic<String, byte[]> audits;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        ViewsTopology.build(builder, SETTINGS);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "views-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(props), props);
        captured = driver.createInputTopic("captured", new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic("requests", new StringSerializer(), new ByteArraySerializer());
        ledger = driver.createInputTopic("ledger", new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createInputTopic("dead-letters", new ByteArraySerializer(), new ByteArraySerializer());
        replayed = driver.createInputTopic("replayed", new StringSerializer(), new ByteArraySerializer());
        resolved = driver.createOutputTopic("resolved", new StringDeserializer(), new StringDeserializer());
        changes = driver.createInputTopic("expiry-changes", new StringSerializer(), new ByteArraySerializer());
        audits = driver.createInputTopic("expiry-audit", new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void eachPhotosJourneyHoldsItsCaptureRouteAndOutcome() {
        PhotoCaptured p1 = capture("p1", "LOT-A", 1);
        route(p1, List.of("Production", "LOT-A"), List.of("lot:A", "orientation:front"));
        ledger.pipeInput("p1", avro("ledger", outcome("p1", UploadStatus.UPLOADED, 17L, List.of(5L))));

        Journey journey = journeys().get("p1");

        assertThat(journey.capture().fileName()).isEqualTo("IMG_p1.JPG");
        assertThat(journey.capture().camera()).isEqualTo("cam-1");
        assertThat(journey.route().albumPath()).containsExactly("Production", "LOT-A");
        assertThat(journey.outcome().imageId()).isEqualTo(17L);
        assertThat(journey.outcome().albumIds()).containsExactly(5L);
    }

    @Test
    void batchTotalsCountEachPhotoOnceWhateverOrderTheTopicsAreReadIn() {
        PhotoCaptured p1 = photo("p1", "LOT-A", 1, "cam-1");
        // The ledger entry first, the capture last (and twice): the totals come out the same.
        ledger.pipeInput("p1", avro("ledger", outcome("p1", UploadStatus.UPLOADED, 17L, List.of(5L))));
        route(p1, List.of("A"), List.of());
        captured.pipeInput("p1", avro("captured", p1));
        captured.pipeInput("p1", avro("captured", p1));
        PhotoCaptured p2 = capture("p2", "LOT-A", 2);
        route(p2, List.of("A"), List.of());
        ledger.pipeInput("p2", avro("ledger", outcome("p2", UploadStatus.FAILED, null, List.of())));
        capture("p3", "LOT-B", 3);

        assertThat(batches()).containsEntry("LOT-A", new BatchTotals(2, 1, 2, 1, 1))
                .containsEntry("LOT-B", new BatchTotals(1, 0, 0, 0, 0)).hasSize(2);
    }

    @Test
    void aRequestMovesAPhotoToTheBatchTheSinkActedOn() {
        PhotoCaptured p1 = capture("p1", "LOT-A", 1);
        route(photo("p1", "LOT-B", 1, "cam-1"), List.of("B"), List.of());

        assertThat(batches()).containsOnlyKeys("LOT-B");
        assertThat(findByBatch("LOT-A")).isEmpty();
        assertThat(findByBatch("LOT-B")).containsExactly("p1");
        assertThat(p1.getBatchId()).isEqualTo("LOT-A");
    }

    @Test
    void theIndexFindsPhotosByBatchFileNameCameraAndTagInCaptureOrder() {
        capture("p2", "LOT-A", 2);
        route(capture("p1", "LOT-A", 1), List.of("A"), List.of("Lot:A"));
        capture("p3", "LOT-B", 3);

        assertThat(findByBatch("LOT-A")).containsExactly("p1", "p2");
        assertThat(range(ViewIndex.lower(ViewIndex.FILE, "img_p3.jpg", 0),
                ViewIndex.upper(ViewIndex.FILE, "img_p3.jpg", Long.MAX_VALUE))).containsExactly("p3");
        assertThat(range(ViewIndex.lower(ViewIndex.CAMERA, "cam-1", 0),
                ViewIndex.upper(ViewIndex.CAMERA, "cam-1", Long.MAX_VALUE))).containsExactly("p1", "p2", "p3");
        assertThat(range(ViewIndex.lower(ViewIndex.TAG, "lot:a", 0),
                ViewIndex.upper(ViewIndex.TAG, "lot:a", Long.MAX_VALUE))).containsExactly("p1");
    }

    @Test
    void aPhotosExpiryInForceIsTheLastChangesAndLeavesTheExpiringIndexOnceTheAuditSaysItWasActedOn() {
        Instant ruleExpiry = Instant.parse("2027-01-01T00:00:00Z");
        Instant changed = Instant.parse("2026-12-24T00:00:00Z");
        capture("p1", "LOT-A", 1);
        capture("p2", "LOT-A", 2);
        ledger.pipeInput("p1", avro("ledger", expiring("p1", 17L, ruleExpiry, ExpiryAction.ARCHIVE, "consent")));
        ledger.pipeInput("p2", avro("ledger", expiring("p2", 18L, Instant.parse("2026-12-30T00:00:00Z"),
                ExpiryAction.DELETE, "licence")));

        assertThat(expiringIndex()).containsExactly("p2", "p1");
        assertThat(journeys().get("p1").pendingExpiry()).get().satisfies(e -> {
            assertThat(e.expiresAt()).isEqualTo(ruleExpiry);
            assertThat(e.ruleId()).isEqualTo("consent");
            assertThat(e.changed()).isFalse();
        });

        changes.pipeInput("p1", avro("expiry-changes", changeByHand("p1", changed, null, "consent withdrawn")));

        assertThat(expiringIndex()).as("soonest first, the change's date").containsExactly("p1", "p2");
        assertThat(journeys().get("p1").pendingExpiry()).get().satisfies(e -> {
            assertThat(e.expiresAt()).isEqualTo(changed);
            assertThat(e.action()).as("kept from the ledger").isEqualTo(ExpiryAction.ARCHIVE);
            assertThat(e.ruleId()).isNull();
            assertThat(e.changed()).isTrue();
        });

        audits.pipeInput("p1", avro("expiry-audit", audit("p1", ExpiryEvent.CHANGED, ExpiryAction.ARCHIVE, changed,
                changed.minusSeconds(86_400), null, "consent withdrawn")));
        audits.pipeInput("p1", avro("expiry-audit", audit("p1", ExpiryEvent.ARCHIVED, ExpiryAction.ARCHIVE, changed,
                changed.plusSeconds(1), null, "consent withdrawn")));

        assertThat(expiringIndex()).as("archived: nothing left to do").containsExactly("p2");
        Journey p1 = journeys().get("p1");
        assertThat(p1.expiry()).isPresent();
        assertThat(p1.pendingExpiry()).isEmpty();
        assertThat(p1.expiryAudit()).extracting(e -> e.event()).containsExactly("CHANGED", "ARCHIVED");
    }

    @Test
    void anAuditEntryReadBeforeItsLedgerEntryIsAPhotosNotAFiles() {
        Instant expiry = Instant.parse("2026-12-01T00:00:00Z");
        audits.pipeInput("p1", avro("expiry-audit", audit("p1", ExpiryEvent.ARCHIVED, ExpiryAction.ARCHIVE, expiry,
                expiry, "consent", "rule consent")));

        assertThat(journeys().get("p1").isPhoto()).isTrue();
        assertThat(range(ViewIndex.lower(ViewIndex.FILE, "p1", 0), ViewIndex.upper(ViewIndex.FILE, "p1", Long.MAX_VALUE)))
                .as("a photo id is no file name").isEmpty();
    }

    @Test
    void anAuditOfAnEarlierExpiryDoesNotEndALaterOne() {
        Instant first = Instant.parse("2026-12-01T00:00:00Z");
        Instant later = Instant.parse("2027-06-01T00:00:00Z");
        ledger.pipeInput("p1", avro("ledger", expiring("p1", 17L, first, ExpiryAction.NONE, "consent")));
        audits.pipeInput("p1", avro("expiry-audit", audit("p1", ExpiryEvent.EXPIRED_NO_ACTION, ExpiryAction.NONE, first,
                first, "consent", "rule consent")));
        assertThat(expiringIndex()).isEmpty();

        changes.pipeInput("p1", avro("expiry-changes", changeByHand("p1", later, ExpiryAction.DELETE, "new term")));

        assertThat(expiringIndex()).containsExactly("p1");
        assertThat(journeys().get("p1").pendingExpiry()).get()
                .satisfies(e -> assertThat(e.action()).isEqualTo(ExpiryAction.DELETE));
    }

    @Test
    void aDeadLetterIsPendingThenReplayedAndCountsMoveWithIt() {
        capture("p2", "LOT-A", 2);
        deadLetter("p2", Stage.SINK, ReasonCode.PIWIGO_REJECTED, "LOT-A", "Piwigo refused IMG_p2.JPG");

        assertThat(failures().get("LOT-A\0PIWIGO_REJECTED")).extracting(FailureTotals::pending,
                FailureTotals::replayed, FailureTotals::resolved, FailureTotals::latestMessage)
                .containsExactly(1L, 0L, 0L, "Piwigo refused IMG_p2.JPG");

        replayed.pipeInput("0-0", "replayed at 2026-11-20T11:00:00Z".getBytes(StandardCharsets.UTF_8));

        assertThat(failures().get("LOT-A\0PIWIGO_REJECTED")).extracting(FailureTotals::pending,
                FailureTotals::replayed).containsExactly(0L, 1L);
        assertThat(journeys().get("p2").letters().get("0-0").state()).isEqualTo(LetterState.REPLAYED);
    }

    @Test
    void aLetterIsResolvedByItselfWhenItsPhotoLaterReachesPiwigo() {
        capture("p2", "LOT-A", 2);
        deadLetter("p2", Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-A", "Piwigo did not answer");

        ledger.pipeInput("p2", avro("ledger", outcome("p2", UploadStatus.UPLOADED, 21L, List.of(5L))));

        List<TestRecord<String, String>> resolutions = resolved.readRecordsToList();
        assertThat(resolutions).hasSize(1);
        assertThat(resolutions.get(0).key()).isEqualTo("0-0");
        assertThat(resolutions.get(0).value()).contains("\"by\":\"pipeline\"", "reached Piwigo as image 21");
        // The resolution comes back through the resolutions topic (a source too) as the letter's state.
        assertThat(journeys().get("p2").letters().get("0-0").resolution().by()).isEqualTo(Resolution.PIPELINE);
        assertThat(failures().get("LOT-A\0PIWIGO_UNAVAILABLE")).extracting(FailureTotals::pending,
                FailureTotals::resolved).containsExactly(0L, 1L);
    }

    @Test
    void aLetterOfAPhotoAlreadyInPiwigoIsResolvedAtOnce() {
        capture("p2", "LOT-A", 2);
        ledger.pipeInput("p2", avro("ledger", outcome("p2", UploadStatus.ALREADY_PRESENT, 21L, List.of(5L))));

        deadLetter("p2", Stage.SINK, ReasonCode.PIWIGO_UNAVAILABLE, "LOT-A", "Piwigo did not answer");

        assertThat(journeys().get("p2").letters().get("0-0").state()).isEqualTo(LetterState.RESOLVED);
    }

    @Test
    void anIngestLetterIsAFilesJourneyFoundByBatchAndFileName() {
        deadLetter("/data/hotfolder/plant/LOT-B/empty.jpg", Stage.INGEST, ReasonCode.EMPTY_FILE, "LOT-B",
                "empty.jpg has no bytes");

        Journey file = journeys().get("/data/hotfolder/plant/LOT-B/empty.jpg");
        assertThat(file.isPhoto()).isFalse();
        assertThat(file.fileName()).isEqualTo("empty.jpg");
        assertThat(findByBatch("LOT-B")).containsExactly("/data/hotfolder/plant/LOT-B/empty.jpg");
        assertThat(batches()).as("a file that never became a photo is no photo of the batch").isEmpty();
        assertThat(failures().get("LOT-B\0EMPTY_FILE").pending()).isEqualTo(1);
    }

    @Test
    void aMarkReadBeforeItsLetterIsKept() {
        replayed.pipeInput("0-0", "replayed".getBytes(StandardCharsets.UTF_8));

        deadLetter("p9", Stage.ENRICH, ReasonCode.UNROUTABLE, "LOT-C", "no rule");

        assertThat(failures().get("LOT-C\0UNROUTABLE")).extracting(FailureTotals::pending, FailureTotals::replayed)
                .containsExactly(0L, 1L);
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheNextOneCounts() {
        captured.pipeInput("bad", new byte[] {1, 2, 3});
        capture("p1", "LOT-A", 1);

        assertThat(journeys().get("bad")).isNull();
        assertThat(batches()).containsEntry("LOT-A", new BatchTotals(1, 0, 0, 0, 0));
    }

    private PhotoCaptured capture(String id, String batch, int minute) {
        PhotoCaptured photo = photo(id, batch, minute, "cam-1");
        captured.pipeInput(id, avro("captured", photo));
        return photo;
    }

    private void route(PhotoCaptured photo, List<String> album, List<String> tags) {
        requests.pipeInput(photo.getPhotoId(), avro("requests", request(photo, album, tags)));
    }

    private void deadLetter(String key, Stage stage, ReasonCode reason, String batch, String message) {
        Headers headers = letterHeaders("requests", stage, reason, batch, message);
        deadLetters.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.UTF_8), new byte[] {1}, headers,
                AT));
    }

    private KeyValueStore<String, Journey> journeys() {
        return driver.getKeyValueStore(ViewsTopology.JOURNEYS_STORE);
    }

    private Map<String, BatchTotals> batches() {
        return all(driver.getKeyValueStore(ViewsTopology.BATCHES_STORE));
    }

    private Map<String, FailureTotals> failures() {
        return all(driver.getKeyValueStore(ViewsTopology.FAILURES_STORE));
    }

    private List<String> findByBatch(String batch) {
        return range(ViewIndex.lower(ViewIndex.BATCH, batch, 0), ViewIndex.upper(ViewIndex.BATCH, batch, Long.MAX_VALUE));
    }

    private List<String> expiringIndex() {
        return range(ViewIndex.lower(ViewIndex.EXPIRY, null, 0), ViewIndex.upper(ViewIndex.EXPIRY, null, Long.MAX_VALUE));
    }

    private List<String> range(String from, String to) {
        List<String> subjects = new ArrayList<>();
        KeyValueStore<String, byte[]> index = driver.getKeyValueStore(ViewsTopology.INDEX_STORE);
        try (KeyValueIterator<String, byte[]> it = index.range(from, to)) {
            it.forEachRemaining(entry -> subjects.add(ViewIndex.subjectOf(entry.key)));
        }
        return subjects;
    }

    private static <V> Map<String, V> all(KeyValueStore<String, V> store) {
        Map<String, V> all = new java.util.TreeMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        return all;
    }
}
