package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExistencePrefetcherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong();
    private final ExistenceAnswers answers = new ExistenceAnswers(100, Duration.ofSeconds(10), Duration.ofMinutes(1), now::get);
    private final List<List<String>> asked = new CopyOnWriteArrayList<>();
    private final AtomicBoolean piwigoDown = new AtomicBoolean();
    private final ExistencePrefetcher prefetcher = new ExistencePrefetcher(answers, md5s -> {
        asked.add(List.copyOf(md5s));
        if (piwigoDown.get()) {
            throw new IllegalStateException("Piwigo does not answer");
        }
        return md5s.contains("b") ? Map.of("b", 9L) : Map.of();
    }, 100, Duration.ofMillis(20));

    @AfterEach
    void close() {
        prefetcher.close();
    }

    @Test
    void announcedPhotosAreAskedAboutInOneRequestBeforeTheirUploads() {
        answers.expect(List.of("a", "b", "c"));
        prefetcher.wake();

        await().atMost(DEADLINE).until(() -> !answers.anythingToAsk() && answers.size() == 3);
        assertThat(asked).containsExactly(List.of("a", "b", "c"));
        assertThat(answers.next("b", 10, true).known()).isEqualTo(Optional.of(9L));
        assertThat(answers.next("a", 10, true).known()).isEqualTo(Optional.empty());
    }

    @Test
    void waitingPhotosAreAskedAgainBeforeTheirAnswersGoStale() {
        answers.expect(List.of("a"));
        prefetcher.wake();
        await().atMost(DEADLINE).until(() -> asked.size() == 1 && answers.size() == 1);

        now.addAndGet(Duration.ofSeconds(6).toNanos()); // past half of the 10 s an "absent" stays fresh

        await().atMost(DEADLINE).until(() -> asked.size() == 2);
        assertThat(asked.get(1)).containsExactly("a");
    }

    @Test
    void aFailedRequestLeavesTheUploadToAskOnItsOwn() {
        piwigoDown.set(true);
        answers.expect(List.of("a"));
        prefetcher.wake();
        await().atMost(DEADLINE).until(() -> asked.size() == 1);

        await().atMost(DEADLINE).until(() -> !answers.next("a", 10, true).ask().isEmpty());
    }
}
