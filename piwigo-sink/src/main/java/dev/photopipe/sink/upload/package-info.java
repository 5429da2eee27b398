/**
 * One photo into the gallery, exactly once: exist check, chunked upload, publish from the
 * lounge, title, albums and tags. The Kafka consumer and the ledger sit on top of this.
 */
package dev.photopipe.sink.upload;
