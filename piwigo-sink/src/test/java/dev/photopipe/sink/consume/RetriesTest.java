package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.schemas.deadletter.FailureKind;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.sink.piwigo.PiwigoException;
import dev.photopipe.testing.time.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What follows a failed attempt: retried, paused, dead-lettered (with which reason) or stopped. */
class RetriesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_ATTEMPTS = 3;

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(40), 0.25);
    /** What the backoff's thread handed back; the callbacks only note it, so no test depends on when. */
    private final List<PhotoTask> due = new CopyOnWriteArrayList<>();
    private final Retries retries = new Retries(new FailureIsolation(MAX_ATTEMPTS, Duration.ofHours(1), clock::instant),
            backoff, clock, registry, due::add, () -> { });

    @AfterEach
    void close() {
        backoff.close();
    }

    @Test
    void aPermanentFailureIsDeadLetteredAtOnceWithTheReasonItWasClassifiedWith() {
        PhotoTask task = started(0);
        PiwigoException invalid = new PiwigoException(PiwigoException.Kind.PERMANENT, "pwg.images.uploadAsync", 200,
                1003, "Invalid file", null);

        Retries.After after = retries.failed(task, failure(invalid), false, 1);

        assertThat(after).isEqualTo(new Retries.GiveUp(ReasonCode.PIWIGO_REJECTED, FailureKind.PERMANENT, invalid,
                invalid.getMessage()));
        assertThat(counter(SinkMeters.RETRIES)).isZero();
    }

    @Test
    void aTransientFailureWaitsItsBackoffThenThePhotoIsHandedBack() {
        PhotoTask task = started(0);

        Retries.After after = retries.failed(task, failure(unavailable()), false, 50);

        assertThat(after).isInstanceOf(Retries.TryAgain.class);
        assertThat(task.state).isEqualTo(PhotoTask.State.WAITING);
        assertThat(counter(SinkMeters.RETRIES)).isEqualTo(1);
        assertThat(retries.allowsStart()).as("one photo of fifty failing is no outage").isTrue();
        awaitHandedBack(task);
    }

    static Stream<Arguments> keptFailing() {
        return Stream.of(
                Arguments.of(new PiwigoException(PiwigoException.Kind.TRANSIENT, "pwg.categories.add", 200, 0,
                        "Fatal error: Uncaught mysqli_sql_exception\nStack trace: #0", null),
                        ReasonCode.PIWIGO_SERVER_ERROR, "Fatal error: Uncaught mysqli_sql_exception"),
                Arguments.of(new StoreUnavailable("UNAVAILABLE at s3://photos/p0\nrequest id 42", null),
                        ReasonCode.SOURCE_UNREADABLE, "UNAVAILABLE at s3://photos/p0"));
    }

    @ParameterizedTest
    @MethodSource("keptFailing")
    void aPhotoThatKeepsFailingWhileOthersUploadIsDeadLetteredTransientAfterItsAttempts(
            RuntimeException error, ReasonCode reason, String firstLine) {
        PhotoTask bad = WindowFixture.task(WindowFixture.P0, 0, 0, "bad");
        Retries.After after = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            retries.starting(bad);
            retries.succeeded(WindowFixture.task(WindowFixture.P0, attempt, attempt, "md5-" + attempt));
            after = retries.failed(bad, failure(error), false, 2);
            if (attempt < MAX_ATTEMPTS) {
                assertThat(after).as("attempt %d", attempt).isInstanceOf(Retries.TryAgain.class);
                awaitHandedBack(bad);
            }
        }

        assertThat(after).isInstanceOfSatisfying(Retries.GiveUp.class, giveUp -> {
            assertThat(giveUp.reason()).isEqualTo(reason);
            assertThat(giveUp.kind()).isEqualTo(FailureKind.TRANSIENT);
            assertThat(giveUp.message()).as("the first line of what was said").contains(firstLine)
                    .doesNotContain("Stack trace", "request id");
            assertThat(giveUp.error()).isInstanceOf(Failures.KeptFailing.class).hasCause(error)
                    .hasMessageContaining(MAX_ATTEMPTS + " attempts").hasMessageContaining("while it worked for others");
        });
        assertThat(counter(SinkMeters.RETRIES)).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void whenEveryPhotoInHandFailsUploadsPauseUntilOneGoesThroughAndOnlyAProbeStartsMeanwhile() {
        PhotoTask a = started(0);
        PhotoTask b = started(1);
        retries.failed(a, failure(unavailable()), false, 2);
        assertThat(retries.allowsStart()).as("one of two failed").isTrue();
        retries.failed(b, failure(unavailable()), false, 2);
        assertThat(retries.allowsStart()).as("both failed, nothing uploaded").isFalse();
        assertThat(counter(SinkMeters.PAUSES)).isEqualTo(1);

        assertThat(retries.probeDue()).isTrue();
        assertThat(retries.allowsStart()).isTrue();
        awaitHandedBack(a);
        retries.starting(a);
        assertThat(a.probe).isTrue();
        assertThat(retries.allowsStart()).as("one probe at a time").isFalse();
        retries.failed(a, failure(unavailable()), false, 2);
        assertThat(retries.allowsStart()).as("the probe failed: still paused").isFalse();

        retries.succeeded(b);
        assertThat(retries.allowsStart()).isTrue();
        assertThat(retries.probeDue()).as("no pause, no probe").isFalse();
    }

    @Test
    void refusedCredentialsStopTheSinkAndLeaveThePhotoUncommitted() {
        PhotoTask task = started(0);

        Retries.After after = retries.failed(task, failure(new PiwigoException(PiwigoException.Kind.AUTHENTICATION,
                "pwg.session.login", 200, 999, "Invalid username/password", null)), false, 1);

        assertThat(after).isInstanceOfSatisfying(Retries.Stop.class, stop -> assertThat(stop.failure())
                .hasMessageContaining("Invalid username/password").hasMessageContaining("piwigo.api.key"));
        assertThat(task.state).isEqualTo(PhotoTask.State.READY);
        assertThat(counter(SinkMeters.RETRIES)).isZero();
    }

    @Test
    void aTransientFailureWhileTheWindowStopsIsNotThePhotosFault() {
        PhotoTask task = started(0);

        Retries.After after = retries.failed(task, failure(unavailable()), true, 1);

        assertThat(after).isInstanceOf(Retries.TryAgain.class);
        assertThat(task.state).as("left for whoever takes its record next").isEqualTo(PhotoTask.State.READY);
        assertThat(counter(SinkMeters.RETRIES)).isZero();
        assertThat(retries.allowsStart()).as("no pause").isTrue();
    }

    @Test
    void countsTheAttemptsAndKeepsTheFirstOnesTime() {
        Instant first = clock.instant();
        PhotoTask task = started(0);
        clock.advance(Duration.ofMinutes(5));
        retries.starting(task);

        assertThat(task.attempts).isEqualTo(2);
        assertThat(task.firstAttempt).isEqualTo(first);
        assertThat(task.probe).isFalse();
    }

    @Test
    void anUploadedPhotoEndsAPauseForEveryone() {
        PhotoTask a = started(0);
        retries.failed(a, failure(unavailable()), false, 1);
        assertThat(retries.allowsStart()).isFalse();

        retries.succeeded(WindowFixture.task(WindowFixture.P1, 0, 1, "md5-1"));

        assertThat(retries.allowsStart()).isTrue();
    }

    private PhotoTask started(int i) {
        PhotoTask task = WindowFixture.task(WindowFixture.P0, i, i, "md5-" + i);
        retries.starting(task);
        task.state = PhotoTask.State.RUNNING;
        return task;
    }

    /** Waits until the backoff hands {@code task} back (its wait is over): only then is it attempted again. */
    private void awaitHandedBack(PhotoTask task) {
        await().atMost(WAIT).until(() -> due.remove(task));
    }

    private static PiwigoException unavailable() {
        return new PiwigoException(PiwigoException.Kind.TRANSIENT, "pwg.images.exist", 503, 0, "Service Unavailable",
                null);
    }

    private static PhotoWork.Result failure(RuntimeException error) {
        return new PhotoWork.Result(null, error, Failures.classify(error), 0);
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
