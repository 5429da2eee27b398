package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoungeScheduleTest {
    private static final long S = 1_000_000_000L;
    private static final long MAX_WAIT = 30 * S;
    private static final long GRACE = S / 2;

    private final LoungeSchedule schedule = new LoungeSchedule(MAX_WAIT, GRACE, 0);

    @Test
    void nothingWaitingIsNeverPublished() {
        assertThat(schedule.publishAtNanos()).isEqualTo(Long.MAX_VALUE);
        schedule.uploadStarted();
        schedule.uploadEnded(5 * S);
        assertThat(schedule.publishAtNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void whileUploadsRunAPhotoWaitsAtMostTheInterval() {
        schedule.uploadStarted();
        schedule.photoWaiting(10 * S);
        schedule.photoWaiting(20 * S);
        assertThat(schedule.publishAtNanos()).as("from the oldest waiting photo").isEqualTo(40 * S);
    }

    @Test
    void onceTheUploadsStopItIsPublishedAfterTheGrace() {
        schedule.uploadStarted();
        schedule.photoWaiting(10 * S);
        schedule.uploadEnded(11 * S);
        assertThat(schedule.publishAtNanos()).isEqualTo(11 * S + GRACE);

        schedule.uploadStarted(); // the next photo arrived within the grace: keep batching
        assertThat(schedule.publishAtNanos()).isEqualTo(40 * S);
    }

    @Test
    void aPublicationStartsANewWait() {
        schedule.uploadStarted();
        schedule.photoWaiting(10 * S);
        schedule.published();
        assertThat(schedule.publishAtNanos()).isEqualTo(Long.MAX_VALUE);
        schedule.photoWaiting(45 * S);
        assertThat(schedule.publishAtNanos()).isEqualTo(75 * S);
    }

    @Test
    void aFailedPublicationIsTriedAgainAfterTheIntervalEvenWhenIdle() {
        schedule.uploadStarted();
        schedule.photoWaiting(10 * S);
        schedule.uploadEnded(11 * S);
        schedule.published();
        schedule.publicationFailed(12 * S);
        assertThat(schedule.publishAtNanos()).isEqualTo(42 * S);
    }

    @Test
    void endingMoreUploadsThanStartedIsABug() {
        assertThatThrownBy(() -> schedule.uploadEnded(S)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBulkRunPublishesOncePerIntervalAndATrickleAfterEachPhoto() {
        // Bulk: 4 uploads always in flight for 300 s, each 1 s long, starts staggered.
        assertThat(publications(4, S, 0, 300)).as("bulk").hasSizeBetween(9, 11);
        // Trickle: one photo every 5 s, its upload 1 s long: each shows up half a second after it.
        List<Long> trickle = publications(1, S, 4 * S, 60);
        assertThat(trickle).as("trickle").hasSize(12);
        assertThat(trickle.get(0)).isEqualTo(S + GRACE);
    }

    /**
     * Runs {@code slots} upload loops (upload of {@code uploadNanos}, then {@code gapNanos} idle)
     * for {@code seconds} in 10 ms steps, publishing whenever due; returns the publication instants.
     */
    private static List<Long> publications(int slots, long uploadNanos, long gapNanos, int seconds) {
        LoungeSchedule s = new LoungeSchedule(MAX_WAIT, GRACE, 0);
        long step = S / 100;
        long[] endsAt = new long[slots];
        long[] startsAt = new long[slots];
        for (int i = 0; i < slots; i++) {
            startsAt[i] = i * uploadNanos / slots;
            endsAt[i] = -1;
        }
        List<Long> published = new ArrayList<>();
        for (long now = 0; now <= seconds * S; now += step) {
            for (int i = 0; i < slots; i++) {
                if (endsAt[i] >= 0 && now >= endsAt[i]) {
                    s.photoWaiting(now);
                    s.uploadEnded(now);
                    endsAt[i] = -1;
                    startsAt[i] = now + gapNanos;
                }
                if (endsAt[i] < 0 && now >= startsAt[i]) {
                    s.uploadStarted();
                    endsAt[i] = now + uploadNanos;
                }
            }
            if (s.publishAtNanos() <= now) {
                s.published();
                published.add(now);
            }
        }
        return published;
    }
}
