package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.schemas.ExpiryAction;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.DeadLetter;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.ReplayHeaders;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.source.SourceProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadWindowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private WindowFixture fixture;

    @AfterEach
    void close() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aSlowPhotoHoldsBackOnlyItsOwnOffsetWhileTheOthersAreRecorded() {
        fixture = new WindowFixture(tmp, 4);
        CountDownLatch slow = fixture.uploader.gate("md5-0");
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 6));

        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 5);
        assertThat(fixture.ledger.recordedIds()).doesNotContain("photo-0");
        assertThat(fixture.committable()).containsEntry(WindowFixture.P0, 0L);

        slow.countDown();
        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 6);
        assertThat(fixture.committable()).containsEntry(WindowFixture.P0, 6L);
    }

    @Test
    void aFreedSlotIsFilledAtOnceWithoutWaitingForTheSlowerUpload() {
        fixture = new WindowFixture(tmp, 2);
        CountDownLatch a = fixture.uploader.gate("md5-0");
        CountDownLatch b = fixture.uploader.gate("md5-1");
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 5));
        await().atMost(WAIT).until(() -> fixture.uploader.started.size() == 2);
        assertThat(fixture.uploader.started).containsExactlyInAnyOrder("md5-0", "md5-1");

        a.countDown(); // b still runs: the next photo must start anyway
        await().atMost(WAIT).until(() -> fixture.uploader.started.contains("md5-2"));

        b.countDown();
        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 5);
        assertThat(fixture.uploader.maxRunning.get()).isEqualTo(2);
    }

    @Test
    void neverUploadsOneMd5TwiceAtATimeEvenUnderTwoPhotoIds() {
        fixture = new WindowFixture(tmp, 4);
        CountDownLatch gate = fixture.uploader.gate("same");
        fixture.window.accept(List.of(fixture.record(WindowFixture.P0, 0, 0, "same"),
                fixture.record(WindowFixture.P0, 1, 1, "same"), fixture.record(WindowFixture.P0, 2, 2, "other")));
        await().atMost(WAIT).until(() -> fixture.ledger.recordedIds().contains("photo-2"));
        assertThat(fixture.uploader.started).containsOnlyOnce("same");

        gate.countDown();
        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 3);
        assertThat(fixture.uploader.maxRunningSameMd5.get()).isEqualTo(1);
    }

    @Test
    void theSamePhotoTwiceInTheWindowIsUploadedOnceAndBothRecordsAreDone() {
        fixture = new WindowFixture(tmp, 2);
        CountDownLatch gate = fixture.uploader.gate("md5-0");
        fixture.window.accept(List.of(fixture.record(WindowFixture.P0, 0, 0, "md5-0")));
        fixture.window.accept(List.of(fixture.record(WindowFixture.P0, 1, 0, "md5-0")));
        gate.countDown();

        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(fixture.committable().get(WindowFixture.P0)));
        assertThat(fixture.uploader.started).containsExactly("md5-0");
        assertThat(fixture.ledger.recorded).hasSize(1);
        assertThat(fixture.registry.get(SinkMeters.DUPLICATES_SKIPPED).tag("source", "batch").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void prefetchesTheMd5sOfAcceptedPhotosOnlyAndBeforeTheirUploads() {
        fixture = new WindowFixture(tmp, 2);
        fixture.ledger.know(0, "photo-1", outcome("photo-1", UploadStatus.UPLOADED));
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 3));

        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 2);
        assertThat(fixture.uploader.prefetched).containsExactly(List.of("md5-0", "md5-2"));
        assertThat(fixture.uploader.started).containsExactlyInAnyOrder("md5-0", "md5-2");
    }

    @Test
    void aPhotoPiwigoKeepsFailingForIsDeadLetteredWhileTheOthersUpload() {
        fixture = new WindowFixture(tmp, InFlightLimit.fixed(2), 3);
        fixture.uploader.failing("bad", () -> new PiwigoException(PiwigoException.Kind.TRANSIENT, "pwg.categories.add", 200,
                0, "Fatal error: Uncaught mysqli_sql_exception: Incorrect string value\nStack trace: #0", null));
        fixture.window.accept(List.of(fixture.record(WindowFixture.P0, 0, 0, "bad")));
        int next = feedGoodPhotosUntilADeadLetter();

        ProducerRecord<byte[], byte[]> letter = fixture.producer.history().get(0);
        DeadLetter context = DeadLetter.fromHeaders(letter.headers());
        assertThat(context.reason()).isEqualTo(ReasonCode.PIWIGO_SERVER_ERROR);
        assertThat(context.message()).contains("Fatal error: Uncaught mysqli_sql_exception")
                .doesNotContain("Stack trace");
        assertThat(context.attempts()).isGreaterThanOrEqualTo(3);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("photo-0");
        await().atMost(WAIT).until(() -> fixture.ledger.last("photo-0") != null);
        assertThat(fixture.ledger.last("photo-0").getStatus()).isEqualTo(UploadStatus.FAILED);
        List<String> good = IntStream.range(1, next).mapToObj(i -> "photo-" + i).toList();
        await().atMost(WAIT).until(() -> fixture.ledger.recordedIds().containsAll(good));
    }

    @Test
    void whenPiwigoFailsForEveryPhotoUploadsPauseAndNothingIsDeadLettered() {
        fixture = new WindowFixture(tmp, 2);
        fixture.uploader.failEverything(() -> new PiwigoException(PiwigoException.Kind.TRANSIENT, "pwg.images.exist",
                503, 0, "Service Unavailable", null));
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 10));
        await().atMost(WAIT).until(() -> fixture.counter(SinkMeters.PAUSES) >= 1 && fixture.counter(SinkMeters.RETRIES) >= 6);
        assertThat(fixture.ledger.recorded).isEmpty();
        assertThat(fixture.committable()).containsEntry(WindowFixture.P0, 0L);

        fixture.uploader.recover();
        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 10);
        assertThat(fixture.producer.history()).isEmpty();
        assertThat(fixture.ledger.recorded).anySatisfy(e -> assertThat(e.outcome().getAttempts()).isGreaterThan(1));
        assertThat(fixture.committable()).containsEntry(WindowFixture.P0, 10L);
    }

    @Test
    void revocationLetsRunningUploadsFinishDropsWaitingOnesAndForgetsOnlyAfter() throws Exception {
        fixture = new WindowFixture(tmp, 1);
        CountDownLatch running = fixture.uploader.gate("md5-0");
        fixture.window.accept(fixture.records(WindowFixture.P1, 0, 3));
        await().atMost(WAIT).until(() -> fixture.uploader.running() == 1);

        CompletableFuture<Void> finished = CompletableFuture.runAsync(() -> {
            try {
                fixture.window.finish(List.of(WindowFixture.P1), WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Once the waiting photos are dropped, only the running one is in hand: let it finish.
        await().atMost(WAIT).until(() -> fixture.window.photosInHand() == 1);
        running.countDown();
        finished.get();

        assertThat(fixture.ledger.recordedIds()).containsExactly("photo-0");
        assertThat(fixture.uploader.started).containsExactly("md5-0");
        assertThat(fixture.committable()).containsEntry(WindowFixture.P1, 1L);
        fixture.window.forget(List.of(WindowFixture.P1));
        assertThat(fixture.ledger.calls).containsSubsequence("record 1", "forget [1]");
        assertThat(fixture.committable()).doesNotContainKey(WindowFixture.P1);
    }

    @Test
    void anUploadStillRunningPastTheRevocationBoundIsInterruptedAndLeftUncommitted() throws Exception {
        fixture = new WindowFixture(tmp, 1);
        fixture.uploader.gate("md5-0"); // never opened
        fixture.window.accept(fixture.records(WindowFixture.P1, 0, 1));
        await().atMost(WAIT).until(() -> fixture.uploader.running() == 1);

        fixture.window.finish(List.of(WindowFixture.P1), Duration.ofMillis(50));

        await().atMost(WAIT).until(() -> fixture.uploader.running() == 0);
        assertThat(fixture.ledger.recorded).isEmpty();
        assertThat(fixture.committable()).containsEntry(WindowFixture.P1, 0L);
    }

    @Test
    void aReplayedDeadLetterIsAttemptedThoughTheLedgerSaysFailed() {
        fixture = new WindowFixture(tmp, 2);
        fixture.ledger.know(0, "photo-0", outcome("photo-0", UploadStatus.FAILED));
        fixture.ledger.know(0, "photo-1", outcome("photo-1", UploadStatus.FAILED));
        fixture.ledger.know(0, "photo-2", outcome("photo-2", UploadStatus.UPLOADED));
        fixture.window.accept(List.of(
                fixture.record(WindowFixture.P0, 0, 0, "md5-0", ReplayHeaders.REPLAYED_FROM, "dlq-0@4"),
                fixture.record(WindowFixture.P0, 1, 1, "md5-1"),
                fixture.record(WindowFixture.P0, 2, 2, "md5-2", ReplayHeaders.REPLAYED_FROM, "dlq-0@5")));

        await().atMost(WAIT).until(() -> Long.valueOf(3).equals(fixture.committable().get(WindowFixture.P0)));
        assertThat(fixture.uploader.started).containsExactly("md5-0");
        assertThat(fixture.ledger.last("photo-0").getStatus()).isEqualTo(UploadStatus.UPLOADED);
    }

    @Test
    void anUndecodableRecordIsDeadLetteredThenCommitted() {
        fixture = new WindowFixture(tmp, 2);
        byte[] junk = "not avro".getBytes(StandardCharsets.UTF_8);
        fixture.window.accept(List.of(new SinkRecord(WindowFixture.TOPIC, 0, 0, null, junk, new RecordHeaders())));

        await().atMost(WAIT).until(() -> Long.valueOf(1).equals(fixture.committable().get(WindowFixture.P0)));
        assertThat(fixture.producer.history()).singleElement().satisfies(letter -> {
            assertThat(letter.value()).isEqualTo(junk);
            assertThat(DeadLetter.fromHeaders(letter.headers()).reason()).isEqualTo(ReasonCode.DESERIALIZATION_FAILED);
        });
        assertThat(fixture.ledger.recorded).isEmpty();
    }

    @Test
    void aPartitionHoldingWorkWithoutProgressIsReportedStalledUntilItMovesAgain() {
        fixture = new WindowFixture(tmp, 1);
        CountDownLatch gate = fixture.uploader.gate("md5-0");
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 2));

        await().atMost(WAIT).until(() -> !fixture.window.stalls(Duration.ofMillis(1)).isEmpty());
        assertThat(fixture.window.stalls(Duration.ofMillis(1))).singleElement()
                .satisfies(s -> {
                    assertThat(s.partition()).isEqualTo(WindowFixture.P0);
                    assertThat(s.pending()).isEqualTo(2);
                });
        assertThat(fixture.window.stalls(Duration.ofHours(1))).isEmpty();

        gate.countDown();
        await().atMost(WAIT).until(() -> fixture.window.stalls(Duration.ofMillis(1)).isEmpty());
    }

    @Test
    void stopsFeedingWhenFullAndAsksForMoreOnceThereIsRoom() {
        fixture = new WindowFixture(tmp, 1);
        CountDownLatch gate = fixture.uploader.gate("same");
        List<SinkRecord> many = new ArrayList<>();
        for (int i = 0; i < UploadWindow.CAPACITY; i++) {
            many.add(fixture.record(WindowFixture.P0, i, i, "same"));
        }
        fixture.window.accept(many);
        assertThat(fixture.window.wantsRecords()).isFalse();

        gate.countDown();
        await().atMost(WAIT).until(fixture.window::wantsRecords);
    }

    @Test
    void bytesThatDifferFromTheEventsMd5AreDeadLetteredCorruptBeforeAnyUpload() {
        fixture = new WindowFixture(tmp, 2);
        fixture.source.failing("md5-0", SourceProblem.Kind.MD5_MISMATCH);
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 1));

        await().atMost(WAIT).until(() -> fixture.producer.history().size() == 1);
        assertThat(DeadLetter.fromHeaders(fixture.producer.history().get(0).headers()).reason())
                .isEqualTo(ReasonCode.CORRUPT_IMAGE);
        assertThat(fixture.uploader.started).isEmpty();
    }

    @Test
    void whenThePhotoStoreFailsForEveryPhotoUploadsPauseAndNothingIsDeadLettered() {
        fixture = new WindowFixture(tmp, 2);
        fixture.source.failEverything();
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 10));
        await().atMost(WAIT).until(() -> fixture.counter(SinkMeters.PAUSES) >= 1 && fixture.counter(SinkMeters.RETRIES) >= 6);
        assertThat(fixture.ledger.recorded).isEmpty();
        assertThat(fixture.uploader.started).isEmpty();
        assertThat(fixture.committable()).containsEntry(WindowFixture.P0, 0L);

        fixture.source.recover();
        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 10);
        assertThat(fixture.producer.history()).isEmpty();
        assertThat(fixture.committable()).containsEntry(WindowFixture.P0, 10L);
    }

    @Test
    void aPhotoTheStoreKeepsFailingForIsDeadLetteredSourceUnreadableWhileTheOthersUpload() {
        fixture = new WindowFixture(tmp, InFlightLimit.fixed(2), 3);
        fixture.source.failing("bad", SourceProblem.Kind.UNAVAILABLE);
        fixture.window.accept(List.of(fixture.record(WindowFixture.P0, 0, 0, "bad")));
        feedGoodPhotosUntilADeadLetter();

        DeadLetter context = DeadLetter.fromHeaders(fixture.producer.history().get(0).headers());
        assertThat(context.reason()).isEqualTo(ReasonCode.SOURCE_UNREADABLE);
        assertThat(context.message()).contains("UNAVAILABLE at");
        assertThat(context.attempts()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theLedgerEntryCarriesTheRequestsRuleAndExpiryWhateverTheOutcome() {
        fixture = new WindowFixture(tmp, 2);
        fixture.uploader.present("md5-1");
        fixture.uploader.failing("md5-2", () -> new PiwigoException(PiwigoException.Kind.PERMANENT,
                "pwg.images.uploadAsync", 200, 1003, "Invalid file", null));
        Instant expiresAt = Instant.parse("2031-03-01T00:00:00Z");
        List<SinkRecord> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(WindowFixture.record(WindowFixture.P0, i, UploadRequest.newBuilder(fixture.request(i, "md5-" + i))
                    .setRuleId("consent").setExpiresAt(expiresAt.plusSeconds(i)).setExpiryAction(ExpiryAction.ARCHIVE)
                    .build()));
        }
        records.add(fixture.record(WindowFixture.P0, 3, 3, "md5-3")); // the fallback album: no rule, no expiry
        fixture.window.accept(records);

        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 4);
        assertThat(fixture.ledger.last("photo-0").getStatus()).isEqualTo(UploadStatus.UPLOADED);
        assertThat(fixture.ledger.last("photo-1").getStatus()).isEqualTo(UploadStatus.ALREADY_PRESENT);
        assertThat(fixture.ledger.last("photo-2").getStatus()).isEqualTo(UploadStatus.FAILED);
        for (int i = 0; i < 3; i++) {
            UploadOutcome entry = fixture.ledger.last("photo-" + i);
            assertThat(entry.getRuleId()).as("photo-%d", i).isEqualTo("consent");
            assertThat(entry.getExpiresAt()).as("photo-%d", i).isEqualTo(expiresAt.plusSeconds(i));
            assertThat(entry.getExpiryAction()).as("photo-%d", i).isEqualTo(ExpiryAction.ARCHIVE);
        }
        UploadOutcome fallback = fixture.ledger.last("photo-3");
        assertThat(fallback.getRuleId()).isNull();
        assertThat(fallback.getExpiresAt()).isNull();
        assertThat(fallback.getExpiryAction()).isEqualTo(ExpiryAction.NONE);
    }

    @Test
    void everyStagedPhotoIsReleasedAfterItsAttemptWhateverTheUploadDid() {
        fixture = new WindowFixture(tmp, 2);
        fixture.uploader.failing("md5-1", () -> new PiwigoException(PiwigoException.Kind.PERMANENT, "pwg.images.uploadAsync",
                200, 1003, "Invalid file", null));
        fixture.window.accept(fixture.records(WindowFixture.P0, 0, 4));

        await().atMost(WAIT).until(() -> Long.valueOf(4).equals(fixture.committable().get(WindowFixture.P0)));
        assertThat(fixture.source.staged.get()).isEqualTo(4);
        assertThat(fixture.source.open.get()).as("staged photos still held (spool files not deleted)").isZero();
    }

    /**
     * The stream goes on: good photos (offsets 1, 2, ...) keep coming and going through while a bad
     * one retries, until one dead letter is out.
     *
     * @return the offset the next good photo would have had
     */
    private int feedGoodPhotosUntilADeadLetter() {
        AtomicInteger next = new AtomicInteger(1);
        await().atMost(WAIT).until(() -> {
            int i = next.getAndIncrement();
            fixture.window.accept(List.of(fixture.record(WindowFixture.P0, i, i, "md5-" + i)));
            return fixture.producer.history().size() == 1;
        });
        return next.get();
    }

    private static UploadOutcome outcome(String photoId, UploadStatus status) {
        Instant now = Instant.now();
        return UploadOutcome.newBuilder().setPhotoId(photoId).setMd5("x").setStatus(status).setAttempts(1)
                .setFirstAttemptTime(now).setLastAttemptTime(now).setAlbumIds(List.of()).build();
    }
}
