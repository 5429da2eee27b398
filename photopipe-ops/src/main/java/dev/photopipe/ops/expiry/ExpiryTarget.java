package dev.photopipe.ops.expiry;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.Objects;
import java.util.Optional;

/**
 * The new expiry {@code photopipe expiry extend} sets: a fixed time ({@code --until}), the expiry
 * in force moved by a period ({@code --by}), or none ({@code --never}). Immutable.
 */
public final class ExpiryTarget {
    private final Instant until;
    private final TemporalAmount by;
    private final String byText;

    private ExpiryTarget(Instant until, TemporalAmount by, String byText) {
        this.until = until;
        this.by = by;
        this.byText = byText;
    }

    public static ExpiryTarget until(Instant until) {
        return new ExpiryTarget(Objects.requireNonNull(until, "until"), null, null);
    }

    public static ExpiryTarget never() {
        return new ExpiryTarget(null, null, null);
    }

    /**
     * @param period an ISO-8601 period ({@code P1Y}, {@code P6M}, {@code P30D}) or duration ({@code PT12H})
     * @throws IllegalArgumentException naming {@code --by}, the text and the accepted forms
     */
    public static ExpiryTarget by(String period) {
        String text = period.trim().toUpperCase(java.util.Locale.ROOT);
        TemporalAmount amount;
        try {
            amount = text.contains("T") ? Duration.parse(text) : Period.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--by " + period + " is not an ISO-8601 period: write it like P1Y (a year), "
                    + "P6M, P30D or PT12H", e);
        }
        if (!positive(amount)) {
            throw new IllegalArgumentException("--by " + period + " does not move the expiry later: give a positive "
                    + "period such as P1Y; to end an expiry use --until or --never");
        }
        return new ExpiryTarget(null, amount, text);
    }

    private static boolean positive(TemporalAmount amount) {
        if (amount instanceof Duration duration) {
            return !duration.isNegative() && !duration.isZero();
        }
        Period period = (Period) amount;
        return !period.isNegative() && !period.isZero();
    }

    /** True for {@code --never}: the photo no longer expires. */
    public boolean isNever() {
        return until == null && by == null;
    }

    /** True for {@code --by}: it needs an expiry in force to move. */
    public boolean isRelative() {
        return by != null;
    }

    /**
     * The new expiry of a photo whose expiry in force is {@code current} (empty: none).
     *
     * @return empty for {@code --never}
     * @throws IllegalStateException for {@code --by} without a current expiry
     */
    public Optional<Instant> apply(Optional<Instant> current) {
        if (until != null) {
            return Optional.of(until);
        }
        if (by == null) {
            return Optional.empty();
        }
        Instant from = current.orElseThrow(() -> new IllegalStateException("no expiry in force to move"));
        return Optional.of(from.atZone(ZoneOffset.UTC).plus(by).toInstant());
    }

    /** As the reason and report say it, e.g. {@code until 2030-01-01T00:00:00Z}, {@code by P1Y}, {@code never}. */
    public String describe() {
        return until != null ? "until " + until : by != null ? "by " + byText : "never";
    }
}
