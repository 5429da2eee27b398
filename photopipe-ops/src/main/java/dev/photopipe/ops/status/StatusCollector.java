package dev.photopipe.ops.status;

import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.ops.TopicScan;
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
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Takes one {@link StatusReport}: offsets twice, {@code sample} apart, for lag and rates; then the
 * counting scans. Safe to call repeatedly ({@code --watch}); not thread-safe.
 */
public final class StatusCollector {
    /** The sink's consumer group: always listed, so that a sink that never committed shows up as such. */
    public static final String SINK_GROUP = "photopipe-sink";
    /** The enrich Kafka Streams application id, which is its consumer group. */
    public static final String ENRICH_GROUP = "photopipe-enrich";

    private final KafkaClients clients;
    private final TopicCatalog catalog;
    private final Map<String, ?> serdeConfigs;
    private final Duration sample;
    private final long maxRecords;
    private final Clock clock;

    /**
     * @param sample     window over which rates are measured; zero skips the rates (and the wait)
     * @param maxRecords per-topic bound of the counting scans
     */
    public StatusCollector(KafkaClients clients, TopicCatalog catalog, Map<String, ?> serdeConfigs, Duration sample,
                           long maxRecords, Clock clock) {
        this.clients = clients;
        this.catalog = catalog;
        this.serdeConfigs = serdeConfigs;
        this.sample = sample;
        this.maxRecords = maxRecords;
        this.clock = clock;
    }

    public StatusReport collect() throws InterruptedException {
        String at = clock.instant().toString();
        Set<String> topics = catalog.all().stream().map(TopicSpec::name).collect(Collectors.toSet());
        GroupOffsets.Sample before = null;
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
        List<String> idle = new ArrayList<>();
        for (String group : List.of(SINK_GROUP, ENRICH_GROUP)) {
            if (!now.committed().containsKey(group)) {
                idle.add(group);
            }
        }
        TopicCounts counts;
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            counts = new TopicCounts(new TopicScan(consumer, maxRecords), catalog, serdeConfigs).read();
        }
        return new StatusReport(at, sample.toMillis(), GroupOffsets.lag(before, now), idle, topicRates(before, now),
                counts.deadLetters(), counts.batches(), counts.scans());
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
