package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExistenceAnswersTest {
    private final AtomicLong now = new AtomicLong();
    private final ExistenceAnswers answers =
            new ExistenceAnswers(3, Duration.ofSeconds(10), Duration.ofMinutes(1), now::get);

    @Test
    void anAnswerServesOneUploadOnly() {
        answers.put(List.of("a", "b"), Map.of("a", 7L), answers.now());

        assertThat(answers.take("a")).isEqualTo(Optional.of(7L));
        assertThat(answers.take("b")).isEqualTo(Optional.empty());
        assertThat(answers.take("a")).as("used up: ask Piwigo").isNull();
    }

    @Test
    void anAbsentAnswerGoesStaleSoonerThanAPresentOne() {
        answers.put(List.of("a", "b"), Map.of("a", 7L), answers.now());
        now.addAndGet(Duration.ofSeconds(11).toNanos());

        assertThat(answers.unknown(List.of("a", "b", "c"))).containsExactly("b", "c");
        assertThat(answers.take("b")).isNull();
        assertThat(answers.take("a")).isEqualTo(Optional.of(7L));
    }

    @Test
    void holdsAtMostItsCapacityDroppingTheOldest() {
        answers.put(List.of("a", "b", "c", "d"), Map.of(), answers.now());

        assertThat(answers.size()).isEqualTo(3);
        assertThat(answers.take("a")).isNull();
        assertThat(answers.take("d")).isEqualTo(Optional.empty());
    }

    @Test
    void theFirstUploadWithoutAnAnswerAsksAboutEveryExpectedPhotoWithoutOne() {
        answers.expect(List.of("a", "b"));
        answers.expect(List.of("c"));
        answers.put(List.of("b"), Map.of(), answers.now()); // b has a fresh answer

        List<String> first = answers.batchFor("a", 10);
        assertThat(first).containsExactly("a", "c");
        answers.settled(first);
        assertThat(answers.batchFor("x", 2)).as("bounded").containsExactly("x", "a");
    }

    @Test
    void anMd5IsInOneRequestAtATime() {
        answers.expect(List.of("a", "b", "c"));

        List<String> ahead = answers.claimAhead(2);
        assertThat(ahead).containsExactly("a", "b");
        assertThat(answers.next("a", 10, true).awaits()).as("a's upload waits for the request that is out").isTrue();
        assertThat(answers.next("c", 10, true).ask()).as("c alone: a and b are being asked about").containsExactly("c");

        answers.put(ahead, Map.of("b", 9L), answers.now());
        answers.settled(ahead);
        assertThat(answers.next("a", 10, true).known()).isEqualTo(Optional.empty());
        assertThat(answers.next("b", 10, true).known()).isEqualTo(Optional.of(9L));
    }

    @Test
    void theUploadsAskOnTheirOwnWhenTheRequestAheadFailed() throws InterruptedException {
        answers.expect(List.of("a"));
        List<String> ahead = answers.claimAhead(10);

        answers.settled(ahead); // failed: nothing put
        answers.awaitAnswer("a", Duration.ofSeconds(5)); // returns at once: nothing is out

        assertThat(answers.next("a", 10, true).ask()).containsExactly("a");
    }

    @Test
    void answersAreAskedAgainAheadOnceHalfTheirAgeHasPassed() {
        answers.expect(List.of("a", "b"));
        List<String> ahead = answers.claimAhead(10);
        answers.put(ahead, Map.of("b", 9L), answers.now());
        answers.settled(ahead);
        assertThat(answers.anythingToAsk()).isFalse();

        now.addAndGet(Duration.ofSeconds(6).toNanos());

        assertThat(answers.anythingToAsk()).isTrue();
        assertThat(answers.claimAhead(10)).as("the absent answer is past half its 10 s").containsExactly("a");
    }

    @Test
    void aTakenPhotoIsNoLongerExpected() {
        answers.expect(List.of("a", "b"));
        answers.put(List.of("a"), Map.of("a", 7L), answers.now());

        assertThat(answers.take("a")).isEqualTo(Optional.of(7L));
        assertThat(answers.batchFor("z", 10)).containsExactly("z", "b");
    }

    @Test
    void anAnswerToARequestSentBeforeThePhotoWasInvalidatedIsNotKept() {
        long sentAt = answers.now();
        now.addAndGet(1);
        answers.invalidate("a"); // a's upload asks on its own, then uploads it
        now.addAndGet(1);

        answers.put(List.of("a", "b"), Map.of(), sentAt); // the older batch: both "absent"

        assertThat(answers.take("a")).as("out of date: a was uploaded since").isNull();
        assertThat(answers.take("b")).isEqualTo(Optional.empty());
    }
}
