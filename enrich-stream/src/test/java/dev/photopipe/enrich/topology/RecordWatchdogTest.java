package dev.photopipe.enrich.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A stream thread held inside one record, as a stall would hold it, seen by the readiness check. */
class RecordWatchdogTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RecordWatchdog watchdog = new RecordWatchdog(Duration.ofSeconds(30), "enrich.stuck.record.ms", nanos::get);

    @Test
    void aThreadHeldOnOneRecordBeyondTheLimitIsReportedWithTheRecordAndTheSetting() throws Exception {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread streamThread = new Thread(() -> {
            watchdog.begin("photo-42", 3, 1234L);
            try {
                begun.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                watchdog.end();
            }
        }, "enrich-StreamThread-1");
        streamThread.start();
        assertThat(begun.await(30, TimeUnit.SECONDS)).isTrue();

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(watchdog.stuck()).as("within the limit").isEmpty();

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(watchdog.stuck()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("enrich-StreamThread-1", "photo-42", "partition 3", "offset 1234", "31 s",
                        "enrich.stuck.record.ms"));

        release.countDown();
        streamThread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(watchdog.stuck()).as("done with the record").isEmpty();
    }

    @Test
    void aThreadBetweenRecordsIsNeverStuck() {
        watchdog.begin("photo-1", 0, 1L);
        watchdog.end();

        nanos.addAndGet(Duration.ofHours(1).toNanos());

        assertThat(watchdog.stuck()).isEmpty();
    }
}
