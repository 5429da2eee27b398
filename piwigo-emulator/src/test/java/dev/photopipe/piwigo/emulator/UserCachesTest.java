package dev.photopipe.piwigo.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.UserCaches.Turn;
import org.junit.jupiter.api.Test;

class UserCachesTest {
    private final UserCaches caches = new UserCaches();

    @Test
    void afterAnImageIsCreatedOneRequestPerUserRebuildsAndTheOthersOfThatUserWait() {
        assertThat(caches.enter("admin")).isEqualTo(Turn.FRESH);
        assertThat(caches.enter("guest")).isEqualTo(Turn.FRESH);

        caches.invalidateAll();

        assertThat(caches.enter("admin")).isEqualTo(Turn.REBUILD);
        assertThat(caches.enter("admin")).as("same user meanwhile: sleeps a second").isEqualTo(Turn.WAIT);
        assertThat(caches.enter("guest")).as("another user rebuilds its own").isEqualTo(Turn.REBUILD);
        caches.rebuilt("admin");
        assertThat(caches.enter("admin")).isEqualTo(Turn.FRESH);
    }

    @Test
    void anInvalidationDuringARebuildLeavesTheCacheToBeRebuiltAgain() {
        caches.enter("admin");
        caches.invalidateAll();
        assertThat(caches.enter("admin")).isEqualTo(Turn.REBUILD);

        caches.invalidateAll(); // another upload finished meanwhile
        caches.rebuilt("admin");

        assertThat(caches.enter("admin")).isEqualTo(Turn.REBUILD);
    }
}
