package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.sink.source.PhotoSource;
import dev.photopipe.sink.upload.PhotoUploader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's core: a continuous upload window over the records it is given. Up to the
 * {@link InFlightLimit}, uploads run whenever photos wait, at most one per md5; each photo's
 * outcome is written the moment it is known, and its records stop holding their partition's
 * commit point once the write is acknowledged. A photo that fails transiently waits while the
 * others go on; when Piwigo fails for every photo, all uploads pause and one photo probes.
 *
 * <p>A facade over parts with one job each: {@link Intake} (what a record needs),
 * {@link PhotosInHand} (the photos held), {@link Dispatch} (which upload starts when),
 * {@link PhotoWork} (one attempt), {@link Retries} (what follows a failed attempt),
 * {@link Recording} (outcomes written, records done), {@link OffsetTracker} (what to commit).
 * It never touches a Kafka consumer: a driver ({@link ConsumerDriver}, or a Kafka Connect task)
 * hands records in ({@link #accept}), commits what {@link #committable} says, assigns and revokes
 * partitions, and stops feeding records while {@link #wantsRecords()} is false.
 *
 * <p>Lifecycle: {@link #create}, then per partition {@link #assign} ... {@link #finish} +
 * commit + {@link #forget}; at the end {@link #drain} + commit + {@link #close()}, or
 * {@link #abandon} as a killed process would. {@link #failure()} says when it cannot go on.
 *
 * <p>Thread-safe, with one lock: the window's monitor guards its state and its parts' (they take
 * no lock of their own). The driver's thread calls the public methods; upload, recorder and
 * backoff threads report back through the private ones, which take the monitor. Only this class
 * waits on it ({@link #finish}, {@link #drain}: bounded) and notifies it. What blocks on another
 * lock or on threads (ledger loads and forgets, the prefetch, stopping the recorder and the
 * upload threads) runs without the monitor, so no second lock order exists.
 */
public final class UploadWindow {
    private static final Logger LOG = LoggerFactory.getLogger(UploadWindow.class);
    /** Records held (waiting, running or being recorded) before the driver is asked to stop feeding. */
    static final int CAPACITY = 500;

    private final Intake intake;
    private final PhotoUploader uploader;
    private final OutcomeRecorder recorder;
    private final Backoff backoff;
    private final Clock clock;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Retries retries;
    private final Dispatch dispatch;
    private final PhotosInHand photos;
    private final Recording recording;
    private boolean draining;
    private boolean abandoned;
    private Throwable failure;

    UploadWindow(Intake intake, PhotoWork work, PhotoUploader uploader, OutcomeRecorder recorder, InFlightLimit limit,
                 FailureIsolation isolation, Backoff backoff, ExecutorService workers, Clock clock,
                 MeterRegistry registry) {
        this.intake = intake;
        this.uploader = uploader;
        this.recorder = recorder;
        this.backoff = backoff;
        this.clock = clock;
        this.retries = new Retries(isolation, backoff, clock, registry, this::retryDue, this::probeDue);
        this.dispatch = new Dispatch(limit, retries, workers, task -> completed(task, work.attempt(task.request)));
        this.photos = new PhotosInHand(SinkMeters.skipped(registry, "batch"), task -> {
            dispatch.remove(task);
            retries.forget(task);
        });
        this.recording = new Recording(offsets, recorder::submit, clock);
        Gauge.builder(SinkMeters.IN_FLIGHT_LIMIT, limit, InFlightLimit::limit)
                .description("Uploads allowed in flight now").register(registry);
        recorder.start(new OutcomeRecorder.Listener() {
            @Override
            public void recorded(List<OutcomeRecorder.Write> writes) {
                UploadWindow.this.recorded(writes);
            }

            @Override
            public void failed(Throwable cause) {
                recordingFailed(cause);
            }
        });
    }

    /**
     * The window of a sink configured by {@code config}, recording outcomes in {@code ledger} and
     * sending what it gives up on to {@code deadLetters}. Starts its recorder thread; its upload
     * threads start with the first photos.
     *
     * @param serdeConfigs settings of the project's Avro serde (registry URL and client settings, or none)
     * @param source       where the photos' bytes come from (the photo store's staging); not closed here
     */
    public static UploadWindow create(SinkConfig config, Map<String, ?> serdeConfigs, PhotoUploader uploader,
                                      PhotoSource source, Ledger ledger, DeadLetterQueue deadLetters,
                                      MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        InFlightLimit limit = config.uploadInFlightAuto() ? InFlightLimit.adaptive(config.uploadMaxInFlight())
                : InFlightLimit.fixed(config.uploadMaxInFlight());
        OutcomeRecorder recorder = new OutcomeRecorder(ledger, new DeadLetterPublisher(deadLetters, registry));
        return new UploadWindow(
                new Intake(AvroSerdes.forClass(UploadRequest.class, serdeConfigs).deserializer(), ledger, registry),
                new PhotoWork(uploader, source, registry), uploader, recorder, limit,
                new FailureIsolation(config.uploadPhotoMaxAttempts(), config.uploadPhotoMaxRetry(), clock::instant),
                new Backoff(config.pauseBackoffInitial(), config.pauseBackoffMax(), config.retryJitterFactor()),
                Dispatch.threads(limit.cap()), clock, registry);
    }

    // ---- the driver's side -------------------------------------------------------------------

    /** These partitions are ours now: their ledger view is loaded (blocks), then records are taken. */
    public void assign(Collection<TopicPartition> partitions) {
        recorder.load(partitions.stream().map(TopicPartition::partition).toList());
        synchronized (this) {
            partitions.forEach(offsets::assign);
        }
    }

    /**
     * Takes records in: each is skipped (ledger), dead-lettered (undecodable) or joins the photo's
     * upload. The md5s of new photos go to {@link PhotoUploader#prefetch} before any upload starts.
     */
    public void accept(List<SinkRecord> records) {
        List<PhotoTask> fresh = new ArrayList<>();
        synchronized (this) {
            if (abandoned || draining) {
                return; // not taken: uncommitted, delivered again to whoever comes next
            }
            for (SinkRecord record : records) {
                if (offsets.take(record.topicPartition(), record.offset(), clock.instant())) {
                    Intake.Decision decision = intake.decide(record);
                    if (decision instanceof Intake.Undecodable undecodable) {
                        recording.undecodable(record, undecodable.error());
                    } else if (decision instanceof Intake.Attempt attempt) {
                        photos.join(record, attempt.photoId(), attempt.request()).ifPresent(fresh::add);
                    } else {
                        offsets.done(record.topicPartition(), record.offset(), clock.instant());
                    }
                }
            }
        }
        if (!fresh.isEmpty()) {
            uploader.prefetch(fresh.stream().map(t -> t.md5).distinct().toList()); // never throws (its contract)
            synchronized (this) {
                fresh.stream().filter(t -> t.state == PhotoTask.State.NEW).forEach(dispatch::add);
                dispatch();
            }
        }
    }

    /** Photos waiting, running or backing off (not those being recorded). */
    synchronized int photosInHand() {
        return photos.inHand();
    }

    /** Whether the driver should keep feeding records (false while the window is full or stopping). */
    public synchronized boolean wantsRecords() {
        return !draining && !abandoned && offsets.pending() < CAPACITY;
    }

    /** Whether any record taken in is not done yet (waiting, uploading, backing off or being recorded). */
    public synchronized boolean holdsRecords() {
        return offsets.pending() > 0;
    }

    /**
     * The offsets to commit now per partition (see {@link OffsetTracker#committable}); pass them
     * to {@link #committed} once the commit succeeded.
     */
    public synchronized Map<TopicPartition, Long> committable(ToLongFunction<TopicPartition> position) {
        return offsets.committable(position);
    }

    public synchronized void committed(Map<TopicPartition, Long> committed) {
        offsets.committed(committed);
    }

    /**
     * Before {@code partitions} go: their waiting photos are dropped (uncommitted), their running
     * uploads may finish and be recorded within {@code bound}; uploads still running then are
     * interrupted and left uncommitted. Commit what {@link #committable} then says, then {@link #forget}.
     */
    public synchronized void finish(Collection<TopicPartition> partitions, Duration bound) throws InterruptedException {
        Set<TopicPartition> going = new HashSet<>(partitions);
        photos.dropWaiting(going);
        awaitQuiet(going, bound);
        photos.interruptRunning(going);
    }

    /** Forgets these partitions: the ledger view (after the commit of {@link #finish}) and the offsets. */
    public void forget(Collection<TopicPartition> partitions) {
        recorder.forget(partitions.stream().map(TopicPartition::partition).toList());
        synchronized (this) {
            partitions.forEach(tp -> {
                offsets.remove(tp);
                recording.forget(tp);
            });
        }
    }

    /**
     * Orderly stop: no new upload starts; running ones may finish and be recorded within
     * {@code bound}, the rest are interrupted. Then commit, and {@link #close}.
     */
    public synchronized void drain(Duration bound) throws InterruptedException {
        draining = true;
        Set<TopicPartition> all = new HashSet<>(offsets.partitions());
        all.addAll(photos.partitions());
        awaitQuiet(all, bound);
        photos.interruptRunning(all);
    }

    /** Releases the threads after {@link #drain}. */
    public void close() {
        synchronized (this) {
            retries.end(photos.all());
        }
        recorder.close();
        backoff.close();
        dispatch.shutdown();
    }

    /**
     * Stops as a killed process would: nothing more is recorded, uploads are interrupted; waits
     * (bounded) until the upload threads are gone, so no upload of this instance overlaps one of
     * its successor.
     */
    public void abandon(Duration wait) {
        synchronized (this) {
            abandoned = true;
            retries.end(photos.all());
        }
        recorder.abandon();
        backoff.close();
        dispatch.shutdownNow(wait);
    }

    /** Why the window cannot go on (Piwigo refused the credentials, a ledger write failed); empty otherwise. */
    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Partitions holding work that finished none of it for longer than {@code threshold}. */
    public synchronized List<Stall> stalls(Duration threshold) {
        return offsets.stalls(threshold, clock.instant());
    }

    // ---- under the monitor: reports from the upload, recorder and backoff threads -------------

    private void dispatch() {
        if (!abandoned && !draining && failure == null && !dispatch.start()) {
            draining = true; // the upload threads are shut down
        }
    }

    private synchronized void completed(PhotoTask task, PhotoWork.Result result) {
        boolean current = task.state == PhotoTask.State.RUNNING && !abandoned; // else dropped meanwhile
        dispatch.finished(task, result, current);
        notifyAll();
        if (current && result.succeeded()) {
            retries.succeeded(task);
            recording.uploaded(task, result.uploaded());
        } else if (current) {
            Retries.After after = retries.failed(task, result, draining, photos.inHand());
            if (after instanceof Retries.GiveUp giveUp) {
                recording.gaveUp(task, giveUp);
            } else if (after instanceof Retries.Stop stop) {
                failure = stop.failure();
            }
        }
        dispatch();
    }

    private synchronized void retryDue(PhotoTask task) {
        if (task.state == PhotoTask.State.WAITING) {
            dispatch.add(task);
            dispatch();
        }
    }

    private synchronized void probeDue() {
        if (retries.probeDue()) {
            dispatch();
        }
    }

    private synchronized void recorded(List<OutcomeRecorder.Write> writes) {
        recording.recorded(writes).forEach(photos::recorded);
        notifyAll();
    }

    private synchronized void recordingFailed(Throwable cause) {
        LOG.error("piwigo-sink: ledger or dead-letter write failed; nothing is committed past it", cause);
        failure = new IllegalStateException("ledger or dead-letter write failed (" + cause.getMessage()
                + "); the photos concerned stay uncommitted", cause);
        recording.failed(); // never acknowledged now: nobody waits for them
        notifyAll();
    }

    /** Waits (on the monitor, within {@code bound}) until no upload runs and no write is pending for {@code partitions}. */
    private void awaitQuiet(Set<TopicPartition> partitions, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (photos.running(partitions) || failure == null && recording.writing(partitions)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
