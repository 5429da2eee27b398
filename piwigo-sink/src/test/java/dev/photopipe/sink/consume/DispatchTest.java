package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.sink.upload.UploadResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which waiting photo starts when: limit, md5, pause; and what each attempt's end tells the limit. */
class DispatchTest {
    private final Backoff backoff = new Backoff(Duration.ofHours(1), Duration.ofHours(1), 0);
    private final Retries retries = new Retries(new FailureIsolation(3, Duration.ofHours(1), Instant::now), backoff,
            Clock.systemUTC(), new SimpleMeterRegistry(), t -> { }, () -> { });
    private final CallingThread workers = new CallingThread();
    /** The photos whose attempt ran, in order (the attempt only notes it: the test ends it). */
    private final List<PhotoTask> started = new ArrayList<>();
    private int photos;

    @AfterEach
    void close() {
        backoff.close();
    }

    @Test
    void startsWaitingPhotosInTheirOrderUpToTheLimitAndFillsAFreedSlotAtOnce() {
        Dispatch dispatch = dispatch(InFlightLimit.fixed(2));
        List<PhotoTask> tasks = waiting(dispatch, "md5-0", "md5-1", "md5-2", "md5-3");

        assertThat(dispatch.start()).isTrue();
        assertThat(started).containsExactly(tasks.get(0), tasks.get(1));
        assertThat(tasks.get(0).state).isEqualTo(PhotoTask.State.RUNNING);
        assertThat(tasks.get(0).attempts).isEqualTo(1);
        assertThat(tasks.get(2).state).isEqualTo(PhotoTask.State.READY);

        uploadedThenStart(dispatch, tasks.get(1));
        assertThat(started).containsExactly(tasks.get(0), tasks.get(1), tasks.get(2));
    }

    @Test
    void aPhotoWhoseMd5IsBeingUploadedWaitsAndLetsTheOnesBehindItPass() {
        Dispatch dispatch = dispatch(InFlightLimit.fixed(3));
        List<PhotoTask> tasks = waiting(dispatch, "same", "same", "md5-2");

        dispatch.start();
        assertThat(started).containsExactly(tasks.get(0), tasks.get(2));

        uploadedThenStart(dispatch, tasks.get(0));
        assertThat(started).containsExactly(tasks.get(0), tasks.get(2), tasks.get(1));
    }

    @Test
    void whileUploadsArePausedOnlyTheProbeStarts() {
        Dispatch dispatch = dispatch(InFlightLimit.fixed(4));
        PhotoTask failing = waiting(dispatch, "md5-0").get(0);
        dispatch.start();
        dispatch.finished(failing, unavailable(), true);
        retries.failed(failing, unavailable(), false, 1); // the only photo in hand failed: pause
        List<PhotoTask> more = waiting(dispatch, "md5-1", "md5-2");

        dispatch.start();
        assertThat(started).containsExactly(failing);

        retries.probeDue();
        dispatch.start();
        assertThat(started).containsExactly(failing, more.get(0));
        assertThat(more.get(0).probe).isTrue();
    }

    @Test
    void eachAttemptsEndTellsTheLimitWhatItSaysOfPiwigosLoad() {
        Dispatch dispatch = dispatch(InFlightLimit.fixed(5));
        List<PhotoTask> tasks = waiting(dispatch, "md5-0", "md5-1", "md5-2", "md5-3", "md5-4");
        dispatch.start();
        List<String> told = new ArrayList<>();
        tasks.forEach(t -> t.permit = new NotedPermit(t.md5, told));

        dispatch.finished(tasks.get(0), uploaded(), true);
        dispatch.finished(tasks.get(1), new PhotoWork.Result(new UploadResult(9, 7, false), null, null, 8), true);
        dispatch.finished(tasks.get(2), unavailable(), true);
        PiwigoException invalid = new PiwigoException(PiwigoException.Kind.PERMANENT, "pwg.images.uploadAsync", 200,
                1003, "Invalid file", null);
        dispatch.finished(tasks.get(3), new PhotoWork.Result(null, invalid, Failures.classify(invalid), 0), true);
        dispatch.finished(tasks.get(4), uploaded(), false);

        assertThat(told).containsExactly("md5-0 succeeded", "md5-1 ignored", "md5-2 dropped", "md5-3 ignored",
                "md5-4 ignored");
        assertThat(tasks).allSatisfy(t -> assertThat(t.running).isNull());
    }

    @Test
    void whenTheUploadThreadsRefuseAPhotoItWaitsFirstInLineWithItsSlotGivenBack() {
        InFlightLimit limit = InFlightLimit.fixed(2);
        Dispatch dispatch = dispatch(limit);
        List<PhotoTask> tasks = waiting(dispatch, "md5-0", "md5-1");
        workers.shutdown();

        assertThat(dispatch.start()).isFalse();

        assertThat(started).isEmpty();
        assertThat(tasks).allSatisfy(t -> assertThat(t.state).isEqualTo(PhotoTask.State.READY));
        assertThat(limit.inFlight()).isZero();
        workers.open();
        dispatch.start();
        assertThat(started).as("the refused photo first").containsExactly(tasks.get(0), tasks.get(1));
    }

    private Dispatch dispatch(InFlightLimit limit) {
        return new Dispatch(limit, retries, workers, started::add);
    }

    /** New photos of partition 0, one per md5 given, waiting in that order. */
    private List<PhotoTask> waiting(Dispatch dispatch, String... md5s) {
        List<PhotoTask> tasks = new ArrayList<>();
        for (String md5 : md5s) {
            int i = photos++;
            PhotoTask task = WindowFixture.task(WindowFixture.P0, i, i, md5);
            dispatch.add(task);
            tasks.add(task);
        }
        return tasks;
    }

    /** {@code task}'s upload went through: its slot and md5 are offered to the photos waiting. */
    private static void uploadedThenStart(Dispatch dispatch, PhotoTask task) {
        dispatch.finished(task, uploaded(), true);
        dispatch.start();
    }

    private static PhotoWork.Result uploaded() {
        return new PhotoWork.Result(new UploadResult(9, 7, true), null, null, 8);
    }

    private static PhotoWork.Result unavailable() {
        PiwigoException e = new PiwigoException(PiwigoException.Kind.TRANSIENT, "pwg.images.exist", 503, 0,
                "Service Unavailable", null);
        return new PhotoWork.Result(null, e, Failures.classify(e), 0);
    }

    /** Notes what the limit is told of one attempt. */
    private record NotedPermit(String md5, List<String> told) implements InFlightLimit.Permit {
        @Override
        public void succeeded() {
            told.add(md5 + " succeeded");
        }

        @Override
        public void ignored() {
            told.add(md5 + " ignored");
        }

        @Override
        public void dropped() {
            told.add(md5 + " dropped");
        }
    }

    /** Runs each attempt at once on the caller's thread; refuses them while shut down. */
    private static final class CallingThread extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            if (shutdown) {
                throw new RejectedExecutionException("shut down");
            }
            command.run();
        }

        void open() {
            shutdown = false;
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
