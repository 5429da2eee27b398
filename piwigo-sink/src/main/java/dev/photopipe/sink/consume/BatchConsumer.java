package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.ReplayHeaders;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.ledger.LedgerEntry;
import dev.photopipe.sink.source.PhotoStaging;
import dev.photopipe.sink.source.StagedPhoto;
import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.UploadResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RequestConsumer} that handles one poll batch at a time: nothing of a batch is in flight
 * when the next poll runs, so a rebalance (which happens inside poll) never meets a running
 * upload, and committed offsets always cover durably recorded work only.
 */
final class BatchConsumer implements RequestConsumer, ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<UploadRequest> deserializer;
    private final PhotoUploader uploader;
    private final PhotoStaging staging;
    private final Ledger ledger;
    private final DeadLetterPublisher deadLetters;
    private final ExecutorService workers;
    private final ExponentialBackoff pauseBackoff;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter uploads;
    private final Counter uploadBytes;
    private final Timer latency;
    private final Counter skippedByLedger;
    private final Counter skippedInBatch;
    private final Counter skippedInGallery;
    private final Counter forceChecks;
    private final Counter retries;
    private final Counter pauses;

    private volatile boolean stopping;
    private volatile boolean abandoned;
    private volatile Throwable failure;

    // Owned by the run() thread.
    private long pausedUntilMs;
    private int pausesInRow;
    /** Photos sent back for a later attempt: their earlier attempts count in the ledger entry. */
    private final Map<String, Attempts> retrying = new HashMap<>();
    /** The offsets this instance last committed, per partition it owns. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** The consumer's own metrics (lag, fetch rates) on /metrics; closed with it. */
    private final KafkaClientMetrics consumerMetrics;

    /** Attempts so far at one photo, and when the first began. */
    private record Attempts(int count, Instant first) {
    }

    BatchConsumer(Consumer<byte[], byte[]> consumer, String topic, Deserializer<UploadRequest> deserializer,
                  PhotoUploader uploader, PhotoStaging staging, Ledger ledger, DeadLetterPublisher deadLetters,
                  ExecutorService workers,
                  ExponentialBackoff pauseBackoff, MeterRegistry registry, KafkaClientMetrics consumerMetrics) {
        this.consumer = consumer;
        this.consumerMetrics = consumerMetrics;
        this.topic = topic;
        this.deserializer = deserializer;
        this.uploader = uploader;
        this.staging = staging;
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.workers = workers;
        this.pauseBackoff = pauseBackoff;
        this.uploads = Counter.builder(SinkMeters.UPLOADS).description("Images created in Piwigo").register(registry);
        this.uploadBytes = Counter.builder(SinkMeters.UPLOAD_BYTES).baseUnit("bytes")
                .description("Bytes of the photos uploaded").register(registry);
        this.latency = Timer.builder(SinkMeters.UPLOAD_LATENCY)
                .description("One photo through the uploader: exist check, upload, publish, links").register(registry);
        this.skippedByLedger = skipped(registry, "ledger");
        this.skippedInBatch = skipped(registry, "batch");
        this.skippedInGallery = skipped(registry, "gallery");
        this.forceChecks = Counter.builder(SinkMeters.FORCE_CHECKS)
                .description("Requests the ledger knew, checked against Piwigo on a force-check replay").register(registry);
        this.retries = Counter.builder(SinkMeters.RETRIES)
                .description("Records left uncommitted for a later attempt (Piwigo unavailable)").register(registry);
        this.pauses = Counter.builder(SinkMeters.PAUSES)
                .description("Times the partitions were paused to back off").register(registry);
        Gauge.builder(SinkMeters.IN_FLIGHT, inFlight, AtomicInteger::get)
                .description("Photos in the uploader right now").register(registry);
    }

    private static Counter skipped(MeterRegistry registry, String source) {
        return Counter.builder(SinkMeters.DUPLICATES_SKIPPED).tag("source", source)
                .description("Requests that needed no upload").register(registry);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (!stopping && !abandoned) {
                resumeWhenDue();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout());
                if (!records.isEmpty()) {
                    handle(records);
                } else {
                    commitPastMarkers();
                }
            }
        } catch (InterruptedException | InterruptException e) {
            if (!abandoned) {
                failure = e;
                LOG.error("piwigo-sink consumer interrupted; stopping without committing the batch in hand");
            }
        } catch (FatalFailure e) {
            failure = e.getCause();
            LOG.error("piwigo-sink stopped: {}", e.getMessage());
        } catch (RuntimeException e) {
            if (!abandoned) {
                failure = e;
                LOG.error("piwigo-sink stopped on an unexpected failure; the batch in hand stays uncommitted", e);
            }
        } finally {
            workers.shutdownNow();
            Thread.interrupted(); // close() must not fail on the flag a crash or stop left behind
            // An abandoned consumer still leaves the group: the successor gets the partitions
            // without waiting for the session timeout. Nothing is committed either way.
            consumer.close(CloseOptions.timeout(abandoned ? Duration.ZERO : Duration.ofSeconds(5)));
            consumerMetrics.close();
        }
    }

    private Duration pollTimeout() {
        if (pausedUntilMs == 0) {
            return POLL;
        }
        return Duration.ofMillis(Math.max(1, Math.min(POLL.toMillis(), pausedUntilMs - System.currentTimeMillis())));
    }

    private void resumeWhenDue() {
        if (pausedUntilMs != 0 && System.currentTimeMillis() >= pausedUntilMs) {
            pausedUntilMs = 0;
            LOG.info("Resuming {} partitions after the pause; retrying the unfinished records",
                    consumer.paused().size());
            consumer.resume(consumer.paused());
        }
    }

    /** One poll batch, from decoding to the commit. */
    private void handle(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        Map<TopicPartition, List<Slot>> byPartition = new LinkedHashMap<>();
        Map<String, Task> tasks = new LinkedHashMap<>();
        // The first upload of the batch that finds Piwigo unavailable spares the others the
        // attempt: they would only add load to a server that is down or overloaded.
        AtomicReference<Throwable> unavailable = new AtomicReference<>();
        for (TopicPartition tp : records.partitions()) {
            List<Slot> slots = new ArrayList<>();
            byPartition.put(tp, slots);
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                Slot slot = new Slot(record);
                slots.add(slot);
                schedule(slot, tasks, unavailable);
            }
        }
        for (Task task : tasks.values()) {
            task.await();
        }
        if (abandoned) {
            return;
        }

        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        Map<TopicPartition, Long> firstUnfinished = new HashMap<>();
        for (Map.Entry<TopicPartition, List<Slot>> e : byPartition.entrySet()) {
            List<Slot> slots = e.getValue();
            long commitAt = slots.get(slots.size() - 1).record.offset() + 1;
            for (Slot slot : slots) {
                if (slot.unfinished()) {
                    commitAt = slot.record.offset();
                    firstUnfinished.put(e.getKey(), commitAt);
                    break;
                }
            }
            if (!firstUnfinished.containsKey(e.getKey())) {
                // Everything this partition returned is done: commit the consumer's position, which
                // is past the transaction markers enrich's commits leave behind. Committing "last
                // record + 1" would leave the group one offset behind forever (lag 1 in status).
                commitAt = Math.max(commitAt, consumer.position(e.getKey()));
            }
            if (commitAt > slots.get(0).record.offset()) {
                commits.put(e.getKey(), new OffsetAndMetadata(commitAt));
            }
        }

        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        for (Task task : tasks.values()) {
            task.record(entries, sent);
        }
        for (Map.Entry<TopicPartition, List<Slot>> e : byPartition.entrySet()) {
            OffsetAndMetadata commit = commits.get(e.getKey());
            for (Slot slot : e.getValue()) {
                // An undecodable record past the commit point comes back after the pause: its
                // dead letter is sent then, once. (Decoded ones are covered by their ledger entry.)
                if (slot.undecodable != null && commit != null && slot.record.offset() < commit.offset()) {
                    sent.add(deadLetters.publish(slot.record, ReasonCode.DESERIALIZATION_FAILED, slot.undecodable,
                            null, 1, Instant.now()));
                }
            }
        }
        ledger.record(entries);
        for (Future<RecordMetadata> ack : sent) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new FatalFailure("dead letter not written to the dead-letter topic; nothing committed",
                        e.getCause());
            }
        }
        if (abandoned) {
            return;
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
            commits.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }
        for (Task task : tasks.values()) {
            if (task.verdict != null && task.verdict.action() == Verdict.Action.STOP) {
                throw new FatalFailure("Piwigo refused the sink's credentials (" + task.failure.getMessage()
                        + "). Check piwigo.api.key or piwigo.username/piwigo.password; no record was "
                        + "dead-lettered and the unfinished ones stay uncommitted.", task.failure);
            }
        }
        for (Task task : tasks.values()) {
            if (task.verdict != null && task.verdict.action() == Verdict.Action.RETRY_LATER) {
                retrying.put(task.photoId, new Attempts(task.attempt, task.started));
            }
        }
        if (!firstUnfinished.isEmpty()) {
            pause(firstUnfinished, tasks.values());
        } else {
            pausesInRow = 0;
        }
    }

    private void schedule(Slot slot, Map<String, Task> tasks, AtomicReference<Throwable> unavailable) {
        UploadRequest request;
        try {
            request = deserializer.deserialize(slot.record.topic(), slot.record.headers(), slot.record.value());
            if (request == null) {
                throw new SerializationException("no value (tombstone) on the upload request topic");
            }
        } catch (RuntimeException e) {
            slot.undecodable = e; // whatever the serde threw, the bytes are not an upload request
            return;
        }
        String photoId = slot.record.key() != null ? new String(slot.record.key(), StandardCharsets.UTF_8)
                : request.getPhoto().getPhotoId();
        Optional<UploadOutcome> known = ledger.outcome(slot.record.partition(), photoId);
        if (known.isPresent() && known.get().getStatus() != UploadStatus.UNKNOWN) {
            if (!forceCheck(slot.record)) {
                skippedByLedger.increment();
                return;
            }
            // The ledger may remember an upload Piwigo lost (a restored backup): the uploader's
            // exist check decides, linking a present image and uploading a missing one again.
            forceChecks.increment();
        }
        Task task = tasks.get(photoId);
        if (task != null) {
            skippedInBatch.increment(); // the same photo twice in one batch: upload it once
            slot.task = task;
            return;
        }
        task = new Task(photoId, slot, request, retrying.remove(photoId), unavailable);
        slot.task = task;
        tasks.put(photoId, task);
        Task submitted = task;
        task.future = workers.submit(submitted::run);
    }

    private static boolean forceCheck(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(ReplayHeaders.FORCE_CHECK);
        return header != null && header.value() != null
                && ReplayHeaders.FORCE_CHECK_TRUE.equals(new String(header.value(), StandardCharsets.UTF_8).strip());
    }

    /**
     * After a poll that returned no record: when a batch's last records came in an earlier poll
     * than the transaction marker behind them (max.poll.records cut the fetch), only this poll
     * moved the position past the marker. Committing it keeps the group's lag at 0 instead of 1
     * until the next request arrives. Safe: nothing is in flight between polls, and a paused
     * partition's position is its first unfinished record.
     */
    private void commitPastMarkers() {
        if (pausedUntilMs != 0) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            Long done = committed.get(tp);
            long position = consumer.position(tp);
            if (done != null && position > done) {
                commits.put(tp, new OffsetAndMetadata(position));
            }
        }
        if (!commits.isEmpty()) {
            consumer.commitSync(commits);
            commits.forEach((tp, offset) -> committed.put(tp, offset.offset()));
        }
    }

    private void pause(Map<TopicPartition, Long> firstUnfinished, Collection<Task> tasks) {
        long unfinished = tasks.stream().filter(t -> t.verdict != null && t.verdict.action() == Verdict.Action.RETRY_LATER).count();
        String cause = tasks.stream().filter(t -> t.verdict != null && t.verdict.action() == Verdict.Action.RETRY_LATER).findFirst()
                .map(t -> t.failure.getMessage()).orElse("unknown");
        firstUnfinished.forEach(consumer::seek);
        consumer.pause(consumer.assignment());
        long delayMs = pauseBackoff.backoff(pausesInRow++);
        pausedUntilMs = System.currentTimeMillis() + delayMs;
        retries.increment(unfinished);
        pauses.increment();
        LOG.warn("Piwigo unavailable ({}). {} photos left uncommitted; pausing {} partitions for {} ms "
                        + "(pause {} in a row), then resuming at offsets {}", cause, unfinished,
                consumer.assignment().size(), delayMs, pausesInRow, firstUnfinished);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        ledger.load(numbers(partitions));
        if (pausedUntilMs != 0) {
            consumer.pause(partitions); // a backoff in progress covers every partition we own
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (abandoned) {
            return; // closing an abandoned consumer revokes too: a crash saves no ledger checkpoint
        }
        // Nothing is in flight between polls and every batch committed before this poll.
        ledger.forget(numbers(partitions));
        partitions.forEach(committed::remove);
        retrying.clear(); // the new owner counts from its own first attempt
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (abandoned) {
            return;
        }
        ledger.forget(numbers(partitions));
        partitions.forEach(committed::remove);
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }

    @Override
    public void requestStop() {
        stopping = true;
    }

    @Override
    public void abandon() {
        abandoned = true;
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(ABANDON_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Upload threads still running {} after abandoning them", ABANDON_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** One record of the batch. */
    private static final class Slot {
        final ConsumerRecord<byte[], byte[]> record;
        /** Set when the value could not be decoded. */
        Throwable undecodable;
        /** The upload this record rides on; null when skipped or undecodable. */
        Task task;

        Slot(ConsumerRecord<byte[], byte[]> record) {
            this.record = record;
        }

        boolean unfinished() {
            return task != null && task.verdict != null && task.verdict.action() != Verdict.Action.DEAD_LETTER;
        }
    }

    /** One photo of the batch, uploaded once however many of its records the batch holds. */
    private final class Task {
        final String photoId;
        final Slot first;
        final UploadRequest request;
        /** Shared by the tasks of one batch: set by the first that finds Piwigo unavailable. */
        final AtomicReference<Throwable> unavailable;
        /** 1 for the first attempt at this photo in this instance, more after pauses. */
        final int attempt;
        /** When the first attempt began. */
        final Instant started;
        Future<?> future;
        // Written by the worker thread, read after future.get(): the future orders the accesses.
        UploadResult result;
        Throwable failure;
        Verdict verdict;

        Task(String photoId, Slot first, UploadRequest request, Attempts earlier,
             AtomicReference<Throwable> unavailable) {
            this.unavailable = unavailable;
            this.photoId = photoId;
            this.first = first;
            this.request = request;
            this.attempt = earlier == null ? 1 : earlier.count() + 1;
            this.started = earlier == null ? Instant.now() : earlier.first();
        }

        void run() {
            Throwable down = unavailable.get();
            if (down != null) {
                failure = down;
                verdict = Verdict.RETRY_LATER;
                return;
            }
            inFlight.incrementAndGet();
            long start = System.nanoTime();
            try {
                try (StagedPhoto staged = RequestMapper.stage(request, staging)) {
                    RequestMapper.Mapped mapped = RequestMapper.map(request, staged.path());
                    result = uploader.upload(mapped.request());
                    latency.record(Duration.ofNanos(System.nanoTime() - start));
                    if (result.uploaded()) {
                        uploads.increment();
                        uploadBytes.increment(mapped.sizeBytes());
                    } else {
                        skippedInGallery.increment();
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
                verdict = Failures.classify(e);
                if (verdict.action() == Verdict.Action.RETRY_LATER) {
                    unavailable.compareAndSet(null, e);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }

        void await() throws InterruptedException {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new FatalFailure("upload thread failed", e.getCause());
            }
        }

        /** Adds this photo's ledger entry and dead letter, if its work is finished. */
        void record(List<LedgerEntry> entries, List<Future<RecordMetadata>> sent) {
            byte[] key = first.record.key() != null ? first.record.key() : photoId.getBytes(StandardCharsets.UTF_8);
            Instant now = Instant.now();
            UploadOutcome.Builder outcome = UploadOutcome.newBuilder().setPhotoId(photoId)
                    .setMd5(request.getPhoto().getMd5()).setAttempts(attempt)
                    .setFirstAttemptTime(started).setLastAttemptTime(now);
            if (result != null) {
                outcome.setStatus(result.uploaded() ? UploadStatus.UPLOADED : UploadStatus.ALREADY_PRESENT)
                        .setPiwigoImageId(result.imageId()).setAlbumIds(List.of(result.albumId()));
            } else if (verdict.action() == Verdict.Action.DEAD_LETTER) {
                sent.add(deadLetters.publish(first.record, verdict.reason(), failure,
                        request.getPhoto().getBatchId(), attempt, started));
                outcome.setStatus(UploadStatus.FAILED).setAlbumIds(List.of())
                        .setLastError(verdict.reason() + ": " + failure.getMessage());
            } else {
                return; // unfinished: no entry, the record stays uncommitted
            }
            entries.add(new LedgerEntry(first.record.partition(), key, outcome.build()));
        }
    }

    /** The sink cannot go on; the message says why in an operator's words. */
    private static final class FatalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FatalFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
