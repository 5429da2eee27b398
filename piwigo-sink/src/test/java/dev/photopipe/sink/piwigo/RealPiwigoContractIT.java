package dev.photopipe.sink.piwigo;

import dev.photopipe.sink.piwigo.PiwigoSettings.ApiKey;
import dev.photopipe.sink.piwigo.PiwigoSettings.Credentials;
import dev.photopipe.sink.piwigo.PiwigoSettings.UserPassword;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The contract against a real Piwigo: runs only when PIWIGO_URL is set, with PIWIGO_API_KEY or
 * PIWIGO_USER and PIWIGO_PASSWORD. Creates albums and tags named {@code photopipe-contract-<time>}
 * and a few small noise JPEGs in them; deletes only empty albums it created itself.
 */
@EnabledIfEnvironmentVariable(named = "PIWIGO_URL", matches = ".+")
class RealPiwigoContractIT extends PiwigoContract {
    @Override
    protected ContractTarget openTarget() {
        URI url = URI.create(System.getenv("PIWIGO_URL"));
        String key = System.getenv("PIWIGO_API_KEY");
        Credentials good;
        Credentials bad;
        String secret;
        if (key != null && !key.isBlank()) {
            // As the sink does by default: the key turned into a session; PIWIGO_API_KEY_HEADER=true
            // sends the header on every request instead.
            boolean session = !"true".equalsIgnoreCase(System.getenv("PIWIGO_API_KEY_HEADER"));
            ApiKey apiKey = new ApiKey(key.strip(), session);
            good = apiKey;
            secret = apiKey.secret();
            bad = new ApiKey(apiKey.pkid() + ":" + "0".repeat(40), session);
        } else {
            String user = System.getenv("PIWIGO_USER");
            secret = System.getenv("PIWIGO_PASSWORD");
            if (user == null || secret == null) {
                throw new IllegalStateException("set PIWIGO_API_KEY, or PIWIGO_USER and PIWIGO_PASSWORD");
            }
            good = new UserPassword(user, secret);
            bad = new UserPassword(user, secret + "-wrong");
        }
        Duration timeout = Duration.ofSeconds(60);
        String runId = "photopipe-contract-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new ContractTarget(
                new PiwigoSettings(url, good, EmulatorTargets.CHUNK_BYTES, timeout, EmulatorTargets.FAST_RETRY),
                new PiwigoSettings(url, bad, EmulatorTargets.CHUNK_BYTES, timeout, EmulatorTargets.FAST_RETRY),
                runId, Optional.empty(), secret);
    }
}
