package dev.photopipe.kafka.embedded;

/** The embedded broker could not be started or used; the message says what to change. */
public final class EmbeddedKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
