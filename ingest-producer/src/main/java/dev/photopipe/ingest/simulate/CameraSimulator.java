package dev.photopipe.ingest.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.RateLimiter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a production line's cameras: writes real JPEGs with EXIF (capture time, orientation,
 * camera) and sidecars (lot, station, orientation) into a hot folder, laid out as
 * {@code <site>/<line>/<camera>/<date>/<camera>-<n>.jpg} so that the path pattern
 * {@code {site}/{line}/{camera}/**} reads them. Each photo is written under a {@code .part} name
 * and renamed when complete, as real line controllers should; the sidecar is written first.
 *
 * <p>Lots roll over every {@code lotSize} photos of a line; each camera cycles through the
 * orientations a part is photographed from. Not thread-safe: run it on one thread.
 */
public final class CameraSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(CameraSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ORIENTATIONS = List.of("front", "back", "left", "right", "top");
    /** First lot number, so that demos show the familiar LOT-4711. */
    private static final int FIRST_LOT = 4711;

    private final SimulatorSettings settings;
    private final Clock clock;
    private final List<Camera> cameras = new ArrayList<>();
    private final long[] photosPerLine;

    /** What the simulator wrote. */
    public record Report(long photos, long bytes, long lotsStarted) {
    }

    private record Camera(String id, int line, String station, SyntheticJpeg picture) {
    }

    public CameraSimulator(SimulatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        int height = settings.width() * 3 / 4;
        for (int i = 0; i < settings.cameras(); i++) {
            String id = String.format("cam-%02d", i + 1);
            cameras.add(new Camera(id, i % settings.lines() + 1, String.format("S%02d", i + 1),
                    new SyntheticJpeg().size(settings.width(), height).seed(i + 1L).camera("photopipe", "simulated " + id)));
        }
        this.photosPerLine = new long[settings.lines() + 1];
    }

    /**
     * Writes photos at the configured rate until the duration or count is reached.
     *
     * @throws InterruptedException when interrupted (Ctrl-C): what was written stays complete
     */
    public Report run() throws InterruptedException {
        RateLimiter<Object> limiter = RateLimiter.smoothBuilder(
                Duration.ofNanos(Math.max(1, (long) (1_000_000_000L / settings.photosPerSecond())))).build();
        Instant end = settings.duration().isZero() ? Instant.MAX : clock.instant().plus(settings.duration());
        long photos = 0;
        long bytes = 0;
        LOG.info("Simulating {} cameras on {} lines at {} photos/s into {}", settings.cameras(), settings.lines(),
                settings.photosPerSecond(), settings.target());
        while ((settings.maxPhotos() == 0 || photos < settings.maxPhotos()) && clock.instant().isBefore(end)) {
            limiter.acquirePermit();
            bytes += writePhoto(cameras.get((int) (photos % cameras.size())));
            photos++;
        }
        long lots = 0;
        for (int line = 1; line <= settings.lines(); line++) {
            lots += (photosPerLine[line] + settings.lotSize() - 1) / settings.lotSize();
        }
        LOG.info("Simulator wrote {} photos ({} bytes) in {} lots", photos, bytes, lots);
        return new Report(photos, bytes, lots);
    }

    private long writePhoto(Camera camera) {
        long lineSequence = photosPerLine[camera.line()]++;
        String lot = "LOT-" + (FIRST_LOT + settings.lines() * (lineSequence / settings.lotSize()) + camera.line() - 1);
        String orientation = ORIENTATIONS.get((int) (lineSequence % ORIENTATIONS.size()));
        Instant now = clock.instant();
        String line = "line-" + camera.line();
        Path folder = settings.target().resolve(settings.site()).resolve(line).resolve(camera.id())
                .resolve(LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        String name = String.format("%s-%06d.jpg", camera.id(), lineSequence);
        byte[] jpeg = camera.picture().captureTime(now).exifOrientation(1)
                .uniqueId(settings.site() + "/" + line + "/" + name + "/" + now.toEpochMilli()).toBytes();
        try {
            Files.createDirectories(folder);
            ObjectNode sidecar = JSON.createObjectNode()
                    .put("batch", lot)
                    .put("station", camera.station())
                    .put("orientation", orientation)
                    .put("captureTime", now.toString());
            sidecar.putObject("attributes").put("part", "housing").put("simulated", "true");
            Files.write(folder.resolve(name + ".json"), JSON.writeValueAsBytes(sidecar));
            Path partial = Files.write(folder.resolve(name + ".part"), jpeg);
            Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write simulated photo into " + folder + ": " + e.getMessage(), e);
        }
        return jpeg.length;
    }
}
