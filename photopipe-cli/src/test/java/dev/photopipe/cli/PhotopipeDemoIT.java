package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photopipe.piwigo.emulator.PiwigoEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code photopipe demo} as a newcomer runs it, from the repository root (so that the example
 * rules and cameras load): a demo-sized run of {@value #PHOTOS} simulated photos flows into the
 * emulator; then {@code photopipe find --batch} lists every photo of each lot with the image id
 * the gallery holds for it, the status page's search finds a lot in headless Chromium and its link
 * opens the photo in the emulator's gallery, and SIGTERM stops everything with exit code 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhotopipeDemoIT {
    private static final int PHOTOS = 120;
    private static final Pattern STATUS_PAGE = Pattern.compile("Status page: +(http://\\S+/)");
    private static final Pattern EMULATOR = Pattern.compile("Emulator: +(http://\\S+/)");
    /** From the start to the last simulated photo's upload: broker, Streams and sink start on two shared cores. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Path SCREENSHOT = Path.of("target", "status-page", "search-followed-to-gallery.png");

    // Static: one demo run serves every test of the class, from @BeforeAll on.
    @TempDir
    static Path dataDir;

    @TempDir
    static Path browserDir;

    private PhotopipeProcess demo;
    private String statusPage;
    private String gallery;

    @BeforeAll
    void runTheDemoUntilEveryPhotoIsUploaded() throws Exception {
        Path repositoryRoot = Path.of("").toAbsolutePath().getParent();
        assertThat(repositoryRoot.resolve("examples/rules.yaml")).as("the demo's example rules").isRegularFile();
        demo = PhotopipeProcess.startIn(repositoryRoot, "demo", "--data-dir", dataDir.toString(), "--kafka-port", "0",
                "--set", "metrics.port=0", "--set", "ingest.http.port=0", "--rate", "20/s", "--photos",
                String.valueOf(PHOTOS));
        demo.awaitLine("Press Ctrl-C to stop.");
        statusPage = printed(STATUS_PAGE);
        gallery = printed(EMULATOR);
        await().atMost(UPLOAD_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .failFast("photopipe demo exited early; output:\n" + demo.output(), () -> !demo.process.isAlive())
                .untilAsserted(() -> assertThat(uploaded()).isEqualTo(PHOTOS));
    }

    @AfterAll
    void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void itSaysWhereToLookAndLoadsTheExamples() throws Exception {
        assertThat(demo.output()).contains("Emulator:", "NOT a real Piwigo", "Hot folder:   " + dataDir.toAbsolutePath())
                .contains("rules from examples/rules.yaml", "cameras from examples/cameras.csv")
                .contains("photopipe find --batch LOT-4711");
        assertThat(Files.list(dataDir.resolve("hotfolder"))).as("the simulator wrote into run's hot folder")
                .isNotEmpty();
        assertThat(albumNames()).as("the example rules file the simulated lots under Production/<line>/<lot>")
                .contains("Production", "line-1").anyMatch(name -> name.startsWith("LOT-"));
    }

    @Test
    @Order(2)
    void findListsEveryPhotoOfEachLotWithTheImageIdTheGalleryHolds() throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String lot : lots()) {
            JsonNode answer = new ObjectMapper().readTree(find("--batch", lot, "--json"));
            assertThat(answer.get("limitHit").asBoolean()).isFalse();
            answer.get("photos").forEach(photo -> {
                assertThat(photo.get("batch").asText()).isEqualTo(lot);
                found.add(photo);
            });
        }

        assertThat(found).as("every photo, once, over the lots").hasSize(PHOTOS);
        Map<String, Long> inGallery = imageIdsByMd5(found.stream().map(p -> p.get("md5").asText()).toList());
        for (JsonNode photo : found) {
            assertThat(photo.get("status").asText()).isEqualTo("uploaded");
            assertThat(photo.get("imageId").asLong()).as("image of %s", photo.get("file").asText())
                    .isEqualTo(inGallery.get(photo.get("md5").asText()));
            assertThat(photo.get("imageUrl").asText()).isEqualTo(gallery + "picture.php?/" + photo.get("imageId").asLong());
            assertThat(photo.get("albumPath").asText()).startsWith("Production/line-");
        }
        assertThat(find("--batch", lots().get(0))).contains("uploaded", gallery + "picture.php?/");
    }

    @Test
    @Order(3)
    void theStatusPageSearchFindsALotAndItsLinkOpensThePhotoInTheGallery() throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(browserDir);
        assumeTrue(chromium.isPresent(), "No Chromium binary: apt-get install -y chromium to run this test");
        Optional<Path> driver = HeadlessChromium.findDriver();
        assumeTrue(driver.isPresent(), "No chromedriver: apt-get install -y chromium-driver to run this test");
        String lot = lots().get(0);
        ChromeDriver browser = chromium.get().drive(driver.get());
        try {
            browser.get(statusPage);
            browser.findElement(By.id("search-text")).sendKeys(lot);
            browser.findElement(By.cssSelector("form.search button")).click();
            await("the search's answer").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(browser.findElement(By.id("search-result")).getText()).contains("photo(s), batch " + lot));
            List<WebElement> images = browser.findElements(By.cssSelector("#photos a.image"));
            assertThat(images).as("a link to each photo's image").isNotEmpty();
            assertThat(browser.findElement(By.cssSelector("#photos tbody")).getText())
                    .contains("captured", "routed to Production/line-", "uploaded", "lot:" + lot);
            WebElement first = images.get(0);
            String href = first.getAttribute("href");
            assertThat(href).startsWith(gallery + "picture.php?/");

            String page = browser.getWindowHandle();
            first.click();
            await("the gallery's tab").atMost(Duration.ofSeconds(30))
                    .until(() -> browser.getWindowHandles().size() == 2);
            browser.switchTo().window(browser.getWindowHandles().stream().filter(h -> !h.equals(page)).findFirst()
                    .orElseThrow());
            await("the image page").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(browser.getCurrentUrl()).isEqualTo(href));
            assertThat(browser.findElement(By.xpath("//dt[.='Image id']/following-sibling::dd[1]")).getText())
                    .isEqualTo(href.substring(href.lastIndexOf('/') + 1));
            WebElement photo = browser.findElement(By.cssSelector("img.full"));
            await("the photo itself").atMost(Duration.ofSeconds(30)).until(() -> (Boolean) browser.executeScript(
                    "return arguments[0].complete && arguments[0].naturalWidth > 0", photo));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Production", lot);
            HeadlessChromium.screenshot(browser, SCREENSHOT);
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void sigtermStopsEverythingWithExit0() throws Exception {
        demo.process.destroy();

        assertThat(demo.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("stopped within %s after SIGTERM; output:%n%s", STOP_TIMEOUT, demo.output()).isTrue();
        assertThat(demo.process.exitValue()).as("exit code; output:%n%s", demo.output()).isZero();
        assertThat(demo.output()).contains("Stopped camera simulator", "Stopped views", "photopipe stopped cleanly");
    }

    private String printed(Pattern pattern) {
        Matcher matcher = pattern.matcher(demo.output());
        assertThat(matcher.find()).as("%s printed; output:%n%s", pattern, demo.output()).isTrue();
        return matcher.group(1);
    }

    /** {@code photopipe find ...} against the demo's views, as a user runs it; its output. */
    private String find(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("find"));
        all.addAll(List.of(args));
        all.addAll(List.of("--set", "views.url=" + statusPage));
        int exit = Photopipe.commandLine(Map.of()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        assertThat(exit).as("find %s: %s", List.of(args), err).isZero();
        return out.toString();
    }

    /** The lots the status page counts, in order. */
    private List<String> lots() throws Exception {
        List<String> lots = new ArrayList<>();
        json(statusPage + "api/status").get("batches").forEach(batch -> lots.add(batch.get("batch").asText()));
        assertThat(lots).isNotEmpty().allMatch(lot -> lot.startsWith("LOT-"));
        return lots;
    }

    /** Photos the status page counts as uploaded, over every batch. */
    private long uploaded() throws Exception {
        long uploaded = 0;
        for (JsonNode batch : json(statusPage + "api/status").get("batches")) {
            uploaded += batch.get("uploaded").asLong();
        }
        return uploaded;
    }

    /** What the gallery holds for each md5, asked through Piwigo's own API ({@code pwg.images.exist}). */
    private Map<String, Long> imageIdsByMd5(List<String> md5s) throws Exception {
        JsonNode answer = piwigo("pwg.images.exist", "md5sum_list=" + URLEncoder.encode(String.join(",", md5s),
                StandardCharsets.UTF_8));
        Map<String, Long> ids = new HashMap<>();
        answer.path("result").fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asLong()));
        return ids;
    }

    private List<String> albumNames() throws Exception {
        List<String> names = new ArrayList<>();
        piwigo("pwg.categories.getList", "recursive=true").path("result").path("categories")
                .forEach(album -> names.add(album.path("name").asText()));
        return names;
    }

    /** A call of Piwigo's API with the emulator's default key. */
    private JsonNode piwigo(String method, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gallery + "ws.php?format=json&method=" + method))
                .header("X-PIWIGO-API", PiwigoEmulator.DEFAULT_API_KEY)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = new ObjectMapper().readTree(response.body());
        assertThat(answer.path("stat").asText()).as("%s: %s", method, response.body()).isEqualTo("ok");
        return answer;
    }

    private static JsonNode json(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
