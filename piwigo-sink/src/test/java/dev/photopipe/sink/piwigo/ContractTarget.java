package dev.photopipe.sink.piwigo;

import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import java.util.Optional;

/**
 * A Piwigo the contract suite runs against.
 *
 * @param settings       working credentials
 * @param badCredentials the same server with credentials it must refuse
 * @param runId          unique per run: prefix of every album and tag the suite creates
 * @param emulator       present when the target is the emulator (extra, emulator-only checks)
 * @param secret         the secret part of the credentials, which must never be printed
 */
record ContractTarget(PiwigoSettings settings, PiwigoSettings badCredentials, String runId,
                      Optional<PiwigoEmulator> emulator, String secret) implements AutoCloseable {
    @Override
    public void close() {
        emulator.ifPresent(PiwigoEmulator::close);
    }
}
