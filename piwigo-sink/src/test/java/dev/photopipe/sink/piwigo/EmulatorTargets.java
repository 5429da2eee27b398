package dev.photopipe.sink.piwigo;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.sink.piwigo.PiwigoSettings.ApiKey;
import dev.photopipe.sink.piwigo.PiwigoSettings.Credentials;
import dev.photopipe.sink.piwigo.PiwigoSettings.Retry;
import dev.photopipe.sink.piwigo.PiwigoSettings.UserPassword;
import java.time.Duration;
import java.util.Optional;

/** Settings for clients of an emulator: small chunks, short timeouts, fast retries. */
public final class EmulatorTargets {
    static final int CHUNK_BYTES = 64 * 1024;
    static final String PASSWORD = "admin-password";
    static final Retry FAST_RETRY = new Retry(Duration.ofMillis(10), Duration.ofMillis(200), 0.2, 6);

    private EmulatorTargets() {
    }

    public static PiwigoSettings apiKey(PiwigoEmulator emulator) {
        return settings(emulator, new ApiKey(PiwigoEmulator.DEFAULT_API_KEY, false), Duration.ofSeconds(10));
    }

    static PiwigoSettings session(PiwigoEmulator emulator) {
        return settings(emulator, new UserPassword("admin", PASSWORD), Duration.ofSeconds(10));
    }

    static PiwigoSettings settings(PiwigoEmulator emulator, Credentials credentials, Duration timeout) {
        return new PiwigoSettings(emulator.url(), credentials, CHUNK_BYTES, timeout, FAST_RETRY);
    }

    static ContractTarget withApiKey() {
        PiwigoEmulator emulator = PiwigoEmulator.builder().start();
        String secret = PiwigoEmulator.DEFAULT_API_KEY.substring(PiwigoEmulator.DEFAULT_API_KEY.indexOf(':') + 1);
        String badKey = PiwigoEmulator.DEFAULT_API_KEY.replace(secret, "0".repeat(40));
        return new ContractTarget(apiKey(emulator),
                settings(emulator, new ApiKey(badKey, false), Duration.ofSeconds(10)),
                "run", Optional.of(emulator), secret);
    }

    static ContractTarget withSession() {
        PiwigoEmulator emulator = PiwigoEmulator.builder().start();
        return new ContractTarget(session(emulator),
                settings(emulator, new UserPassword("admin", "wrong-" + PASSWORD), Duration.ofSeconds(10)),
                "run", Optional.of(emulator), PASSWORD);
    }
}
