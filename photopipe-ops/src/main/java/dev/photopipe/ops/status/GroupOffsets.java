package dev.photopipe.ops.status;

import dev.photopipe.schemas.config.KafkaClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads, through the Admin API only, the end offsets of photopipe's topics and the committed
 * offsets of every consumer group on them. Never joins a group: a status must not trigger a
 * rebalance of the services it watches. Not thread-safe.
 */
final class GroupOffsets {
    /** One reading of the offsets. */
    record Sample(long atNanos, Map<TopicPartition, Long> ends, Map<String, Map<TopicPartition, Long>> committed) {
    }

    private final Admin admin;
    private final Set<String> topics;

    GroupOffsets(Admin admin, Set<String> topics) {
        this.admin = admin;
        this.topics = topics;
    }

    Sample sample() throws InterruptedException {
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        Collection<GroupListing> groups = await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
        if (!groups.isEmpty()) {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.forEach(group -> specs.put(group.groupId(), new ListConsumerGroupOffsetsSpec()));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> all =
                    await(admin.listConsumerGroupOffsets(specs).all());
            all.forEach((group, offsets) -> offsets.forEach((tp, offset) -> {
                // A null offset: the partition is assigned but nothing was committed yet.
                if (offset != null && topics.contains(tp.topic())) {
                    committed.computeIfAbsent(group, g -> new HashMap<>()).put(tp, offset.offset());
                }
            }));
        }
        Map<TopicPartition, OffsetSpec> query = new HashMap<>();
        Map<String, org.apache.kafka.clients.admin.TopicDescription> descriptions =
                await(admin.describeTopics(topics).allTopicNames());
        descriptions.forEach((name, description) -> description.partitions()
                .forEach(p -> query.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        await(admin.listOffsets(query).all()).forEach((tp, info) -> ends.put(tp, info.offset()));
        return new Sample(System.nanoTime(), ends, committed);
    }

    /** Lag per group and partition at {@code now}; rates against {@code before} when given. */
    static List<StatusReport.PartitionLag> lag(Sample before, Sample now) {
        List<StatusReport.PartitionLag> rows = new ArrayList<>();
        double seconds = before == null ? 0 : (now.atNanos() - before.atNanos()) / 1e9;
        now.committed().forEach((group, offsets) -> offsets.forEach((tp, committed) -> {
            long end = now.ends().getOrDefault(tp, committed);
            Double in = null;
            Double out = null;
            if (seconds > 0) {
                in = rate(before.ends().get(tp), end, seconds);
                out = rate(before.committed().getOrDefault(group, Map.of()).get(tp), committed, seconds);
            }
            rows.add(new StatusReport.PartitionLag(group, tp.topic(), tp.partition(), committed, end,
                    Math.max(0, end - committed), in, out));
        }));
        rows.sort((a, b) -> a.group().equals(b.group())
                ? (a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()))
                : a.group().compareTo(b.group()));
        return rows;
    }

    static Double rate(Long before, long now, double seconds) {
        return before == null ? null : Math.round((now - before) / seconds * 10) / 10.0;
    }

    private static <T> T await(KafkaFuture<T> future) throws InterruptedException {
        try {
            return future.get(KafkaClients.API_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka
                    : new KafkaException("Reading offsets failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka did not answer within " + KafkaClients.API_TIMEOUT.toSeconds()
                    + " s: check --bootstrap-servers and that the cluster is up", e);
        }
    }
}
