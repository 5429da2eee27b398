package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone driver over a MockConsumer: what it commits, and when, around the window. */
class ConsumerDriverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TopicPartition P0 = WindowFixture.P0;
    private static final TopicPartition P1 = WindowFixture.P1;

    @TempDir
    Path tmp;
    /**
     * Adds "commit tp=offset" to the ledger's call log for every commit, synchronous or not (the
     * mock completes both at once), so the order of commits and forgets shows.
     */
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            super.commitSync(offsets);
            log(offsets);
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                                             OffsetCommitCallback callback) {
            log(offsets);
            super.commitAsync(offsets, callback);
        }

        private void log(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.forEach((tp, o) -> fixture.ledger.calls.add("commit " + tp + "=" + o.offset()));
        }
    };
    private WindowFixture fixture;
    private ConsumerDriver driver;
    private Thread thread;

    private void start() {
        fixture = new WindowFixture(tmp, 2);
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        driver = new ConsumerDriver(consumer, WindowFixture.TOPIC, fixture.window, WAIT, Duration.ofHours(1), () -> { });
        thread = new Thread(driver, "driver-under-test");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (driver != null) {
            driver.requestStop();
            thread.join(WAIT.toMillis());
        }
    }

    private void add(TopicPartition tp, long offset, int photo) {
        SinkRecord r = fixture.record(tp, offset, photo, "md5-" + photo);
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, r.key(), r.value()));
    }

    private Long committed(TopicPartition tp) {
        OffsetAndMetadata committed = consumer.committed(Set.of(tp)).get(tp);
        return committed == null ? null : committed.offset();
    }

    @Test
    void whenCaughtUpItCommitsThePositionPastEnrichsTransactionMarker() {
        start();
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            add(P0, 0, 0);
        });
        // The record's transaction ends with a marker at offset 1: the consumer's position moves to 2.
        consumer.schedulePollTask(() -> consumer.seek(P0, 2));

        await().atMost(WAIT).until(() -> Long.valueOf(2).equals(committed(P0)));
        assertThat(fixture.ledger.recordedIds()).containsExactly("photo-0");
    }

    @Test
    void commitsOnlyWhatIsRecordedAndARevokedPartitionIsCommittedBeforeItsLedgerIsForgotten() {
        start();
        var slow = fixture.uploader.gate("md5-1");
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            add(P0, 0, 0);
            add(P0, 1, 1);
            add(P0, 2, 2);
            add(P1, 0, 3);
        });
        await().atMost(WAIT).until(() -> fixture.ledger.recorded.size() == 3);
        await().atMost(WAIT).until(() -> Long.valueOf(1).equals(committed(P0)) && Long.valueOf(1).equals(committed(P1)));

        slow.countDown();
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(WAIT).until(() -> fixture.ledger.calls.contains("forget [0]"));
        // The revoked partition's last photo finished, was recorded, committed, and only then
        // forgotten: by the revocation's commit, or by the periodic one when the photo was
        // recorded before the revocation came.
        assertThat(fixture.ledger.calls).containsSubsequence("commit requests-0=3", "forget [0]");
        assertThat(fixture.ledger.recordedIds()).contains("photo-1");
    }
}
