package dev.photopipe.ops.status;

import dev.photopipe.ops.views.query.ViewTotals;
import dev.photopipe.ops.views.query.Views;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.TopicCatalog;
import dev.photopipe.schemas.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Takes one {@link StatusReport}: committed and end offsets through the Admin API (lag, rates),
 * and the per-batch and dead-letter counts from the maintained views ({@link Views}). Neither
 * grows with history: no topic is scanned. Rates are measured over {@code sample}, or without one
 * between this call and the previous one ({@code --watch}, the status page). Safe to call
 * repeatedly; not thread-safe.
 */
public final class StatusCollector {
    /** The sink's consumer group: always listed, so that a sink that never committed shows up as such. */
    public static final String SINK_GROUP = "photopipe-sink";
    /** The enrich Kafka Streams application id, which is its consumer group. */
    public static final String ENRICH_GROUP = "photopipe-enrich";

    private final KafkaClients clients;
    private final TopicCatalog catalog;
    private final Duration sample;
    private final Clock clock;
    private final Views views;
    private final String viewsSource;
    private GroupOffsets.Sample previous;

    /**
     * @param sample      window over which rates are measured; zero: rates between successive calls
     * @param views       where the counts come from
     * @param viewsSource names it in the report: {@code local} or the URL read
     */
    public StatusCollector(KafkaClients clients, TopicCatalog catalog, Duration sample, Clock clock, Views views,
                           String viewsSource) {
        this.clients = clients;
        this.catalog = catalog;
        this.sample = sample;
        this.clock = clock;
        this.views = views;
        this.viewsSource = viewsSource;
    }

    public StatusReport collect() throws InterruptedException {
        String at = clock.instant().toString();
        Set<String> topics = catalog.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
        GroupOffsets.Sample before = previous;
        GroupOffsets.Sample now;
        try (Admin admin = clients.admin()) {
            GroupOffsets offsets = new GroupOffsets(admin, topics);
            if (!sample.isZero()) {
                before = offsets.sample();
                // The sampling window is the point: rates are deltas over real time.
                Thread.sleep(sample.toMillis());
            }
            now = offsets.sample();
        }
        previous = now;
        List<String> idle = new ArrayList<>();
        for (String group : List.of(SINK_GROUP, ENRICH_GROUP)) {
            if (!now.committed().containsKey(group)) {
                idle.add(group);
            }
        }
        ViewTotals totals;
        StatusReport.ViewsSource source;
        try {
            totals = views.totals();
            source = new StatusReport.ViewsSource(viewsSource, totals.unreachable(), null);
        } catch (RuntimeException unavailable) {
            // Lag and rates are still worth showing; the report says why the counts are missing.
            totals = ViewTotals.none();
            source = new StatusReport.ViewsSource(viewsSource, List.of(), unavailable.getMessage());
        }
        return new StatusReport(at, sample.toMillis(), GroupOffsets.lag(before, now), idle, topicRates(before, now),
                deadLetters(totals), batches(totals), List.of(), source, totals.expiring(), totals.expiringLimitHit());
    }

    private static List<StatusReport.BatchProgress> batches(ViewTotals totals) {
        return totals.batches().stream().map(b -> new StatusReport.BatchProgress(b.batch(), b.captured(), b.duplicates(),
                b.routed(), b.uploaded(), b.failed(), b.deadLettersPending(), b.deadLettersReplayed(),
                b.deadLettersResolved())).toList();
    }

    private static StatusReport.DeadLetterCounts deadLetters(ViewTotals totals) {
        Map<String, long[]> byReason = new TreeMap<>();
        Map<String, long[]> byBatch = new TreeMap<>();
        List<StatusReport.BatchFailure> failures = new ArrayList<>();
        for (ViewTotals.FailureRow row : totals.failures()) {
            add(byReason.computeIfAbsent(row.reason(), r -> new long[3]), row);
            add(byBatch.computeIfAbsent(row.batch(), b -> new long[3]), row);
            failures.add(new StatusReport.BatchFailure(row.batch(), row.reason(), row.pending(), row.replayed(),
                    row.stage(), row.latestMessage(), row.latestFailure(), row.resolved()));
        }
        return new StatusReport.DeadLetterCounts(rows(byReason), rows(byBatch), failures);
    }

    private static void add(long[] counts, ViewTotals.FailureRow row) {
        counts[0] += row.pending();
        counts[1] += row.replayed();
        counts[2] += row.resolved();
    }

    private static List<StatusReport.LetterCount> rows(Map<String, long[]> counts) {
        List<StatusReport.LetterCount> rows = new ArrayList<>();
        counts.forEach((key, c) -> rows.add(new StatusReport.LetterCount(key, c[0], c[1], c[2])));
        return rows;
    }

    private List<StatusReport.TopicRate> topicRates(GroupOffsets.Sample before, GroupOffsets.Sample now) {
        Map<String, long[]> ends = new TreeMap<>();
        now.ends().forEach((tp, end) -> {
            long[] sums = ends.computeIfAbsent(tp.topic(), t -> new long[2]);
            sums[0] += end;
            sums[1] += before == null ? 0 : before.ends().getOrDefault(tp, end);
        });
        double seconds = before == null ? 0 : (now.atNanos() - before.atNanos()) / 1e9;
        List<StatusReport.TopicRate> rows = new ArrayList<>();
        ends.forEach((topic, sums) -> rows.add(new StatusReport.TopicRate(topic, sums[0],
                seconds > 0 ? GroupOffsets.rate(sums[1], sums[0], seconds) : null)));
        return rows;
    }
}
