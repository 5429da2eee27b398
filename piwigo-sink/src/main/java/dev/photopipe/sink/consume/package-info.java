/**
 * The Kafka side of the sink. {@link dev.photopipe.sink.consume.UploadWindow} is the core and
 * owns no consumer: it takes records in, skips what the ledger knows ({@code Intake}), holds the
 * photos to upload ({@code PhotosInHand}), starts uploads up to the in-flight limit, one per md5
 * ({@code Dispatch}, {@code InFlightLimit}), attempts each ({@code PhotoWork}), decides what
 * follows a failed attempt ({@code Retries}, {@code FailureIsolation}, {@code UploadPause}),
 * records each outcome as it completes ({@code Recording}, {@code OutcomeRecorder}) and says what
 * may be committed ({@code OffsetTracker}). {@code ConsumerDriver} is the standalone sink's thin
 * KafkaConsumer loop around it.
 */
package dev.photopipe.sink.consume;
