/**
 * The sink's memory: the compacted ledger topic (photo id to {@code UploadOutcome}), read back
 * for the partitions this instance owns into a view (RocksDB on local disk with a checkpoint per
 * partition, or the heap), and written before offsets are committed.
 */
package dev.photopipe.sink.ledger;
