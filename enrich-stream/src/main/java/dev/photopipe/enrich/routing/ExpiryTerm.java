package dev.photopipe.enrich.routing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAmount;
import java.util.Objects;

/**
 * The arithmetic of an expiry that is not a template: a fixed moment (a date, meaning the start
 * of that day in the zone, or a date-time with offset), a calendar period after the capture time
 * ({@code P5Y}, {@code P18M}, {@code P90D}, {@code P2W}: added in the zone, so {@code P1Y} from
 * 29 February ends on 28 February as {@link java.time.ZonedDateTime#plus} has it), or an exact
 * duration after it ({@code PT36H}, {@code P1DT12H}). Immutable, thread-safe.
 */
public final class ExpiryTerm {
    /** What the accepted forms look like, for error messages. */
    public static final String FORMS = "a date (2031-12-31), a date-time with offset (2031-12-31T18:00:00+01:00), "
            + "a period after the capture time (P5Y, P18M, P90D, PT36H) or a template ({attr.consent_until})";

    private final String text;
    /** The literal as a date or date-time, resolved in the zone when used; or null. */
    private final String moment;
    /** A {@link Period} (calendar, in the zone) or a {@link Duration} (exact); or null. */
    private final TemporalAmount amount;

    private ExpiryTerm(String text, String moment, TemporalAmount amount) {
        this.text = text;
        this.moment = moment;
        this.amount = amount;
    }

    /**
     * Parses a literal expiry.
     *
     * @throws IllegalArgumentException if {@code text} is none of the forms, naming them
     */
    public static ExpiryTerm parse(String text) {
        String value = text.strip();
        if (value.startsWith("P") || value.startsWith("p")) {
            return new ExpiryTerm(text, null, amount(value, text));
        }
        try {
            moment(value, ZoneId.of("UTC")); // checks the form; the zone is applied when used
            return new ExpiryTerm(text, value, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expiry '" + text + "' is not " + FORMS, e);
        }
    }

    /** A period ({@code P5Y}), else a duration ({@code PT36H}); never negative. */
    private static TemporalAmount amount(String value, String text) {
        TemporalAmount amount;
        boolean negative;
        try {
            Period period = Period.parse(value);
            amount = period;
            negative = period.isNegative();
        } catch (DateTimeParseException notAPeriod) {
            try {
                Duration duration = Duration.parse(value);
                amount = duration;
                negative = duration.isNegative();
            } catch (DateTimeParseException notADuration) {
                throw new IllegalArgumentException("expiry '" + text + "' is not an ISO-8601 period or duration: "
                        + "write it like P5Y, P18M, P90D or PT36H", notADuration);
            }
        }
        if (negative) {
            throw new IllegalArgumentException("expiry '" + text + "' is negative: a photo cannot expire before it "
                    + "was taken; write a positive period like P5Y or PT36H");
        }
        return amount;
    }

    /**
     * A date or a date-time with offset, as a moment: a date is the start of that day in {@code zone}.
     *
     * @throws IllegalArgumentException if {@code value} is neither
     */
    public static Instant moment(String value, ZoneId zone) {
        String text = value.strip();
        try {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notADateTime) {
                throw new IllegalArgumentException("'" + value + "' is not a date like 2031-12-31 or a date-time "
                        + "with offset like 2031-12-31T18:00:00+01:00", notADateTime);
            }
        }
    }

    /**
     * When a photo captured at {@code capture} expires.
     *
     * @param zone the zone a date starts its day in and periods are added in
     * @throws DateTimeException if the sum leaves the range of instants (e.g. P1000000000Y)
     */
    public Instant from(Instant capture, ZoneId zone) {
        if (moment != null) {
            return moment(moment, zone);
        }
        Objects.requireNonNull(capture, "capture");
        // A period is calendar arithmetic in the zone (P1Y from 29 February: 28 February); a duration is exact.
        return amount instanceof Period ? capture.atZone(zone).plus(amount).toInstant() : capture.plus(amount);
    }

    /** Whether it counts from the capture time (a period or duration) rather than naming a moment. */
    public boolean relative() {
        return moment == null;
    }

    @Override
    public String toString() {
        return text;
    }
}
