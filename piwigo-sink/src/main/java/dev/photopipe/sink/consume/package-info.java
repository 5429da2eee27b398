/**
 * The Kafka side of the sink. {@link dev.photopipe.sink.consume.UploadWindow} is the core and
 * owns no consumer: it takes records in, skips what the ledger knows ({@code Intake}), uploads
 * the rest up to the in-flight limit ({@code PhotoWork}, {@code InFlightLimit}), records each
 * outcome as it completes ({@code OutcomeRecorder}) and says what may be committed
 * ({@code OffsetTracker}). {@code ConsumerDriver} is the standalone sink's thin KafkaConsumer loop
 * around it.
 */
package dev.photopipe.sink.consume;
