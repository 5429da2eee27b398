package dev.photopipe.cli.runtime;

import dev.photopipe.observability.HealthCheck;
import dev.photopipe.sink.config.SinkConfig;
import dev.photopipe.sink.piwigo.PiwigoAuthenticationException;
import dev.photopipe.sink.piwigo.PiwigoClient;
import dev.photopipe.sink.piwigo.PiwigoClients;
import dev.photopipe.sink.piwigo.PiwigoSettings;
import dev.photopipe.sink.piwigo.ServerStatus;
import java.time.Duration;

/**
 * Ready when Piwigo answers {@code pwg.session.getStatus} within two seconds and takes the sink's
 * credentials. Its own client, with one attempt per check: readiness must report an outage, not
 * wait it out behind the upload client's retries. Close it to release its connections.
 */
public final class PiwigoHealthCheck implements HealthCheck, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final String url;
    private final PiwigoClient client;

    public PiwigoHealthCheck(SinkConfig config) {
        this.url = config.piwigoUrl();
        this.client = PiwigoClients.create(PiwigoSettings.from(config).forProbe(TIMEOUT));
    }

    @Override
    public Status check() {
        try {
            ServerStatus status = client.probe();
            return Status.up("Piwigo " + status.version() + " at " + url + ", logged in as " + status.username());
        } catch (PiwigoAuthenticationException e) {
            return Status.down("Piwigo at " + url + " refuses the credentials: " + e.getMessage());
        } catch (RuntimeException e) {
            return Status.down("no answer from Piwigo at " + url + " within " + TIMEOUT.toSeconds() + " s: "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
