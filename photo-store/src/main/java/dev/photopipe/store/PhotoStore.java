package dev.photopipe.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where photo bytes live between ingest and the sink (the claim-check pattern): ingest writes each
 * photo once under its {@link PhotoKey}, the event carries the {@link URI} {@link #put} returns,
 * and the sink reads the bytes back through {@link #open}. Content-addressed and immutable: a
 * key's bytes never change, a second {@code put} of the same key keeps the first, and an object
 * is visible whole or not at all.
 *
 * <p>Backends: a local (or shared) directory, {@code file:} URIs; S3-compatible object storage,
 * {@code s3://bucket/key} URIs. Created by {@link PhotoStores}.
 *
 * <p>Implementations are thread-safe; close the store once when done with it.
 */
public interface PhotoStore extends AutoCloseable {

    /**
     * A new empty file where a photo is written before {@link #put}: inside the store's own
     * file system for the local store (so that {@code put} is a rename), in the local staging
     * folder for a remote one. The caller deletes it if it does not {@code put} it.
     */
    Path newStagingFile() throws IOException;

    /**
     * A staging name for the bytes of {@code source} that costs no copy: a hard link inside the
     * store's folder, when the store keeps local files, linking is on and {@code source} lies on
     * the same file system. Empty otherwise (the caller copies). The link shares the source's
     * bytes: whoever changes the source in place changes them (the sink's MD5 check refuses such a
     * photo); once {@link #put}, the store's name is the file's durable name, so removing the
     * source's name loses nothing.
     */
    Optional<Path> linkStaging(Path source) throws IOException;

    /** The folder {@link #newStagingFile} creates files in (created when missing), e.g. for an HTTP server's uploads. */
    Path stagingDir() throws IOException;

    /**
     * Keeps the bytes of {@code staged} under {@code key}, durably, before returning: flushed to
     * disk (local) or acknowledged by the object store, which checks them against {@code md5Hex}.
     * {@code staged} is consumed: moved into the store or deleted.
     *
     * @param md5Hex the bytes' MD5, lower-case hex, as the caller computed it while inspecting them
     * @return the URI events carry to point at the photo
     * @throws IOException when the bytes could not be kept; nothing is visible under the key then
     */
    URI put(Path staged, PhotoKey key, String md5Hex) throws IOException;

    /** Whether {@code uri} names a photo in this store (its scheme, and its folder or bucket). */
    boolean owns(URI uri);

    /**
     * The stored bytes, streamed.
     *
     * @throws PhotoMissingException when the store holds nothing at {@code uri}
     * @throws IllegalArgumentException when {@code uri} is not one of this store's ({@link #owns})
     */
    InputStream open(URI uri) throws IOException;

    /** The file behind {@code uri} when the store keeps photos as local files; empty for a remote store. */
    Optional<Path> localFile(URI uri);

    /** Calls {@code each} for every photo in the store, in no particular order. */
    void list(Consumer<StoredPhoto> each) throws IOException;

    /** Deletes the photo; true if something was deleted. */
    boolean delete(URI uri) throws IOException;

    /** Where the store is, for logs: its folder, or its endpoint and bucket (never a credential). */
    String describe();

    @Override
    void close();
}
