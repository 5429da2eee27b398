/**
 * The Kafka side of the sink: consumes upload requests in poll batches, skips what the ledger
 * knows, uploads the rest, records outcomes and dead letters, and only then commits offsets.
 */
package dev.photopipe.sink.consume;
