package dev.photopipe.sink.consume;

import java.util.Optional;

/**
 * The sink's consumer loop over the upload requests.
 *
 * <p>Per poll batch: records that cannot be decoded are dead-lettered; photos the ledger knows
 * are skipped; the others are uploaded in parallel (each photo id once per batch), their outcomes
 * written to the ledger and their dead letters acknowledged, and only then are the batch's
 * offsets committed. When Piwigo stays unavailable, the unfinished records stay uncommitted, the
 * partitions pause with jittered exponential backoff and resume from the first unfinished offset.
 *
 * <p>Threading: {@link #run()} runs on one dedicated thread; {@link #requestStop()} and
 * {@link #abandon()} may be called from any thread.
 */
public interface RequestConsumer extends Runnable {

    /** Consumes until stopped, abandoned, or a fatal failure (see {@link #failure()}). */
    @Override
    void run();

    /** Orderly stop: the batch in hand finishes, is recorded and committed, then {@link #run()} returns. */
    void requestStop();

    /**
     * Stops like a killed process would: in-flight uploads are interrupted, nothing more is
     * written to the ledger or committed. Waits until the upload threads are gone, so that no
     * upload of this instance can overlap one of its successor.
     */
    void abandon();

    /** Why {@link #run()} stopped on its own (e.g. Piwigo refused the credentials); empty otherwise. */
    Optional<Throwable> failure();
}
