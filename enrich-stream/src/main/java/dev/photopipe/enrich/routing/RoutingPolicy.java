package dev.photopipe.enrich.routing;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What happens when no rule matches, and the zone dates and times are rendered in.
 *
 * @param fallbackAlbumPath album names used when no rule matches and the camera has no default
 *                          album; empty means "no fallback"
 * @param unroutable        {@link Unroutable#FALLBACK}: use the camera default, then the fallback
 *                          album; {@link Unroutable#DEAD_LETTER}: use the camera default, else
 *                          dead-letter with reason {@code UNROUTABLE}
 * @param zone              zone for {@code {capture_date:...}} and {@code {capture_time:...}}
 */
public record RoutingPolicy(List<String> fallbackAlbumPath, Unroutable unroutable, ZoneId zone) {

    /** What to do with a photo no rule matches and whose camera has no default album. */
    public enum Unroutable { FALLBACK, DEAD_LETTER }

    public RoutingPolicy {
        fallbackAlbumPath = List.copyOf(fallbackAlbumPath);
        Objects.requireNonNull(unroutable, "unroutable");
        Objects.requireNonNull(zone, "zone");
    }

    /** Fallback album {@code Unsorted}, UTC. */
    public static RoutingPolicy defaults() {
        return new RoutingPolicy(List.of("Unsorted"), Unroutable.FALLBACK, ZoneId.of("UTC"));
    }
}
