package dev.photopipe.sink.consume;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void aSeriesRunsOnDueAfterEachFailureAndStopsWhenEnded() {
        try (Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), 0.5)) {
            AtomicInteger due = new AtomicInteger();
            Backoff.Series series = backoff.start(new IllegalStateException("down"), due::incrementAndGet);
            await().atMost(Duration.ofSeconds(30)).until(() -> due.get() == 1);

            series.failed(new IllegalStateException("still down"));
            await().atMost(Duration.ofSeconds(30)).until(() -> due.get() == 2);
            series.end();
        }
    }

    @Test
    void equalInitialAndMaxWaitsAreAFixedDelay() {
        try (Backoff backoff = new Backoff(Duration.ofMillis(2), Duration.ofMillis(2), 0)) {
            AtomicInteger due = new AtomicInteger();
            backoff.start(new IllegalStateException("x"), due::incrementAndGet);
            await().atMost(Duration.ofSeconds(30)).until(() -> due.get() == 1);
        }
    }
}
