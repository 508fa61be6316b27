package io.enlace.internal.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detects handlers that hold an event loop too long: a daemon thread checks every 100 ms the tasks in progress and
 * logs a warning (with the blocked thread's stack) once per task that runs past its threshold.
 */
final class Watchdog {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    static final Watchdog INSTANCE = new Watchdog();

    static final class Token {
        final Thread thread = Thread.currentThread();
        final long start = System.nanoTime();
        final long thresholdNanos;
        volatile boolean reported;

        Token(long thresholdMs) { this.thresholdNanos = thresholdMs * 1_000_000L; }
    }

    private final Map<Token, Boolean> running = new ConcurrentHashMap<>();
    private volatile Thread checker;
    /** Number of warnings logged (for tests). */
    volatile long reports;

    private Watchdog() {}

    Token enter(long thresholdMs) {
        Token t = new Token(thresholdMs);
        running.put(t, Boolean.TRUE);
        ensureStarted();
        return t;
    }

    void exit(Token t) {
        running.remove(t);
        if (t.reported) {
            log.warn("handler released {} after {} ms", t.thread.getName(), (System.nanoTime() - t.start) / 1_000_000);
        }
    }

    private void ensureStarted() {
        if (checker != null) return;
        synchronized (this) {
            if (checker != null) return;
            Thread th = new Thread(this::loop, "enlace-watchdog");
            th.setDaemon(true);
            th.start();
            checker = th;
        }
    }

    private void loop() {
        while (true) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Token t : running.keySet()) {
                if (!t.reported && now - t.start > t.thresholdNanos) {
                    t.reported = true;
                    reports++;
                    Throwable where = new Throwable("blocked here");
                    where.setStackTrace(t.thread.getStackTrace());
                    log.warn("a handler has blocked event loop {} for {} ms (threshold {} ms); use ServerOptions.executor for blocking work",
                            t.thread.getName(), (now - t.start) / 1_000_000, t.thresholdNanos / 1_000_000, where);
                }
            }
        }
    }
}
