package dev.photopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} run headless, for tests of the status page as a browser renders it
 * (its script included): one process per page load ({@link #dumpDom}, {@link #screenshot}), or a
 * session to click in, driven by Selenium through Debian's {@code chromium-driver}
 * ({@link #drive}). Find it with {@link #find}; tests skip where there is none
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them).
 */
final class HeadlessChromium {
    /** The flags of every run: headless as root in a container, nothing fetched from the internet. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");
    /** What screenshots show: a 1280x900 window, no scrollbars. */
    private static final List<String> SCREEN = List.of("--window-size=1280,900", "--hide-scrollbars");
    /** Virtual time the page gets to load, fetch its data and render; virtual, so a slow machine does not shorten it. */
    private static final String BUDGET_MS = "5000";
    /** Real time one load may take: the first status scan on a cold broker plus Chromium's start. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Path binary;
    private final Path workDir;

    private HeadlessChromium(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /**
     * The binary named by the system property {@code chromium.binary}, else the first of Debian's
     * and Ubuntu's usual paths that exists.
     *
     * @param workDir profile and logs of the browser runs
     */
    static Optional<HeadlessChromium> find(Path workDir) {
        String configured = System.getProperty("chromium.binary");
        Stream<String> candidates = configured != null ? Stream.of(configured)
                : Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst()
                .map(binary -> new HeadlessChromium(binary, workDir));
    }

    /**
     * The WebDriver server for this binary: the system property {@code chromedriver.binary}, else
     * Debian's {@code chromium-driver} ({@code /usr/bin/chromedriver}). Named explicitly, with the
     * browser binary, so that Selenium never runs Selenium Manager, which would download a driver.
     */
    static Optional<Path> findDriver() {
        String configured = System.getProperty("chromedriver.binary");
        Stream<String> candidates = configured != null ? Stream.of(configured)
                : Stream.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        return candidates.map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /**
     * A new browser session (a 1280x900 window, a fresh profile) driven through {@code driver}; quit it
     * when done. Dialogs ({@code confirm}) stay open until the test answers them.
     */
    ChromeDriver drive(Path driver) throws IOException {
        ChromeOptions options = new ChromeOptions().setBinary(binary.toFile());
        options.addArguments(FLAGS);
        options.addArguments(SCREEN);
        options.addArguments("--user-data-dir=" + Files.createTempDirectory(workDir, "chromium-profile-"));
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withLogFile(Files.createTempFile(workDir, "chromedriver-", ".log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    /** Saves a PNG of what {@code browser} shows now to {@code png}. */
    static void screenshot(ChromeDriver browser, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(png).as("screenshot written").isNotEmptyFile();
    }

    /** The DOM after the page's script ran, serialized. */
    String dumpDom(String url) throws Exception {
        return new String(run(url, "--dump-dom"), StandardCharsets.UTF_8);
    }

    /** Saves a PNG of the rendered page (1280x900) to {@code png}. */
    void screenshot(String url, Path png) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        List<String> mode = new ArrayList<>(SCREEN);
        mode.add("--screenshot=" + png.toAbsolutePath());
        run(url, mode.toArray(String[]::new));
        assertThat(png).as("screenshot written").isNotEmptyFile();
    }

    private byte[] run(String url, String... mode) throws Exception {
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        Path log = Files.createTempFile(workDir, "chromium-", ".log");
        // Output to a file, not a pipe: reading a pipe would block past the timeout if Chromium hangs.
        Path out = Files.createTempFile(workDir, "chromium-", ".out");
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("--user-data-dir=" + profile, "--virtual-time-budget=" + BUDGET_MS));
        command.addAll(List.of(mode));
        command.add(url);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
        try {
            assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("chromium finished within %s; its log:%n%s", TIMEOUT, read(log)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("chromium exit code; its log:%n%s", read(log)).isZero();
        return Files.readAllBytes(out);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
