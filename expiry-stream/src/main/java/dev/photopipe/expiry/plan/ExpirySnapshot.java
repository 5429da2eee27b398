package dev.photopipe.expiry.plan;

import dev.photopipe.expiry.topology.ExpirySerdes;
import dev.photopipe.schemas.ExpiryAudit;
import dev.photopipe.schemas.ExpiryChange;
import dev.photopipe.schemas.ExpiryNotice;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.config.KafkaClients;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what {@link ExpiryPlan} needs from the topics, each up to its end as it was when the read
 * began (committed records only): the ledger, the changes and the audit as tables (last value per
 * photo, tombstones remove), and the notices sent.
 */
public final class ExpirySnapshot {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients clients;
    private final TopicCatalog topics;
    private final ExpirySerdes serdes;

    public ExpirySnapshot(KafkaClients clients, TopicCatalog topics, ExpirySerdes serdes) {
        this.clients = clients;
        this.topics = topics;
        this.serdes = serdes;
    }

    /** The plan at {@code now}. */
    public ExpiryPlan plan(Instant now, Duration noticeBefore) {
        Map<String, UploadOutcome> ledger = table(PhotopipeTopic.SINK_LEDGER, serdes.outcome().deserializer());
        Map<String, ExpiryChange> changes = table(PhotopipeTopic.EXPIRY_CHANGES, serdes.change().deserializer());
        Map<String, ExpiryAudit> audit = table(PhotopipeTopic.EXPIRY_AUDIT, serdes.audit().deserializer());
        Set<ExpiryPlan.SentNotice> sent = new HashSet<>();
        read(PhotopipeTopic.EXPIRY_NOTICES, serdes.notice().deserializer(), (photoId, notice) -> {
            if (notice != null) {
                sent.add(new ExpiryPlan.SentNotice(notice.getPhotoId(), notice.getExpiresAt()));
            }
        });
        return ExpiryPlan.of(ledger, changes, audit, sent, now, noticeBefore);
    }

    private <V> Map<String, V> table(PhotopipeTopic topic, Deserializer<V> values) {
        Map<String, V> table = new HashMap<>();
        read(topic, values, (key, value) -> {
            if (value == null) {
                table.remove(key);
            } else {
                table.put(key, value);
            }
        });
        return table;
    }

    private <V> void read(PhotopipeTopic which, Deserializer<V> values, BiConsumer<String, V> each) {
        String topic = topics.name(which);
        try (Consumer<String, V> consumer = clients.reader(new StringDeserializer(), values)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, clients.apiTimeout());
            if (infos == null || infos.isEmpty()) {
                throw new TimeoutException("Topic " + topic + " does not exist: create the topics with `photopipe "
                        + "topics create` (with the same --set topics.prefix=...)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, clients.apiTimeout()));
            while (!end.isEmpty()) {
                for (ConsumerRecord<String, V> record : consumer.poll(POLL)) {
                    Long stop = end.get(new TopicPartition(record.topic(), record.partition()));
                    if (stop != null && record.offset() < stop && record.key() != null) {
                        each.accept(record.key(), record.value());
                    }
                }
                // Compaction and transaction markers leave gaps: the position, not a count, says when it is done.
                end.entrySet().removeIf(e -> consumer.position(e.getKey(), clients.apiTimeout()) >= e.getValue());
            }
        }
    }
}
