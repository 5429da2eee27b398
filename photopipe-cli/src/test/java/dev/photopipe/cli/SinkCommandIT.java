package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import dev.photopipe.testing.kafka.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code photopipe sink} as an operator runs it: a gallery that refuses the credentials is reported
 * at once; one that is down does not hold the start-up and shows in readiness.
 */
@ExtendWith(SharedKafka.class)
class SinkCommandIT {
    @TempDir
    Path stateDir;

    @Test
    void refusesToStartWithExitCode3AndTheReasonWhenPiwigoRefusesTheApiKey() throws Exception {
        String prefix = SharedKafka.uniqueName("sinkcmd") + ".";
        try (PiwigoEmulator piwigo = PiwigoEmulator.builder().start();
                PhotopipeProcess sink = PhotopipeProcess.start("sink", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                        "--set", "topics.prefix=" + prefix, "--set", "sink.group.id=" + prefix + "sink",
                        "--set", "piwigo.url=" + piwigo.url(),
                        "--set", "piwigo.api.key=pkid-20261123-abcdefghij0123456789:wrong-secret-0000000000000000000000000",
                        "--set", "views.enabled=false", "--set", "metrics.port=0")) {
            assertThat(sink.process.waitFor(PhotopipeProcess.READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("stopped by itself; output:%n%s", sink.output()).isTrue();

            assertThat(sink.process.exitValue()).as("exit code; output:%n%s", sink.output()).isEqualTo(ExitCodes.CONFIG);
            assertThat(sink.output()).contains("refused photopipe's credentials", "Check piwigo.api.key")
                    .doesNotContain("wrong-secret");
        }
    }

    @Test
    void startsWhilePiwigoIsDownReportsItInReadinessAndIsReadyOnceItAnswers() throws Exception {
        String prefix = SharedKafka.uniqueName("sinkdown") + ".";
        try (PiwigoEmulator piwigo = PiwigoEmulator.builder().start()) {
            piwigo.faults().unavailableFor(Duration.ofHours(1));
            try (PhotopipeProcess sink = PhotopipeProcess.start("sink", "--bootstrap-servers", SharedKafka.bootstrapServers(),
                    "--set", "topics.prefix=" + prefix, "--set", "sink.group.id=" + prefix + "sink",
                    "--set", "piwigo.url=" + piwigo.url(), "--set", "piwigo.api.key=" + PiwigoEmulator.DEFAULT_API_KEY,
                    // Its ledger store in a temporary directory, not ./data/sink-state of the module.
                    "--set", "sink.state.dir=" + stateDir, "--set", "views.state.dir=" + stateDir.resolve("views"),
                    "--set", "metrics.port=0")) {
                // Started (not held by the upload client's retries), and says where Piwigo stands.
                sink.awaitLine("piwigo-sink started");
                assertThat(sink.output()).contains("does not answer yet");
                String ready = sink.metricsUrl() + "/health/ready";
                HttpResponse<String> down = get(ready);
                assertThat(down.statusCode()).as("readiness while Piwigo answers 503: %s", down.body()).isEqualTo(503);
                assertThat(readiness(down, "piwigo")).contains("DOWN", "no answer from Piwigo at " + piwigo.url());

                piwigo.faults().clear();

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> up = get(ready);
                    assertThat(readiness(up, "piwigo")).as(up.body()).contains("UP", "logged in as");
                    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
                });
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One check of a /health/ready answer: its status and detail. */
    private static String readiness(HttpResponse<String> response, String check) throws Exception {
        JsonNode node = new ObjectMapper().readTree(response.body()).path("checks").path(check);
        return node.path("status").asText() + " " + node.path("detail").asText();
    }
}
