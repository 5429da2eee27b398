package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ledger} over the compacted ledger topic, its view kept by a {@link LedgerStore}. This
 * class owns everything about the topic (reading, writing, which offset the view is complete
 * to); the store only holds entries. With a persistent store, a load reads from each partition's
 * checkpoint instead of from the beginning, unless the checkpoint cannot be trusted.
 */
final class TopicLedger implements Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLedger.class);
    private static final Duration READ_POLL = Duration.ofMillis(100);

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    /** A fresh reader per load: assign()-only, no group, closed when the load is done. */
    private final Supplier<Consumer<byte[], byte[]>> readers;
    /** Asked once per load, for persistent stores only. */
    private final Supplier<TopicFacts> facts;
    private final Serializer<UploadOutcome> serializer;
    private final LedgerStore store;
    private final Clock clock;
    /**
     * Per loaded partition, how far the store is complete: the checkpoint written on forget and
     * close. Advanced by {@link #record} only while our own entries follow each other without a
     * gap, so that an entry someone else wrote in between is read at the next load.
     */
    private final Map<Integer, Checkpoint> positions = new ConcurrentHashMap<>();
    private final Timer rebuildTimer;
    private final Counter readFromTopic;
    private final Counter alreadyLocal;

    TopicLedger(String topic, Producer<byte[], byte[]> producer, Supplier<Consumer<byte[], byte[]>> readers,
                Supplier<TopicFacts> facts, Serializer<UploadOutcome> serializer, LedgerStore store, Clock clock,
                MeterRegistry registry) {
        this.topic = topic;
        this.producer = producer;
        this.readers = readers;
        this.facts = facts;
        this.serializer = serializer;
        this.store = store;
        this.clock = clock;
        this.rebuildTimer = Timer.builder(LedgerMeters.REBUILD)
                .description("Time to load the ledger of newly assigned partitions").register(registry);
        this.readFromTopic = Counter.builder(LedgerMeters.LOAD_ENTRIES).tag("source", "topic")
                .description("Ledger records read from the topic by loads").register(registry);
        this.alreadyLocal = Counter.builder(LedgerMeters.LOAD_ENTRIES).tag("source", "local")
                .description("Ledger entries a load found in the local store already (estimate)").register(registry);
        Gauge.builder(LedgerMeters.ENTRIES, this, TopicLedger::size)
                .description("Photos in the ledger view of the assigned partitions").register(registry);
    }

    @Override
    public void load(Collection<Integer> numbers) {
        if (numbers.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        // Before the end offsets are asked for: every record at or past them is younger than this.
        Instant readAt = clock.instant();
        TopicFacts topicFacts = store.persistent() ? facts.get() : null;
        String topicId = topicFacts == null ? "" : topicFacts.topicId();
        List<TopicPartition> wanted = numbers.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> end;
        long local = 0;
        long records;
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            reader.assign(wanted);
            // The end captured now is the load's goal: entries written later are our own (we own
            // these partitions from here on) and reach the view through record().
            end = reader.endOffsets(wanted);
            Map<TopicPartition, Long> begin = reader.beginningOffsets(wanted);
            for (TopicPartition tp : wanted) {
                Optional<Checkpoint> checkpoint = store.open(tp.partition());
                Optional<String> distrust = checkpoint.flatMap(c -> distrust(c, topicFacts,
                        begin.get(tp), end.get(tp), readAt));
                if (checkpoint.isPresent() && distrust.isEmpty()) {
                    local += store.entries(tp.partition());
                    reader.seek(tp, checkpoint.get().offset());
                } else {
                    if (distrust.isPresent()) {
                        LOG.warn("Local ledger of {} not trusted, wiped and rebuilt from the topic: {}", tp,
                                distrust.get());
                        store.wipe(tp.partition());
                    }
                    reader.seekToBeginning(List.of(tp));
                }
            }
            records = readTo(reader, end);
        } catch (RuntimeException e) {
            throw new LedgerException("cannot read ledger partitions " + numbers + " of " + topic, e);
        }
        for (TopicPartition tp : wanted) {
            Checkpoint position = new Checkpoint(topicId, end.get(tp), readAt);
            positions.put(tp.partition(), position);
            // A crash from here on redoes only what follows this load.
            store.checkpoint(tp.partition(), position);
        }
        long nanos = System.nanoTime() - start;
        rebuildTimer.record(Duration.ofNanos(nanos));
        readFromTopic.increment(records);
        alreadyLocal.increment(local);
        LOG.info("Ledger partitions {} of {} loaded: {} records read from the topic, {} entries already local, "
                + "{} photos in {} ms", numbers, topic, records, local, size(), nanos / 1_000_000);
    }

    /** Why a checkpoint cannot be trusted; empty when it can. */
    private static Optional<String> distrust(Checkpoint checkpoint, TopicFacts facts, long begin, long end,
                                             Instant now) {
        if (!checkpoint.topicId().equals(facts.topicId())) {
            return Optional.of("the topic was deleted and created again (id " + checkpoint.topicId() + ", now "
                    + facts.topicId() + ")");
        }
        if (checkpoint.offset() > end) {
            return Optional.of("checkpoint at offset " + checkpoint.offset() + " beyond the topic's end " + end
                    + " (topic recreated or truncated)");
        }
        if (checkpoint.offset() < begin) {
            // Compaction never moves the log start; deleting records does, and what was deleted
            // must not live on here.
            return Optional.of("records up to offset " + begin + " were deleted, past the checkpoint at "
                    + checkpoint.offset());
        }
        Duration age = Duration.between(checkpoint.readAt(), now);
        if (age.compareTo(facts.tombstoneRetention()) > 0) {
            // Compaction keeps the latest record of every key, so reading on from the checkpoint
            // is complete, except for tombstones: the cleaner drops them after delete.retention.ms,
            // and a photo deleted since would stay in the local view.
            return Optional.of("checkpoint written " + age.toMinutes() + " min ago, longer than the topic keeps "
                    + "tombstones (delete.retention.ms " + facts.tombstoneRetention().toMillis() + ")");
        }
        return Optional.empty();
    }

    /** Reads every assigned partition up to {@code end} into the store; returns the records read. */
    private long readTo(Consumer<byte[], byte[]> reader, Map<TopicPartition, Long> end) {
        long records = 0;
        Set<TopicPartition> remaining = new HashSet<>(reader.assignment());
        remaining.removeIf(tp -> reader.position(tp) >= end.get(tp));
        while (!remaining.isEmpty()) {
            Map<Integer, List<LedgerStore.Change>> changes = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(READ_POLL)) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(tp)) {
                    records++;
                    if (record.key() != null) {
                        changes.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(
                                new LedgerStore.Change(new String(record.key(), StandardCharsets.UTF_8), record.value()));
                    }
                }
            }
            changes.forEach(store::write);
            remaining.removeIf(tp -> reader.position(tp) >= end.get(tp));
        }
        return records;
    }

    @Override
    public void forget(Collection<Integer> numbers) {
        for (int partition : numbers) {
            Checkpoint position = positions.remove(partition);
            if (position != null && store.persistent()) {
                try {
                    store.checkpoint(partition, position);
                } catch (RuntimeException e) {
                    // The previous checkpoint stays: the next load reads a little more, that is all.
                    LOG.warn("Ledger partition {} of {}: checkpoint not written ({})", partition, topic, e.toString());
                }
            }
            store.release(partition);
        }
    }

    @Override
    public Optional<UploadOutcome> outcome(int partition, String photoId) {
        return store.get(partition, photoId);
    }

    @Override
    public void record(List<LedgerEntry> entries) throws InterruptedException {
        if (entries.isEmpty()) {
            return;
        }
        // Before the sends: any record after ours was appended later than this.
        Instant sentAt = clock.instant();
        List<Future<RecordMetadata>> acks = new ArrayList<>(entries.size());
        List<byte[]> values = new ArrayList<>(entries.size());
        for (LedgerEntry entry : entries) {
            byte[] value = serializer.serialize(topic, entry.outcome());
            values.add(value);
            // The request's partition, not the partitioner's choice: the entry must live where
            // the owner of the request will rebuild from, whatever partitioner wrote the request.
            acks.add(producer.send(new ProducerRecord<>(topic, entry.partition(), entry.key(), value)));
        }
        producer.flush();
        Map<Integer, List<LedgerStore.Change>> changes = new HashMap<>();
        Map<Integer, List<Long>> offsets = new HashMap<>();
        for (int i = 0; i < acks.size(); i++) {
            RecordMetadata written;
            try {
                written = acks.get(i).get();
            } catch (ExecutionException e) {
                throw new LedgerException("ledger write to " + topic + " failed", e.getCause());
            }
            LedgerEntry entry = entries.get(i);
            changes.computeIfAbsent(entry.partition(), p -> new ArrayList<>()).add(
                    new LedgerStore.Change(new String(entry.key(), StandardCharsets.UTF_8), values.get(i)));
            offsets.computeIfAbsent(entry.partition(), p -> new ArrayList<>()).add(written.offset());
        }
        changes.forEach((partition, list) -> {
            if (positions.containsKey(partition)) {
                store.write(partition, list);
                advance(partition, offsets.get(partition), sentAt);
            }
        });
    }

    /** Moves the partition's position over our own entries as long as they follow it without a gap. */
    private void advance(int partition, List<Long> written, Instant sentAt) {
        Checkpoint position = positions.get(partition);
        long next = position.offset();
        for (long offset : written.stream().sorted().toList()) {
            if (offset == next) {
                next++;
            } else if (offset > next) {
                break; // someone else wrote in between: the next load reads from here
            }
        }
        if (next > position.offset()) {
            positions.put(partition, new Checkpoint(position.topicId(), next, sentAt));
        }
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, store.size());
    }

    @Override
    public void close() {
        try {
            forget(List.copyOf(positions.keySet()));
        } finally {
            store.close();
        }
    }

    @Override
    public void abandon() {
        positions.clear();
        store.abandon();
    }
}
