package dev.photopipe.sink.ledger;

import java.time.Duration;

/**
 * What a local ledger store must know of its topic to trust its checkpoints.
 *
 * @param topicId            the topic's id (new when the topic is deleted and created again)
 * @param tombstoneRetention the topic's {@code delete.retention.ms}: how long the cleaner keeps a
 *                           tombstone; a checkpoint older than that may have missed one
 */
record TopicFacts(String topicId, Duration tombstoneRetention) {
}
