package dev.photopipe.sink.consume;

import dev.photopipe.sink.upload.PhotoUploader;
import dev.photopipe.sink.upload.UploadRequest;
import dev.photopipe.sink.upload.UploadResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link PhotoUploader} whose behaviour per md5 the test sets: succeed (the default), throw,
 * or wait for a gate. Counts what a reviewer of concurrency wants to see. Thread-safe.
 */
final class ScriptedUploader implements PhotoUploader {
    private final Map<String, Supplier<RuntimeException>> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final java.util.Set<String> present = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> runningPerMd5 = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong(100);
    /** Set when the global failure is on: every upload throws it. */
    private volatile Supplier<RuntimeException> everything;
    final AtomicInteger maxRunning = new AtomicInteger();
    final AtomicInteger maxRunningSameMd5 = new AtomicInteger();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<List<String>> prefetched = new CopyOnWriteArrayList<>();

    /** Every upload of {@code md5} throws what {@code failure} makes. */
    ScriptedUploader failing(String md5, Supplier<RuntimeException> failure) {
        failures.put(md5, failure);
        return this;
    }

    /** Piwigo already has {@code md5}: its uploads find the image instead of creating one. */
    ScriptedUploader present(String md5) {
        present.add(md5);
        return this;
    }

    /** Every upload throws (Piwigo down), until {@link #recover()}. */
    void failEverything(Supplier<RuntimeException> failure) {
        everything = failure;
    }

    void recover() {
        everything = null;
    }

    /** Uploads of {@code md5} wait until the returned gate is opened (count down). */
    CountDownLatch gate(String md5) {
        CountDownLatch gate = new CountDownLatch(1);
        gates.put(md5, gate);
        return gate;
    }

    int running() {
        return running.get();
    }

    @Override
    public UploadResult upload(UploadRequest request) {
        String md5 = request.md5();
        started.add(md5);
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        AtomicInteger same = runningPerMd5.computeIfAbsent(md5, k -> new AtomicInteger());
        maxRunningSameMd5.accumulateAndGet(same.incrementAndGet(), Math::max);
        try {
            CountDownLatch gate = gates.get(md5);
            if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate of " + md5 + " never opened");
            }
            Supplier<RuntimeException> all = everything;
            if (all != null) {
                throw all.get();
            }
            Supplier<RuntimeException> failure = failures.get(md5);
            if (failure != null) {
                throw failure.get();
            }
            return new UploadResult(ids.incrementAndGet(), 7, !present.contains(md5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted");
        } finally {
            same.decrementAndGet();
            running.decrementAndGet();
        }
    }

    @Override
    public void prefetch(java.util.Collection<String> md5s) {
        prefetched.add(List.copyOf(md5s));
    }
}
