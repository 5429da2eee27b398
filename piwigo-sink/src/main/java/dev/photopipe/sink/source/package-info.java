/**
 * Where the sink gets a photo's bytes ({@link dev.photopipe.sink.source.PhotoSource}):
 * {@link dev.photopipe.sink.source.PhotoStaging} reads the event's source through the photo store
 * and hands the uploader a checked local file. The only package of the sink that knows the
 * photo store.
 */
package dev.photopipe.sink.source;
