package dev.photopipe.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FailureIsolationTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final FailureIsolation isolation = new FailureIsolation(3, Duration.ofMinutes(10), now::get);

    @Test
    void aPhotoFailingWhileOthersUploadIsGivenUpAfterItsAttempts() {
        FailureIsolation.History bad = isolation.begin();
        for (int i = 1; i <= 2; i++) {
            isolation.succeeded(); // another photo went through meanwhile
            assertThat(isolation.failed("bad", bad)).isEqualTo(FailureIsolation.Decision.TRY_LATER);
        }
        isolation.succeeded();
        assertThat(isolation.failed("bad", bad)).isEqualTo(FailureIsolation.Decision.GIVE_UP);
        assertThat(bad.isolatedFailures()).isEqualTo(3);
    }

    @Test
    void failuresWhileNothingUploadsNeverGiveAPhotoUpButMeanPiwigoIsDown() {
        FailureIsolation.History a = isolation.begin();
        FailureIsolation.History b = isolation.begin();
        FailureIsolation.History c = isolation.begin();
        for (int round = 0; round < 10; round++) {
            assertThat(isolation.failed("a", a)).isEqualTo(FailureIsolation.Decision.TRY_LATER);
            assertThat(isolation.failed("b", b)).isEqualTo(FailureIsolation.Decision.TRY_LATER);
        }
        assertThat(isolation.piwigoDown(50)).as("two photos of fifty").isFalse();
        assertThat(isolation.piwigoDown(2)).as("every photo in hand").isTrue();
        isolation.failed("c", c);
        assertThat(isolation.piwigoDown(50)).isTrue();

        isolation.succeeded();
        assertThat(isolation.piwigoDown(50)).isFalse();
    }

    @Test
    void aPhotoFailingForTooLongIsGivenUpAtItsNextIsolatedFailure() {
        FailureIsolation.History slow = isolation.begin();
        isolation.failed("slow", slow);
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(isolation.failed("slow", slow)).as("nothing uploaded meanwhile: not its fault yet")
                .isEqualTo(FailureIsolation.Decision.TRY_LATER);
        isolation.succeeded();
        assertThat(isolation.failed("slow", slow)).isEqualTo(FailureIsolation.Decision.GIVE_UP);
    }

    @Test
    void anIsolatedFailureDoesNotCountTowardsDown() {
        FailureIsolation.History lone = isolation.begin();
        isolation.succeeded();
        isolation.failed("lone", lone);
        assertThat(isolation.piwigoDown(1)).isFalse();
        isolation.failed("lone", lone);
        assertThat(isolation.piwigoDown(1)).isTrue();
        isolation.forget("lone");
        assertThat(isolation.piwigoDown(1)).isFalse();
    }
}
