package dev.photopipe.sink.catalog;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Starts racing test threads together, so that their first requests really overlap. */
public final class Race {
    private Race() {
    }

    /** Waits (at most 60 s) until every party reached {@code barrier}, then runs {@code work}. */
    public static <T> T atBarrier(CyclicBarrier barrier, Supplier<T> work) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other racer never arrived", e);
        }
        return work.get();
    }
}
