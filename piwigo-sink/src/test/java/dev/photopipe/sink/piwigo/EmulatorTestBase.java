package dev.photopipe.sink.piwigo;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of tests that each start a fresh emulator (faults set up per test) and a client of it;
 * JUnit closes both after each test.
 */
public abstract class EmulatorTestBase {
    @TempDir
    protected Path tmp;
    @AutoClose
    protected PiwigoEmulator emulator;
    @AutoClose
    protected PiwigoClient client;

    /** Starts {@code builder}'s emulator and an API-key client with fast retries ({@link EmulatorTargets}). */
    protected PiwigoClient startEmulator(PiwigoEmulator.Builder builder) {
        emulator = builder.start();
        client = PiwigoClients.create(EmulatorTargets.apiKey(emulator));
        return client;
    }
}
