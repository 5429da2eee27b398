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
 * @param perImage        a request that creates an image: merge, md5, EXIF, the first thumbnail
 * @param perMegabyte     added per MB (10^6 bytes) of the created image's file
 */
public record Costs(int cores, Duration perRequest, Duration apiKeyCheck, Duration perImage, Duration perMegabyte) {
    /** No cost: functional tests. */
    public static final Costs NONE = new Costs(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Costs {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1");
        }
    }

    /**
     * Modelled on Piwigo 16.4.0 measured on a 2-core machine (PHP 8.2 built-in server, 8 workers,
     * MariaDB; piwigo-sink/README.md): about 18.6 photos/s of 200 KB with a session, 7.5 with the
     * API key header, 1.9 of 3.4 MB with the header, 4 uploads in parallel.
     */
    public static Costs piwigo16() {
        return new Costs(2, Duration.ofMillis(30), Duration.ofMillis(160), Duration.ofMillis(30), Duration.ofMillis(240));
    }

    boolean isFree() {
        return perRequest.isZero() && apiKeyCheck.isZero() && perImage.isZero() && perMegabyte.isZero();
    }

    Duration imageCost(long bytes) {
        return perImage.plus(Duration.ofNanos((long) (perMegabyte.toNanos() * (bytes / 1e6))));
    }
}
