package dev.photopipe.schemas.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The context of one dead letter, as carried in {@link DeadLetterHeaders}. Immutable value;
 * thread-safe.
 *
 * @param sourceTopic        topic the failed record was read from
 * @param partition          its partition
 * @param offset             its offset
 * @param stage              where it failed
 * @param reason             stable reason code
 * @param kind               transient or permanent
 * @param exceptionClass     exception class name, or null
 * @param message            readable explanation (abbreviated to {@link #MAX_MESSAGE_CHARS}), or null
 * @param attempts           attempts made, at least 1
 * @param firstFailureTimeMs first failure, epoch ms
 * @param lastFailureTimeMs  last failure, epoch ms, not before the first
 * @param batchId            the photo's batch (lot), or null
 */
public record DeadLetter(String sourceTopic, int partition, long offset, Stage stage, ReasonCode reason,
                         FailureKind kind, String exceptionClass, String message, int attempts,
                         long firstFailureTimeMs, long lastFailureTimeMs, String batchId) {
    /** Longer messages are cut: a header rides with every dead letter, stack-trace-sized ones bloat the topic. */
    public static final int MAX_MESSAGE_CHARS = 2000;

    public DeadLetter {
        Objects.requireNonNull(sourceTopic, "sourceTopic");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (lastFailureTimeMs < firstFailureTimeMs) {
            throw new IllegalArgumentException("last failure (" + lastFailureTimeMs + ") before first ("
                    + firstFailureTimeMs + ")");
        }
        if (message != null && message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
        }
    }

    /**
     * A dead letter for {@code failed} that failed once, now, with {@code error}; refine it with
     * {@link #withAttempts(int, long)} and {@link #withBatchId(String)}.
     */
    public static DeadLetter of(ConsumerRecord<?, ?> failed, Stage stage, ReasonCode reason, FailureKind kind,
                                Throwable error, long nowMs) {
        return new DeadLetter(failed.topic(), failed.partition(), failed.offset(), stage, reason, kind,
                error == null ? null : error.getClass().getName(), error == null ? null : error.getMessage(),
                1, nowMs, nowMs, null);
    }

    /** A copy with {@code attempts} made since {@code firstFailureTimeMs}; the last failure stays. */
    public DeadLetter withAttempts(int attempts, long firstFailureTimeMs) {
        return new DeadLetter(sourceTopic, partition, offset, stage, reason, kind, exceptionClass, message, attempts,
                firstFailureTimeMs, lastFailureTimeMs, batchId);
    }

    /** A copy carrying the photo's batch id. */
    public DeadLetter withBatchId(String batchId) {
        return new DeadLetter(sourceTopic, partition, offset, stage, reason, kind, exceptionClass, message, attempts,
                firstFailureTimeMs, lastFailureTimeMs, batchId);
    }

    /**
     * Writes this context into {@code headers}, replacing any earlier photopipe dead-letter headers
     * (a record dead-lettered again after a replay carries only its latest context). Other headers
     * are kept. Returns {@code headers}.
     */
    public Headers toHeaders(Headers headers) {
        DeadLetterHeaders.ALL.forEach(headers::remove);
        put(headers, DeadLetterHeaders.TOPIC, sourceTopic);
        put(headers, DeadLetterHeaders.PARTITION, Integer.toString(partition));
        put(headers, DeadLetterHeaders.OFFSET, Long.toString(offset));
        put(headers, DeadLetterHeaders.STAGE, stage.headerValue());
        put(headers, DeadLetterHeaders.REASON, reason.name());
        put(headers, DeadLetterHeaders.FAILURE_KIND, kind.headerValue());
        put(headers, DeadLetterHeaders.EXCEPTION_CLASS_NAME, exceptionClass);
        put(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, message);
        put(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
        put(headers, DeadLetterHeaders.FIRST_FAILURE_TIME_MS, Long.toString(firstFailureTimeMs));
        put(headers, DeadLetterHeaders.LAST_FAILURE_TIME_MS, Long.toString(lastFailureTimeMs));
        put(headers, DeadLetterHeaders.BATCH_ID, batchId);
        return headers;
    }

    /**
     * Reads the context back from a dead letter's headers (the last value of each name wins).
     *
     * @throws IllegalArgumentException a required header is missing or malformed; the message names it
     */
    public static DeadLetter fromHeaders(Headers headers) {
        return new DeadLetter(
                required(headers, DeadLetterHeaders.TOPIC, Function.identity()),
                required(headers, DeadLetterHeaders.PARTITION, Integer::parseInt),
                required(headers, DeadLetterHeaders.OFFSET, Long::parseLong),
                required(headers, DeadLetterHeaders.STAGE, Stage::fromHeaderValue),
                required(headers, DeadLetterHeaders.REASON, ReasonCode::valueOf),
                required(headers, DeadLetterHeaders.FAILURE_KIND, FailureKind::fromHeaderValue),
                optional(headers, DeadLetterHeaders.EXCEPTION_CLASS_NAME),
                optional(headers, DeadLetterHeaders.EXCEPTION_MESSAGE),
                required(headers, DeadLetterHeaders.ATTEMPTS, Integer::parseInt),
                required(headers, DeadLetterHeaders.FIRST_FAILURE_TIME_MS, Long::parseLong),
                required(headers, DeadLetterHeaders.LAST_FAILURE_TIME_MS, Long::parseLong),
                optional(headers, DeadLetterHeaders.BATCH_ID));
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> T required(Headers headers, String name, Function<String, T> parse) {
        String text = optional(headers, name);
        if (text == null) {
            throw new IllegalArgumentException("Dead-letter header " + name + " is missing: not a photopipe dead letter?");
        }
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Dead-letter header " + name + " has an invalid value '" + text + "'", e);
        }
    }
}
