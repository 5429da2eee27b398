/**
 * Dead letters: a record that failed for good is re-published to a dead-letter topic with its key
 * and value bytes untouched, and its context in headers ({@link dev.photopipe.schemas.deadletter.DeadLetterHeaders}).
 * Replay re-publishes the same bytes to the source topic.
 *
 * <p>The headers follow Kafka's own conventions: Connect's dead-letter queue writes
 * {@code __connect.errors.topic}, {@code .partition}, {@code .offset}, {@code .stage},
 * {@code .exception.class.name}, {@code .exception.message}; Kafka Streams 4.3's built-in one
 * (KIP-1034, {@code errors.dead.letter.queue.topic.name}) writes {@code __streams.errors.topic},
 * {@code .partition}, {@code .offset}, {@code .exception}, {@code .message}, {@code .stacktrace}.
 * photopipe uses the same shape under its own prefix {@code __photopipe.errors.}, values as UTF-8
 * text, so kcat, Connect tooling and people read them without photopipe's classes.
 */
package dev.photopipe.schemas.deadletter;
