package dev.photopipe.sink.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photopipe.piwigo.emulator.EmulatedAlbum;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.catalog.AlbumDirectory.LockDomain;
import dev.photopipe.sink.piwigo.EmulatorTargets;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoClients;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two sink processes creating the same new album path at once, emulated by two directories with
 * separate lock domains and separate clients: no JVM lock helps them, only the settle step.
 */
class AlbumDirectoryIT {
    private static final int ROUNDS = 20;

    private PiwigoEmulator emulator;
    private PiwigoClient one;
    private PiwigoClient two;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        emulator = PiwigoEmulator.builder().start();
        one = PiwigoClients.create(EmulatorTargets.apiKey(emulator));
        two = PiwigoClients.create(EmulatorTargets.apiKey(emulator));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        one.close();
        two.close();
        emulator.close();
    }

    @Test
    void twoInstancesWithSeparateLocksConvergeOnOneAlbumPerLevel() throws Exception {
        AlbumDirectory first = new AlbumDirectory(one, LockDomain.isolated());
        AlbumDirectory second = new AlbumDirectory(two, LockDomain.isolated());
        CyclicBarrier barrier = new CyclicBarrier(2);

        for (int round = 0; round < ROUNDS; round++) {
            List<String> path = List.of("Production " + round, "Line 3", "LOT-" + round);
            CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> Race.atBarrier(barrier, () -> first.resolve(path)), pool);
            CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> Race.atBarrier(barrier, () -> second.resolve(path)), pool);

            long idA = a.get(30, TimeUnit.SECONDS);
            long idB = b.get(30, TimeUnit.SECONDS);

            assertThat(idA).as("round %d: both instances resolve the same leaf", round).isEqualTo(idB);
            assertOneAlbumPerLevel(path, idA);
        }
        assertThat(emulator.albums()).hasSize(ROUNDS * 3);
    }

    @Test
    void whenAnotherInstanceCreatedTheLevelFirstOurDuplicateIsDeleted() {
        // Forces the interleaving the race test hits only sometimes: the other instance's add
        // lands between our look-up and our add.
        PiwigoClient racing = (PiwigoClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PiwigoClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addAlbum")) {
                        two.addAlbum((String) args[0], (Long) args[1]);
                    }
                    try {
                        return method.invoke(one, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        long resolved = new AlbumDirectory(racing, LockDomain.isolated()).resolve(List.of("Shared", "Child"));

        assertOneAlbumPerLevel(List.of("Shared", "Child"), resolved);
        assertThat(emulator.calls("pwg.categories.delete")).isEqualTo(2);
    }

    @Test
    void duplicatesFoundBeforeCreatingResolveToTheLowestIdAndStay() {
        long earlier = two.addAlbum("Shared", null);
        long later = one.addAlbum("Shared", null);

        long resolved = new AlbumDirectory(one, LockDomain.isolated()).resolve(List.of("Shared"));

        // Not ours to delete: this directory created neither.
        assertThat(resolved).isEqualTo(Math.min(earlier, later));
        assertThat(emulator.albums()).hasSize(2);
    }

    private void assertOneAlbumPerLevel(List<String> path, long leaf) {
        Map<Long, EmulatedAlbum> byId = emulator.albums().stream()
                .collect(Collectors.toMap(EmulatedAlbum::id, Function.identity()));
        Long parent = null;
        for (String name : path) {
            Long p = parent;
            List<EmulatedAlbum> matches = byId.values().stream()
                    .filter(x -> java.util.Objects.equals(x.parentId(), p) && x.name().equals(name)).toList();
            assertThat(matches).as("albums named %s under %s", name, p).hasSize(1);
            parent = matches.get(0).id();
        }
        assertThat(parent).isEqualTo(leaf);
    }
}
