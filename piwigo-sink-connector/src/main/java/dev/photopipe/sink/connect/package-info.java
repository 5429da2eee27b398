/**
 * piwigo-sink as a Kafka Connect sink connector: {@link dev.photopipe.sink.connect.PiwigoSinkConnector}
 * and {@link dev.photopipe.sink.connect.PiwigoSinkTask} drive the standalone sink's core
 * ({@code dev.photopipe.sink.SinkCore}: uploader, albums and tags, ledger, upload window). The only
 * package of photopipe that speaks Kafka Connect's API.
 */
package dev.photopipe.sink.connect;
