package dev.photopipe.sink.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.photopipe.sink.piwigo.PiwigoClient;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LoungePublisherTest {
    /** The image ids of each pwg.images.uploadCompleted, in order. */
    private final List<List<Long>> publications = new CopyOnWriteArrayList<>();
    private final PiwigoClient piwigo = (PiwigoClient) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PiwigoClient.class}, (proxy, method, args) -> {
                if (method.getName().equals("uploadCompleted")) {
                    @SuppressWarnings("unchecked")
                    Collection<Long> ids = (Collection<Long>) args[0];
                    publications.add(List.copyOf(ids));
                }
                return null; // emptyLounge and close: nothing to answer
            });

    @Test
    void whileAnUploadRunsPhotosWaitForTheIntervalAndClosePublishesThemAtOnce() {
        LoungePublisher lounge = new LoungePublisher(piwigo, Duration.ofHours(1));
        lounge.uploadStarted(); // a long upload holds the window busy throughout
        for (long id = 1; id <= 4; id++) {
            lounge.uploadStarted();
            lounge.publish(id, 7);
            lounge.uploadEnded();
        }
        assertThat(lounge.pending()).isEqualTo(4);

        lounge.close();

        assertThat(publications).as("one publication, on close").containsExactly(List.of(1L, 2L, 3L, 4L));
    }

    @Test
    void onceNoUploadRunsThePhotosArePublishedWithoutWaitingForTheInterval() {
        try (LoungePublisher lounge = new LoungePublisher(piwigo, Duration.ofHours(1))) {
            lounge.uploadStarted();
            lounge.publish(1, 7);
            lounge.uploadEnded();

            await().atMost(Duration.ofSeconds(30)).until(() -> lounge.pending() == 0);
            assertThat(publications).containsExactly(List.of(1L));
        }
    }

    @Test
    void aZeroIntervalPublishesBeforePublishReturns() {
        try (LoungePublisher lounge = new LoungePublisher(piwigo, Duration.ZERO)) {
            lounge.uploadStarted();
            lounge.publish(1, 7);
            assertThat(publications).containsExactly(List.of(1L));
            lounge.uploadEnded();
        }
    }
}
