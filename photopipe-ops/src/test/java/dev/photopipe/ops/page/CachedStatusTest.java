package dev.photopipe.ops.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.ops.status.StatusReport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedStatusTest {
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger scans = new AtomicInteger();
    private final CachedStatus status = new CachedStatus(() -> report("scan " + scans.incrementAndGet()),
            Duration.ofSeconds(4), now::get);

    @Test
    void servesOneScanToEveryRequestWithinMaxAge() throws Exception {
        StatusReport first = status.get();
        now.addAndGet(Duration.ofMillis(3999).toNanos());

        assertThat(status.get()).isSameAs(first);
        assertThat(scans).hasValue(1);
    }

    @Test
    void scansAgainOnceTheReportIsMaxAgeOld() throws Exception {
        status.get();
        now.addAndGet(Duration.ofSeconds(4).toNanos());

        assertThat(status.get().at()).isEqualTo("scan 2");
    }

    @Test
    void scansAgainAfterInvalidation() throws Exception {
        status.get();
        status.invalidate();

        assertThat(status.get().at()).isEqualTo("scan 2");
    }

    private static StatusReport report(String at) {
        return new StatusReport(at, 0, List.of(), List.of(), List.of(),
                new StatusReport.DeadLetterCounts(List.of(), List.of(), List.of()), List.of(), List.of(),
                new StatusReport.ViewsSource("local", List.of(), null), List.of(), false);
    }
}
