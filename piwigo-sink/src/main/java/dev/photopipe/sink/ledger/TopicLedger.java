package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ledger} over the compacted ledger topic. The view is one map per loaded partition;
 * maps are concurrent so that metrics and other threads may read while the consumer thread
 * writes.
 */
final class TopicLedger implements Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLedger.class);
    private static final Duration READ_POLL = Duration.ofMillis(100);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    /** A fresh reader per rebuild: assign()-only, no group, closed when the rebuild is done. */
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final Serializer<UploadOutcome> serializer;
    private final Deserializer<UploadOutcome> deserializer;
    private final Map<Integer, Map<String, UploadOutcome>> partitions = new ConcurrentHashMap<>();
    private final Timer rebuildTimer;

    TopicLedger(String topic, Producer<byte[], byte[]> producer, Supplier<Consumer<byte[], byte[]>> readers,
                Serializer<UploadOutcome> serializer, Deserializer<UploadOutcome> deserializer,
                MeterRegistry registry) {
        this.topic = topic;
        this.producer = producer;
        this.readers = readers;
        this.serializer = serializer;
        this.deserializer = deserializer;
        this.rebuildTimer = Timer.builder(LedgerMeters.REBUILD)
                .description("Time to rebuild the in-memory ledger of newly assigned partitions")
                .register(registry);
        Gauge.builder(LedgerMeters.ENTRIES, this, TopicLedger::size)
                .description("Photos held in the in-memory ledger of the assigned partitions")
                .register(registry);
    }

    @Override
    public void load(Collection<Integer> numbers) {
        if (numbers.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<TopicPartition> wanted = numbers.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<Integer, Map<String, UploadOutcome>> fresh = new HashMap<>();
        numbers.forEach(p -> fresh.put(p, new ConcurrentHashMap<>()));
        long records = 0;
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            reader.assign(wanted);
            // The end captured now is the rebuild's goal: entries written later are our own
            // (we own these partitions from here on) and reach the view through record().
            Map<TopicPartition, Long> end = reader.endOffsets(wanted);
            reader.seekToBeginning(wanted);
            Set<TopicPartition> remaining = new HashSet<>(wanted);
            remaining.removeIf(tp -> reader.position(tp) >= end.get(tp));
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(READ_POLL)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        apply(fresh.get(record.partition()), record);
                        records++;
                    }
                }
                remaining.removeIf(tp -> reader.position(tp) >= end.get(tp));
            }
        } catch (RuntimeException e) {
            throw new LedgerException("cannot read ledger partitions " + numbers + " of " + topic, e);
        }
        partitions.putAll(fresh);
        long nanos = System.nanoTime() - start;
        rebuildTimer.record(Duration.ofNanos(nanos));
        int photos = fresh.values().stream().mapToInt(Map::size).sum();
        LOG.info("Ledger partitions {} of {} rebuilt: {} records, {} photos in {} ms", numbers, topic, records,
                photos, nanos / 1_000_000);
    }

    private void apply(Map<String, UploadOutcome> view, ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        String photoId = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            view.remove(photoId); // tombstone: the photo is forgotten and may be uploaded again
            return;
        }
        try {
            view.put(photoId, deserializer.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            // An unreadable entry only costs an exist check: pwg.images.exist still prevents a
            // second image. Never stop the rebuild for it.
            view.remove(photoId);
            LOG.warn("Ledger entry {} at {}-{}@{} unreadable, ignored: {}", photoId, record.topic(),
                    record.partition(), record.offset(), e.toString());
        }
    }

    @Override
    public void forget(Collection<Integer> numbers) {
        numbers.forEach(partitions::remove);
    }

    @Override
    public Optional<UploadOutcome> outcome(int partition, String photoId) {
        Map<String, UploadOutcome> view = partitions.get(partition);
        return view == null ? Optional.empty() : Optional.ofNullable(view.get(photoId));
    }

    @Override
    public void record(List<LedgerEntry> entries) throws InterruptedException {
        if (entries.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(entries.size());
        for (LedgerEntry entry : entries) {
            // The request's partition, not the partitioner's choice: the entry must live where
            // the owner of the request will rebuild from, whatever partitioner wrote the request.
            acks.add(producer.send(new ProducerRecord<>(topic, entry.partition(), entry.key(),
                    serializer.serialize(topic, entry.outcome()))));
        }
        producer.flush();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException e) {
                throw new LedgerException("ledger write to " + topic + " failed", e.getCause());
            }
        }
        for (LedgerEntry entry : entries) {
            Map<String, UploadOutcome> view = partitions.get(entry.partition());
            if (view != null) {
                view.put(new String(entry.key(), StandardCharsets.UTF_8), entry.outcome());
            }
        }
    }

    @Override
    public int size() {
        return partitions.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
        partitions.clear();
    }
}
