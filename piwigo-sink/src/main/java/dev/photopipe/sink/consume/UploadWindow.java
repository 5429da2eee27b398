package dev.photopipe.sink.consume;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.serde.AvroSerdes;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.ledger.Ledger;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.sink.source.PhotoSource;
import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.UploadResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's core: a continuous upload window over the records it is given. Up to the
 * {@link InFlightLimit}, uploads run whenever photos wait; each photo's outcome goes to the
 * {@link OutcomeRecorder} the moment it is known, and its records stop holding their partition's
 * commit point once the recorder has them acknowledged ({@link OffsetTracker}). At most one
 * upload per md5 runs at a time. A photo that fails transiently waits (jittered exponential
 * {@link Backoff}) while the others go on; one Piwigo keeps failing for while others upload is
 * dead-lettered ({@link FailureIsolation}); when Piwigo fails for every photo, all uploads pause
 * and, after each wait, one photo probes whether it is back.
 *
 * <p>The window never touches a Kafka consumer: a driver ({@link ConsumerDriver}, or a Kafka
 * Connect task) hands records in ({@link #accept}), asks what to commit ({@link #committable}),
 * assigns and revokes partitions, and stops feeding records while {@link #wantsRecords()} is false.
 *
 * <p>Lifecycle: {@link #create}, then per partition {@link #assign} ... {@link #finish} +
 * commit + {@link #forget}; at the end {@link #drain} + commit + {@link #close()}, or
 * {@link #abandon} as a killed process would. {@link #failure()} says when it cannot go on.
 *
 * <p>Thread-safe: state is guarded by the window's monitor. The driver's thread calls the public
 * methods; upload threads, the recorder's thread and the backoff's thread report back through
 * the private ones. {@link #finish} and {@link #drain} block the caller (bounded).
 */
public final class UploadWindow {
    private static final Logger LOG = LoggerFactory.getLogger(UploadWindow.class);
    /** Records held (waiting, running or being recorded) before the driver is asked to stop feeding. */
    static final int CAPACITY = 500;
    
    private final Intake intake;
    private final PhotoWork work;
    private final PhotoUploader uploader;
    private final OutcomeRecorder recorder;
    private final InFlightLimit limit;
    private final FailureIsolation isolation;
    private final Backoff backoff;
    private final ExecutorService workers;
    private final Clock clock;
    private final Counter skippedInWindow;
    private final Counter retries;
    private final UploadPause pause;

    private final Map<PhotoTask.Key, PhotoTask> tasks = new HashMap<>();
    private final ArrayDeque<PhotoTask> ready = new ArrayDeque<>();
    private final Set<String> busyMd5 = new HashSet<>();
    private final OffsetTracker offsets = new OffsetTracker();
    /** Per partition: writes submitted to the recorder and not yet acknowledged. */
    private final Map<TopicPartition, Integer> recording = new HashMap<>();
    private boolean draining;
    private boolean abandoned;
    private Throwable failure;

    UploadWindow(Intake intake, PhotoWork work, PhotoUploader uploader, OutcomeRecorder recorder, InFlightLimit limit,
                 FailureIsolation isolation, Backoff backoff, ExecutorService workers, Clock clock,
                 MeterRegistry registry) {
        this.intake = intake;
        this.work = work;
        this.uploader = uploader;
        this.recorder = recorder;
        this.limit = limit;
        this.isolation = isolation;
        this.backoff = backoff;
        this.workers = workers;
        this.clock = clock;
        this.skippedInWindow = SinkMeters.skipped(registry, "batch");
        this.retries = Counter.builder(SinkMeters.RETRIES)
                .description("Photo attempts that failed transiently and wait for a later attempt").register(registry);
        this.pause = new UploadPause(backoff, registry);
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
                uploadThreads(limit.cap()), clock, registry);
    }

    private static ExecutorService uploadThreads(int count) {
        AtomicInteger sequence = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "piwigo-sink-upload-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(count, factory);
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
                take(record, fresh);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        uploader.prefetch(fresh.stream().map(t -> t.md5).distinct().toList()); // never throws (its contract)
        synchronized (this) {
            for (PhotoTask task : fresh) {
                if (task.state == PhotoTask.State.NEW) {
                    task.state = PhotoTask.State.READY;
                    ready.add(task);
                }
            }
            dispatch();
        }
    }

    private void take(SinkRecord record, List<PhotoTask> fresh) {
        TopicPartition tp = record.topicPartition();
        if (!offsets.take(tp, record.offset(), clock.instant())) {
            return;
        }
        Intake.Decision decision = intake.decide(record);
        if (decision instanceof Intake.Undecodable undecodable) {
            submit(tp, new OutcomeRecorder.Write(record, null, new DeadLetterQueue.Letter(record,
                    ReasonCode.DESERIALIZATION_FAILED, FailureKind.PERMANENT, undecodable.error(), null, 1,
                    clock.instant())));
        } else if (decision instanceof Intake.Attempt attempt) {
            PhotoTask.Key key = new PhotoTask.Key(tp, attempt.photoId());
            PhotoTask known = tasks.get(key);
            if (known != null) {
                skippedInWindow.increment(); // the same photo again while in hand: upload it once
                known.records.add(record);
            } else {
                PhotoTask task = new PhotoTask(key, attempt.request(), record);
                tasks.put(key, task);
                fresh.add(task);
            }
        } else {
            done(tp, record.offset());
        }
    }

    /** Photos waiting, running or backing off (not those being recorded). */
    synchronized int photosInHand() {
        return inHand();
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
        for (Iterator<PhotoTask> it = tasks.values().iterator(); it.hasNext(); ) {
            PhotoTask task = it.next();
            if (going.contains(task.key.partition()) && task.inHand() && task.state != PhotoTask.State.RUNNING) {
                drop(task);
                it.remove();
            }
        }
        awaitQuiet(going, bound);
        abandonRunning(going);
    }

    /** Forgets these partitions: the ledger view (after the commit of {@link #finish}) and the offsets. */
    public void forget(Collection<TopicPartition> partitions) {
        recorder.forget(partitions.stream().map(TopicPartition::partition).toList());
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                offsets.remove(tp);
                recording.remove(tp);
            }
        }
    }

    /**
     * Orderly stop: no new upload starts; running ones may finish and be recorded within
     * {@code bound}, the rest are interrupted. Then commit, and {@link #close}.
     */
    public synchronized void drain(Duration bound) throws InterruptedException {
        draining = true;
        Set<TopicPartition> all = new HashSet<>(offsets.partitions());
        tasks.values().forEach(t -> all.add(t.key.partition()));
        awaitQuiet(all, bound);
        abandonRunning(all);
    }

    /** Releases the threads after {@link #drain}. */
    public void close() {
        synchronized (this) {
            pause.end();
            tasks.values().forEach(t -> {
                if (t.retry != null) {
                    t.retry.end();
                }
            });
        }
        recorder.close();
        backoff.close();
        workers.shutdown();
    }

    /**
     * Stops as a killed process would: nothing more is recorded, uploads are interrupted; waits
     * (bounded) until the upload threads are gone, so no upload of this instance overlaps one of
     * its successor.
     */
    public void abandon(Duration wait) {
        synchronized (this) {
            abandoned = true;
            pause.end();
        }
        recorder.abandon();
        backoff.close();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Upload threads still running {} after abandoning them", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the window cannot go on (Piwigo refused the credentials, a ledger write failed); empty otherwise. */
    public synchronized Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Partitions holding work that finished none of it for longer than {@code threshold}. */
    public synchronized List<Stall> stalls(Duration threshold) {
        return offsets.stalls(threshold, clock.instant());
    }

    // ---- uploads ------------------------------------------------------------------------------

    private void dispatch() {
        while (!abandoned && !draining && failure == null && !ready.isEmpty() && pause.allowsStart()) {
            PhotoTask next = null;
            for (PhotoTask candidate : ready) {
                if (!busyMd5.contains(candidate.md5)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return; // every waiting photo shares its md5 with one running
            }
            Optional<InFlightLimit.Permit> permit = limit.tryAcquire();
            if (permit.isEmpty()) {
                return;
            }
            ready.remove(next);
            start(next, permit.get());
        }
    }

    private void start(PhotoTask task, InFlightLimit.Permit permit) {
        task.state = PhotoTask.State.RUNNING;
        task.permit = permit;
        task.attempts++;
        if (task.firstAttempt == null) {
            task.firstAttempt = clock.instant();
            task.history = isolation.begin();
        }
        task.probe = pause.started();
        busyMd5.add(task.md5);
        try {
            task.running = workers.submit(() -> completed(task, work.attempt(task.request)));
        } catch (RejectedExecutionException e) {
            busyMd5.remove(task.md5); // shutting down: the photo stays uncommitted
            permit.ignored();
            task.state = PhotoTask.State.READY;
            ready.addFirst(task);
            draining = true;
        }
    }

    private synchronized void completed(PhotoTask task, PhotoWork.Result result) {
        busyMd5.remove(task.md5);
        task.running = null;
        notifyAll();
        if (task.state != PhotoTask.State.RUNNING || abandoned) {
            task.permit.ignored(); // dropped by a revocation meanwhile: its partition is gone
            dispatch();
            return;
        }
        if (result.succeeded()) {
            if (result.uploaded().uploaded()) {
                task.permit.succeeded();
            } else {
                task.permit.ignored(); // an exist check, not an upload: says little of Piwigo's load
            }
            isolation.succeeded();
            pause.end();
            UploadResult uploaded = result.uploaded();
            record(task, task.outcome(uploaded.uploaded() ? UploadStatus.UPLOADED : UploadStatus.ALREADY_PRESENT,
                    clock.instant()).setPiwigoImageId(uploaded.imageId()).setAlbumIds(List.of(uploaded.albumId()))
                    .build(), null);
        } else {
            failed(task, result);
        }
        dispatch();
    }

    private void failed(PhotoTask task, PhotoWork.Result result) {
        Throwable error = result.failure();
        switch (result.verdict().action()) {
            case DEAD_LETTER -> {
                task.permit.ignored();
                deadLetter(task, result.verdict().reason(), FailureKind.PERMANENT, error, error.getMessage());
            }
            case STOP -> {
                task.permit.ignored();
                task.state = PhotoTask.State.READY; // stays uncommitted; the sink stops
                failure = new IllegalStateException("Piwigo refused the sink's credentials (" + error.getMessage()
                        + "). Check piwigo.api.key or piwigo.username/piwigo.password; no record was "
                        + "dead-lettered and the unfinished ones stay uncommitted.", error);
            }
            case RETRY_LATER -> {
                task.permit.dropped();
                if (draining) {
                    task.state = PhotoTask.State.READY; // interrupted by the stop: not the photo's fault
                    return;
                }
                retryLater(task, error);
            }
        }
    }

    private void retryLater(PhotoTask task, Throwable error) {
        retries.increment();
        if (isolation.failed(task.key, task.history) == FailureIsolation.Decision.GIVE_UP) {
            String said = Failures.firstLine(error.getMessage());
            // The photo store failing for this photo's bytes alone is the source's problem, not Piwigo's.
            boolean store = error instanceof StoreUnavailable;
            deadLetter(task, store ? ReasonCode.SOURCE_UNREADABLE : ReasonCode.PIWIGO_SERVER_ERROR, FailureKind.TRANSIENT,
                    new Failures.KeptFailing((store ? "The photo store" : "Piwigo") + " kept failing for this "
                            + "photo (" + task.attempts + " attempts since " + task.history.firstFailure()
                            + ") while it worked for others: " + said, error), said);
            return;
        }
        task.state = PhotoTask.State.WAITING;
        if (task.retry == null) {
            task.retry = backoff.start(error, () -> retryDue(task));
        } else {
            task.retry.failed(error);
        }
        if (!pause.active() && isolation.piwigoDown(inHand())) {
            pause.begin(error, inHand(), this::probeDue);
        } else if (task.probe) {
            pause.probeFailed(error);
        }
    }

    private synchronized void retryDue(PhotoTask task) {
        if (task.state == PhotoTask.State.WAITING) {
            task.state = PhotoTask.State.READY;
            ready.add(task);
            dispatch();
        }
    }

    private synchronized void probeDue() {
        if (pause.probeDue()) {
            dispatch();
        }
    }

    private int inHand() {
        return (int) tasks.values().stream().filter(PhotoTask::inHand).count();
    }

    // ---- recording ----------------------------------------------------------------------------

    private void deadLetter(PhotoTask task, ReasonCode reason, FailureKind kind, Throwable error, String message) {
        record(task, task.outcome(UploadStatus.FAILED, clock.instant()).setAlbumIds(List.of())
                        .setLastError(reason + ": " + message).build(),
                new DeadLetterQueue.Letter(task.first(), reason, kind, error, task.request.getPhoto().getBatchId(),
                        task.attempts, task.firstAttempt));
    }

    private void record(PhotoTask task, UploadOutcome outcome, DeadLetterQueue.Letter letter) {
        task.state = PhotoTask.State.RECORDING;
        if (task.retry != null) {
            task.retry.end();
        }
        isolation.forget(task.key);
        submit(task.key.partition(), new OutcomeRecorder.Write(task, task.entry(outcome), letter));
    }

    private void submit(TopicPartition tp, OutcomeRecorder.Write write) {
        recording.merge(tp, 1, Integer::sum);
        recorder.submit(write);
    }

    private synchronized void recorded(List<OutcomeRecorder.Write> writes) {
        for (OutcomeRecorder.Write write : writes) {
            if (write.token() instanceof PhotoTask task) {
                TopicPartition tp = task.key.partition();
                recording.computeIfPresent(tp, (p, n) -> n > 1 ? n - 1 : null);
                task.records.forEach(r -> done(tp, r.offset()));
                tasks.remove(task.key, task);
            } else if (write.token() instanceof SinkRecord record) {
                TopicPartition tp = record.topicPartition();
                recording.computeIfPresent(tp, (p, n) -> n > 1 ? n - 1 : null);
                done(tp, record.offset());
            }
        }
        notifyAll();
    }

    private synchronized void recordingFailed(Throwable cause) {
        LOG.error("piwigo-sink: ledger or dead-letter write failed; nothing is committed past it", cause);
        failure = new IllegalStateException("ledger or dead-letter write failed (" + cause.getMessage()
                + "); the photos concerned stay uncommitted", cause);
        recording.clear(); // never acknowledged now: nobody waits for them
        notifyAll();
    }

    private void done(TopicPartition tp, long offset) {
        offsets.done(tp, offset, clock.instant());
    }

    // ---- stopping -----------------------------------------------------------------------------

    private void drop(PhotoTask task) {
        task.state = PhotoTask.State.DROPPED;
        ready.remove(task);
        if (task.retry != null) {
            task.retry.end();
        }
        isolation.forget(task.key);
    }

    /** Waits (on the monitor) until no upload runs and no write is pending for {@code partitions}. */
    private void awaitQuiet(Set<TopicPartition> partitions, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (busy(partitions)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private boolean busy(Set<TopicPartition> partitions) {
        if (failure == null && partitions.stream().anyMatch(recording::containsKey)) {
            return true;
        }
        return tasks.values().stream().anyMatch(t -> t.state == PhotoTask.State.RUNNING && partitions.contains(t.key.partition()));
    }

    private void abandonRunning(Set<TopicPartition> partitions) {
        for (Iterator<PhotoTask> it = tasks.values().iterator(); it.hasNext(); ) {
            PhotoTask task = it.next();
            if (task.state == PhotoTask.State.RUNNING && partitions.contains(task.key.partition())) {
                LOG.warn("Upload of photo {} still running when {} went; interrupted and left uncommitted",
                        task.key.photoId(), task.key.partition());
                drop(task);
                if (task.running != null) {
                    task.running.cancel(true);
                }
                it.remove();
            }
        }
    }
}
