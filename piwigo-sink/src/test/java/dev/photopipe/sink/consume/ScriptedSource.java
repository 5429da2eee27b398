package dev.photopipe.sink.consume;

import dev.photopipe.sink.source.PhotoSource;
import dev.photopipe.sink.source.SourceProblem;
import dev.photopipe.sink.source.StagedPhoto;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link PhotoSource} whose answer per md5 the test sets: the file named by the event, handed
 * over in place without an MD5 check (the window's tests name md5s, they do not compute them), or
 * a {@link SourceProblem}. Counts the staged photos not yet closed. Thread-safe.
 */
final class ScriptedSource implements PhotoSource {
    private final Map<String, SourceProblem.Kind> problems = new ConcurrentHashMap<>();
    /** Set while the whole store is down: every stage fails UNAVAILABLE. */
    private volatile boolean down;
    final AtomicInteger staged = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();

    /** Staging {@code md5} fails with {@code kind}. */
    ScriptedSource failing(String md5, SourceProblem.Kind kind) {
        problems.put(md5, kind);
        return this;
    }

    /** Every stage fails UNAVAILABLE (the store does not answer), until {@link #recover()}. */
    void failEverything() {
        down = true;
    }

    void recover() {
        down = false;
    }

    @Override
    public StagedPhoto stage(String sourceUri, String md5Hex, long sizeBytes) throws SourceProblem {
        if (down) {
            throw new SourceProblem(SourceProblem.Kind.UNAVAILABLE, "could not read " + sourceUri
                    + " from the photo store: connection refused", null);
        }
        SourceProblem.Kind kind = problems.get(md5Hex);
        if (kind != null) {
            throw new SourceProblem(kind, kind == SourceProblem.Kind.MISSING
                    ? "the photo's bytes are gone from " + sourceUri : kind + " at " + sourceUri, null);
        }
        Path file = Path.of(URI.create(sourceUri));
        staged.incrementAndGet();
        open.incrementAndGet();
        return new StagedPhoto() {
            private boolean closed;

            @Override
            public Path path() {
                return file;
            }

            @Override
            public long sizeBytes() {
                return sizeBytes;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
            }
        };
    }
}
