package dev.photopipe.sink.consume;

import java.util.List;
import java.util.Optional;

/**
 * The sink's consumer of upload requests: a continuous upload window ({@link UploadWindow})
 * driven by a KafkaConsumer. Records that cannot be decoded are dead-lettered; photos the ledger
 * knows are skipped; the others are uploaded, up to the in-flight limit at any time, each
 * photo's outcome written to the ledger as it completes, and offsets committed per partition up
 * to the first record not yet recorded. When Piwigo fails for every photo, uploads pause with
 * jittered exponential backoff; a photo it keeps failing for while others upload is dead-lettered.
 *
 * <p>Threading: {@link #run()} runs on one dedicated thread; the other methods may be called
 * from any thread.
 */
public interface RequestConsumer extends Runnable {

    /** Consumes until stopped, abandoned, or a fatal failure (see {@link #failure()}). */
    @Override
    void run();

    /**
     * Orderly stop: uploads in flight finish (bounded by {@code sink.shutdown.timeout.ms}), are
     * recorded and committed, then {@link #run()} returns.
     */
    void requestStop();

    /**
     * Stops like a killed process would: in-flight uploads are interrupted, nothing more is
     * written to the ledger or committed. Waits until the upload threads are gone, so that no
     * upload of this instance can overlap one of its successor.
     */
    void abandon();

    /** Why {@link #run()} stopped on its own (e.g. Piwigo refused the credentials); empty otherwise. */
    Optional<Throwable> failure();

    /**
     * Partitions holding upload requests that finished none of them for longer than
     * {@code sink.stall.timeout.ms}, one line each; empty when all progress.
     */
    List<String> stalls();
}
