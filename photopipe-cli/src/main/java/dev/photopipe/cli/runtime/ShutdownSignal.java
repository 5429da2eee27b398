package dev.photopipe.cli.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a request the main thread acts on.
 *
 * <p>Why not a shutdown hook: once the JVM runs its hooks it exits with 128+signal whatever the
 * hook does, so an orderly stop could never exit 0. Handling the signals directly lets the main
 * thread stop services in reverse order, then the broker, and return its own exit code. Where the
 * signals cannot be handled (e.g. the JVM runs with {@code -Xrs}), a shutdown hook requests the
 * stop and waits, bounded, for the main thread to finish it.
 */
public final class ShutdownSignal {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String reason = "";

    private ShutdownSignal() {
    }

    /**
     * Installs the handlers for this process.
     *
     * @param stopTimeout how long the fallback shutdown hook waits for the orderly stop
     */
    public static ShutdownSignal install(Duration stopTimeout) {
        ShutdownSignal signal = new ShutdownSignal();
        boolean handled = signal.handle("TERM") & signal.handle("INT");
        if (!handled) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                signal.request("JVM shutdown");
                try {
                    signal.stopped.await(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "photopipe-shutdown"));
        }
        return signal;
    }

    /** Blocks until a stop is requested. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /** Blocks until a stop is requested or {@code timeout} passed; true when requested. */
    public boolean await(java.time.Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Why the stop was requested, e.g. {@code SIGTERM}. */
    public String reason() {
        return reason;
    }

    /** Requests a stop from inside the process, e.g. when a service fails. */
    public void request(String why) {
        if (requested.getCount() > 0) {
            reason = why;
            requested.countDown();
        }
    }

    /** Tells a waiting shutdown hook that the orderly stop is done. */
    public void stopped() {
        stopped.countDown();
    }

    // sun.misc.Signal (module jdk.unsupported) is the JDK's only way to handle a signal; javac
    // warns about it on every build, and no annotation silences that warning.
    private boolean handle(String name) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                LOG.info("Received SIG{}, stopping", name);
                request("SIG" + name);
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debug("Cannot handle SIG{} ({}); falling back to a shutdown hook", name, e.getMessage());
            return false;
        }
    }
}
