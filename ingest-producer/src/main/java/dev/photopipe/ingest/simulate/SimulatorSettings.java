package dev.photopipe.ingest.simulate;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the camera simulator produces.
 *
 * @param target the hot folder to write into
 * @param cameras number of cameras, spread over the lines
 * @param lines number of production lines
 * @param photosPerSecond total rate over all cameras
 * @param duration how long to run; {@link Duration#ZERO} for no limit (then {@code maxPhotos})
 * @param maxPhotos stop after this many photos; 0 for no limit (then {@code duration})
 * @param lotSize photos of one line per lot before the lot number rolls over
 * @param width picture width in pixels (height follows at 4:3)
 * @param site site name used as the first folder
 */
public record SimulatorSettings(Path target, int cameras, int lines, double photosPerSecond, Duration duration,
        long maxPhotos, int lotSize, int width, String site) {

    public SimulatorSettings {
        require(cameras > 0, "cameras must be positive, was " + cameras);
        require(lines > 0 && lines <= cameras, "lines must be 1.." + cameras + " (one camera per line at least), was " + lines);
        require(photosPerSecond > 0, "the rate must be positive, was " + photosPerSecond);
        require(!duration.isNegative(), "duration must not be negative");
        require(maxPhotos >= 0, "maxPhotos must not be negative");
        require(!duration.isZero() || maxPhotos > 0, "give a duration or a number of photos, or the simulator never stops");
        require(lotSize > 0, "lotSize must be positive, was " + lotSize);
        require(width >= 16, "width must be at least 16 pixels, was " + width);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
