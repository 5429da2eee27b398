package dev.photopipe.cli;

import static dev.photopipe.cli.OpsFixture.AT;
import static dev.photopipe.cli.OpsFixture.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.ops.views.ViewsService;
import dev.photopipe.observability.Observability;
import dev.photopipe.observability.ObservabilityServer;
import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.UploadRequest;
import dev.photopipe.schemas.UploadStatus;
import dev.photopipe.schemas.deadletter.ReasonCode;
import dev.photopipe.schemas.deadletter.Stage;
import dev.photopipe.schemas.topics.PhotopipeTopic;
import dev.photopipe.testing.kafka.SharedKafka;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The status page as an operator sees it: the endpoint {@code run} starts, on a real broker with
 * known records, loaded in headless Chromium, its Replay button clicked there; and its replay
 * action over HTTP.
 */
@ExtendWith(SharedKafka.class)
class StatusPageIT {
    /** Kept by the build as the test's output, for people to look at. */
    private static final Path SCREENSHOT = Path.of("target", "status-page", "status-page.png");
    /** The page after a click on LOT-A's Replay button, kept likewise. */
    private static final Path SCREENSHOT_AFTER_REPLAY = Path.of("target", "status-page", "status-page-after-replay.png");
    /** Long enough for the first status scan on a cold broker, a replay and the page's refresh. */
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);

    private static final String SINK_GROUP = SharedKafka.uniqueName("status-page-sink");

    private final OpsFixture kafka = new OpsFixture();
    private final HttpClient http = HttpClient.newHttpClient();
    private ObservabilityServer endpoint;
    private ViewsService views;

    @TempDir
    Path browserDir;

    @TempDir
    Path viewsDir;

    @BeforeEach
    void fillTopicsAndServe() throws Exception {
        // LOT-A: three photos, two uploaded, one refused by Piwigo twice; LOT-B: one photo whose file was empty.
        for (String id : List.of("a1", "a2", "a3")) {
            kafka.send(PhotopipeTopic.CAPTURED_PHOTOS, 0, id, photo(id, "LOT-A"));
            kafka.send(PhotopipeTopic.UPLOAD_REQUESTS, 0, id, UploadRequest.newBuilder().setPhoto(photo(id, "LOT-A"))
                    .setAlbumPath(List.of("Production", "LOT-A")).build());
        }
        for (String id : List.of("a1", "a2")) {
            kafka.send(PhotopipeTopic.SINK_LEDGER, 0, id, UploadOutcome.newBuilder().setPhotoId(id)
                    .setStatus(UploadStatus.UPLOADED).setMd5("md5-" + id).setFirstAttemptTime(AT).setLastAttemptTime(AT)
                    .build());
        }
        kafka.deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_REJECTED, "LOT-A", "a3",
                "Piwigo refused a3.jpg: file too large");
        kafka.deadLetter(PhotopipeTopic.UPLOAD_REQUESTS, Stage.SINK, ReasonCode.PIWIGO_REJECTED, "LOT-A", "a3",
                "Piwigo refused a3.jpg: file too large");
        kafka.deadLetter(PhotopipeTopic.CAPTURED_PHOTOS, Stage.ENRICH, ReasonCode.CORRUPT_IMAGE, "LOT-B", "b1",
                "b1.jpg is not a readable JPEG");

        // The sink has consumed one of the three requests: a lag of 2 on the chart.
        try (Admin admin = kafka.clients.admin()) {
            admin.alterConsumerGroupOffsets(SINK_GROUP, Map.of(
                    new TopicPartition(kafka.name(PhotopipeTopic.UPLOAD_REQUESTS), 0), new OffsetAndMetadata(1)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        endpoint = new ObservabilityServer(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "127.0.0.1", 0).start();
        views = kafka.serveViews(endpoint, viewsDir, null);
        // The views read the topics (each partition on its own) in the background: the page shows everything above
        // once they read all of it, and the tests look at the page only then.
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> {
            JsonNode status = status();
            assertThat(pending(status, "LOT-A")).isEqualTo("2/0");
            assertThat(pending(status, "LOT-B")).isEqualTo("1/0");
            assertThat(uploaded(status, "LOT-A")).isEqualTo(2);
        });
    }

    @AfterEach
    void stop() {
        views.close();
        endpoint.close();
        kafka.close();
    }

    @Test
    void pageShowsEachBatchsFailuresWithTheReasonAndAReplayButton() throws Exception {
        HeadlessChromium chromium = chromium();

        String dom = chromium.dumpDom(url("/"));

        assertThat(dom).as("rendered without an error; DOM:%n%s", dom)
                .contains("<span id=\"state\" role=\"status\" class=\"\">Updated ");
        assertThat(dom).contains(
                "<tr data-batch=\"LOT-A\" data-reason=\"PIWIGO_REJECTED\"><td>LOT-A</td><td>PIWIGO_REJECTED</td><td>sink</td>"
                        + "<td class=\"n\">2</td><td class=\"n\">0</td>",
                "Piwigo refused a3.jpg: file too large",
                "<button class=\"replay\" type=\"button\" data-batch=\"LOT-A\">Replay 2</button>",
                "<tr data-batch=\"LOT-B\" data-reason=\"CORRUPT_IMAGE\"><td>LOT-B</td><td>CORRUPT_IMAGE</td><td>enrich</td>",
                "<button class=\"replay\" type=\"button\" data-batch=\"LOT-B\">Replay 1</button>");
        assertThat(dom).as("batch progress").contains("<tr data-batch=\"LOT-A\"><td>LOT-A</td><td class=\"n\">3</td>"
                + "<td class=\"n\">0</td><td class=\"n\">3</td><td class=\"n\">2</td>");
        assertThat(dom).as("the charts are drawn as inline SVG").contains("<svg id=\"throughput\"", "<svg id=\"lag\"")
                .as("the sink's lag of 2, next to the views' own group").containsPattern(
                        "<span style=\"--swatch: #[0-9a-f]{6};\">" + SINK_GROUP + " 2</span>");

        chromium.screenshot(url("/"), SCREENSHOT);
    }

    @Test
    void clickingReplayReDrivesTheBatchsDeadLettersAndThePageShowsThemReplayed() throws Exception {
        HeadlessChromium chromium = chromium();
        Optional<Path> driver = HeadlessChromium.findDriver();
        assumeTrue(driver.isPresent(), "No chromedriver (/usr/bin/chromedriver, or -Dchromedriver.binary=PATH): "
                + "apt-get install -y chromium-driver to run this test");
        ChromeDriver browser = chromium.drive(driver.get());
        try {
            browser.get(url("/"));
            // The page polls every 5 s and redraws the table: find and click in one step, again if it was redrawn.
            await().atMost(PAGE_TIMEOUT).ignoreExceptionsMatching(e -> e instanceof NoSuchElementException
                    || e instanceof StaleElementReferenceException).untilAsserted(() -> {
                        var button = browser.findElement(By.cssSelector("button.replay[data-batch='LOT-A']"));
                        assertThat(button.getText()).isEqualTo("Replay 2");
                        button.click();
                    });

            Alert confirm = await("the confirm dialog of the click").atMost(PAGE_TIMEOUT)
                    .ignoreException(NoAlertPresentException.class)
                    .until(() -> browser.switchTo().alert(), Objects::nonNull);
            assertThat(confirm.getText()).startsWith("Replay the 2 pending dead letter(s) of batch LOT-A?");
            confirm.accept();

            await("the page showing the replay").atMost(PAGE_TIMEOUT)
                    .ignoreException(StaleElementReferenceException.class).untilAsserted(() -> {
                assertThat(browser.findElement(By.id("replay-result")).getText())
                        .isEqualTo("Batch LOT-A: 2 replayed, 0 already replayed, 0 not replayable, 0 failed.");
                assertThat(failureRows(browser)).as("batch, reason, stage, pending, replayed, resolved, message, action")
                        .containsExactly(
                                List.of("LOT-A", "PIWIGO_REJECTED", "sink", "0", "2", "0",
                                        "Piwigo refused a3.jpg: file too large", ""),
                                List.of("LOT-B", "CORRUPT_IMAGE", "enrich", "1", "0", "0", "b1.jpg is not a readable JPEG",
                                        "Replay 1"));
                assertThat(browser.findElement(By.cssSelector("button.replay[data-batch='LOT-B']")).isEnabled())
                        .as("the other batch can still be replayed").isTrue();
            });
            assertLotAReplayedOnce();

            HeadlessChromium.screenshot(browser, SCREENSHOT_AFTER_REPLAY);
        } finally {
            browser.quit();
        }
    }

    @Test
    void replayActionRepublishesTheBatchsLettersMarksThemAndTheStatusShowsIt() throws Exception {
        assertThat(pending(status(), "LOT-A")).isEqualTo("2/0");

        HttpResponse<String> first = replay("LOT-A");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode result = new ObjectMapper().readTree(first.body());
        assertThat(result.get("replayed").asLong()).isEqualTo(2);
        assertThat(result.get("alreadyReplayed").asLong()).isZero();
        assertLotAReplayedOnce();
        await().atMost(PAGE_TIMEOUT).untilAsserted(() -> assertThat(pending(status(), "LOT-A"))
                .as("the views read the marks, the page's cache was dropped").isEqualTo("0/2"));
        assertThat(pending(status(), "LOT-B")).as("another batch stays pending").isEqualTo("1/0");

        JsonNode again = new ObjectMapper().readTree(replay("LOT-A").body());
        assertThat(again.get("replayed").asLong()).isZero();
        assertThat(again.get("alreadyReplayed").asLong()).isEqualTo(2);
    }

    @Test
    void replayWithoutABatchIsRefusedWithTheFix() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/replay")))
                .header(Observability.ACTION_HEADER, "1").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("No batch given", "?batch=LOT-4711");
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_REPLAYED)).isEmpty();
    }

    private HeadlessChromium chromium() {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(browserDir);
        assumeTrue(chromium.isPresent(), "No Chromium binary (/usr/bin/chromium, or -Dchromium.binary=PATH): "
                + "apt-get install -y chromium to run this test");
        return chromium.get();
    }

    /** The failures table's cells, row by row, read at once (the page redraws it on every poll). */
    @SuppressWarnings("unchecked")
    private static List<List<String>> failureRows(ChromeDriver browser) {
        return (List<List<String>>) browser.executeScript("return [...document.querySelectorAll('#failures tbody tr')]"
                + ".map(tr => [...tr.cells].map(td => td.textContent))");
    }

    /** LOT-A's two dead letters were re-published to the topic they failed on, and marked; LOT-B's were not. */
    private void assertLotAReplayedOnce() {
        assertThat(kafka.read(PhotopipeTopic.UPLOAD_REQUESTS)).as("three requests, then the two re-published")
                .hasSize(5).filteredOn(record -> value(record).equals("value-a3")).hasSize(2);
        assertThat(kafka.read(PhotopipeTopic.DEAD_LETTERS_REPLAYED)).hasSize(2);
        assertThat(kafka.read(PhotopipeTopic.CAPTURED_PHOTOS)).map(StatusPageIT::value).doesNotContain("value-b1");
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> replay(String batch) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("/api/replay?batch=" + batch)))
                .header(Observability.ACTION_HEADER, "1").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/status"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    /** {@code pending/replayed} dead letters of {@code batch}. */
    private static String pending(JsonNode status, String batch) {
        List<String> counts = new ArrayList<>();
        status.get("deadLetters").get("byBatch").forEach(row -> {
            if (row.get("key").asText().equals(batch)) {
                counts.add(row.get("pending").asLong() + "/" + row.get("replayed").asLong());
            }
        });
        assertThat(counts).as("dead letters of %s in %s", batch, status).hasSize(1);
        return counts.get(0);
    }

    /** Photos of {@code batch} the ledger records as uploaded. */
    private static long uploaded(JsonNode status, String batch) {
        List<Long> uploaded = new ArrayList<>();
        status.get("batches").forEach(row -> {
            if (row.get("batch").asText().equals(batch)) {
                uploaded.add(row.get("uploaded").asLong());
            }
        });
        assertThat(uploaded).as("batch %s in %s", batch, status).hasSize(1);
        return uploaded.get(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + endpoint.port() + path;
    }
}
