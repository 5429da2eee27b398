package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code photopipe demo} as a newcomer runs it, from the repository root (so that the example
 * rules and cameras load): photos flow from the simulated cameras into the emulator, then
 * SIGTERM stops everything with exit code 0.
 */
class PhotopipeDemoIT {
    private static final Pattern STATUS_PAGE = Pattern.compile("Status page: +(http://\\S+/)");
    private static final Pattern EMULATOR = Pattern.compile("Emulator: +(http://\\S+/)");
    /** From the first simulated photo to its upload: broker, Streams and sink start on two shared cores. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void demoUploadsSimulatedPhotosToTheLabelledEmulatorAndStopsWithExit0OnSigterm() throws Exception {
        Path repositoryRoot = Path.of("").toAbsolutePath().getParent();
        assertThat(repositoryRoot.resolve("examples/rules.yaml")).as("the demo's example rules").isRegularFile();

        try (PhotopipeProcess demo = PhotopipeProcess.startIn(repositoryRoot, "demo", "--data-dir", dataDir.toString(),
                "--kafka-port", "0", "--set", "metrics.port=0", "--set", "ingest.http.port=0", "--rate", "10/s")) {
            demo.awaitLine("Press Ctrl-C to stop.");
            assertThat(demo.output()).contains("Emulator:", "NOT a real Piwigo", "Hot folder:   " + dataDir.toAbsolutePath())
                    .contains("rules from examples/rules.yaml", "cameras from examples/cameras.csv");
            Matcher page = STATUS_PAGE.matcher(demo.output());
            assertThat(page.find()).as("status page URL printed; output:%n%s", demo.output()).isTrue();

            await().atMost(UPLOAD_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                    .failFast("photopipe demo exited early; output:\n" + demo.output(), () -> !demo.process.isAlive())
                    .untilAsserted(() -> assertThat(uploaded(page.group(1) + "api/status")).isPositive());
            assertThat(Files.list(dataDir.resolve("hotfolder"))).as("the simulator wrote into run's hot folder")
                    .isNotEmpty();
            Matcher emulator = EMULATOR.matcher(demo.output());
            assertThat(emulator.find()).as("emulator URL printed").isTrue();
            assertThat(albumNames(emulator.group(1)))
                    .as("the example rules file the simulated lots under Production/<line>/<lot>")
                    .contains("Production", "line-1").anyMatch(name -> name.startsWith("LOT-"));

            demo.process.destroy();

            assertThat(demo.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("stopped within %s after SIGTERM; output:%n%s", STOP_TIMEOUT, demo.output()).isTrue();
            assertThat(demo.process.exitValue()).as("exit code; output:%n%s", demo.output()).isZero();
            assertThat(demo.output()).contains("Stopped camera simulator", "photopipe stopped cleanly");
        }
    }

    /** Every album name in the gallery, asked through Piwigo's own API with the emulator's default key. */
    private static List<String> albumNames(String piwigoUrl) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(piwigoUrl + "ws.php?format=json&method=pwg.categories.getList"
                        + "&recursive=true"))
                .header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = new ObjectMapper().readTree(response.body());
        assertThat(answer.path("stat").asText()).as("pwg.categories.getList: %s", response.body()).isEqualTo("ok");
        List<String> names = new ArrayList<>();
        answer.path("result").path("categories").forEach(album -> names.add(album.path("name").asText()));
        return names;
    }

    /** Photos the status page counts as uploaded, over every batch. */
    private static long uploaded(String statusUrl) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(statusUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", statusUrl, response.body()).isEqualTo(200);
        long uploaded = 0;
        for (JsonNode batch : new ObjectMapper().readTree(response.body()).get("batches")) {
            uploaded += batch.get("uploaded").asLong();
        }
        return uploaded;
    }
}
