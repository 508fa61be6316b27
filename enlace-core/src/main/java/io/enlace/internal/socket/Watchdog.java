package io.enlace.internal.socket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Detects handlers that hold an event loop too long: a daemon thread checks every 100 ms the tasks in progress and
 * logs a warning (with the blocked thread's stack) once per task that runs past its threshold.
 *
 * <p>Each thread has one reusable {@link Token} (registered once), so watching a task costs two clock reads and a few
 * field writes, no allocation. A task run inside another one (inline dispatch) is covered by the outer task.
 */
final class Watchdog {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    static final Watchdog INSTANCE = new Watchdog();

    /** The watch state of one thread. Written by its thread, read by the checker. */
    static final class Token {
        final Thread thread = Thread.currentThread();
        int depth;                   // owner thread only
        volatile long start;
        volatile long thresholdNanos;
        volatile boolean running;
        volatile boolean reported;
    }

    private final Set<Token> tokens = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Token> local = ThreadLocal.withInitial(() -> {
        Token t = new Token();
        tokens.add(t);
        return t;
    });
    private volatile Thread checker;
    /** Number of warnings logged (for tests). */
    volatile long reports;

    private Watchdog() {}

    Token enter(long thresholdMs) {
        Token t = local.get();
        if (t.depth++ > 0) return t; // nested: the outer task is being watched
        t.reported = false;
        t.thresholdNanos = thresholdMs * 1_000_000L;
        t.start = System.nanoTime();
        t.running = true;
        ensureStarted();
        return t;
    }

    void exit(Token t) {
        if (--t.depth > 0) return;
        t.running = false;
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
            for (Token t : tokens) {
                if (!t.thread.isAlive()) {
                    tokens.remove(t);
                    continue;
                }
                if (!t.running || t.reported) continue;
                long start = t.start;
                if (now - start > t.thresholdNanos && t.running && t.start == start) {
                    t.reported = true;
                    reports++;
                    Throwable where = new Throwable("blocked here");
                    where.setStackTrace(t.thread.getStackTrace());
                    log.warn("a handler has blocked event loop {} for {} ms (threshold {} ms); use ServerOptions.executor for blocking work",
                            t.thread.getName(), (now - start) / 1_000_000, t.thresholdNanos / 1_000_000, where);
                }
            }
        }
    }
}
