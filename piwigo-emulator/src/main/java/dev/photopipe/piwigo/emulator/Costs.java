package dev.photopipe.piwigo.emulator;

import java.time.Duration;

/**
 * What requests cost a real Piwigo, for benchmarks: each cost holds one of {@code cores} emulated
 * CPU cores (a PHP worker waiting for a core adds latency, as on a busy 2-core server), so
 * throughput saturates where a real server's does. The waits are timed waits, not CPU burnt.
 * Immutable.
 *
 * @param cores           CPU cores of the emulated server
 * @param perRequest      every request: PHP start-up, Piwigo's common.inc.php, session, database
 * @param apiKeyCheck     every request carrying the {@code X-PIWIGO-API} header, and every login
 *                        with a key: Piwigo checks the secret against its password hash each time
 * @param perImage        a request that creates an image: merge, md5, EXIF
 * @param perMegabyte     added per MB (10^6 bytes) of the created image's file
 * @param derivative      the medium-size derivative Piwigo makes of each new image before it
 *                        answers: {@code add_uploaded_file} fetches {@code i.php} over HTTP from
 *                        itself, so this cost holds a SECOND PHP worker while the creating request
 *                        keeps its own waiting (with 8 workers, 4 uploads fill the server)
 * @param derivativePerMegabyte added to {@code derivative} per MB of the image's file (decoding it)
 * @param userCacheRebuild the first request of a user after an image was created or the lounge
 *                        published rebuilds that user's cache; the user's other requests meanwhile
 *                        sleep a second ({@link UserCaches})
 */
public record Costs(int cores, Duration perRequest, Duration apiKeyCheck, Duration perImage, Duration perMegabyte,
                    Duration derivative, Duration derivativePerMegabyte, Duration userCacheRebuild) {
    /** No cost: functional tests. */
    public static final Costs NONE = new Costs(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Costs {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1");
        }
    }

    /**
     * Modelled on Piwigo 16.4.0 measured on a 2-core machine (PHP 8.2 built-in server, 8 workers,
     * MariaDB, GD; piwigo-sink/README.md), with each request's CPU and wall time logged by PHP:
     * a request 5 ms; an API-key check 70 ms; uploadAsync's own work 47 ms for 3.4 MB; each new
     * image's medium derivative (i.php, on a second worker) 0.36 s of CPU for 3.4 MB; a user cache
     * rebuild about 25 ms (MariaDB's share).
     */
    public static Costs piwigo16() {
        return new Costs(2, Duration.ofMillis(5), Duration.ofMillis(70), Duration.ofMillis(20), Duration.ofMillis(8),
                Duration.ofMillis(60), Duration.ofMillis(120), Duration.ofMillis(40));
    }

    boolean isFree() {
        return perRequest.isZero() && apiKeyCheck.isZero() && perImage.isZero() && perMegabyte.isZero()
                && derivative.isZero() && derivativePerMegabyte.isZero() && userCacheRebuild.isZero();
    }

    Duration imageCost(long bytes) {
        return perImage.plus(Duration.ofNanos((long) (perMegabyte.toNanos() * (bytes / 1e6))));
    }

    Duration derivativeCost(long bytes) {
        return derivative.plus(Duration.ofNanos((long) (derivativePerMegabyte.toNanos() * (bytes / 1e6))));
    }
}
