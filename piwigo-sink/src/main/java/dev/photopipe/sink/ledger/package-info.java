/**
 * The sink's memory: the compacted ledger topic (photo id to {@code UploadOutcome}), read back
 * into memory for the partitions this instance owns, and written before offsets are committed.
 */
package dev.photopipe.sink.ledger;
