package io.enlace.internal.socket;

import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs the tasks of one socket in order, one at a time: on the connection's event loop (inline when already there),
 * or on a serial queue over a user executor (after Vert.x's TaskQueue). A queue may also be shared by every socket of
 * a server (serial mode: all handlers one at a time, as in Node).
 *
 * <p>{@link #runNow} is the way around the queue, for the packets that complete a future a queued task may be
 * blocked on (ACKs): they run at once on the connection's loop.
 */
abstract class Dispatcher implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    static Dispatcher create(EventLoop loop, Executor executor, long blockedThresholdMs) {
        return executor == null ? new OnLoop(loop, blockedThresholdMs) : new Serial(executor, blockedThresholdMs);
    }

    /**
     * Runs {@code task} at once on the calling thread (the connection's event loop), not behind the queued tasks;
     * watched by the {@link Watchdog} (futures completed there run their non-async continuations there).
     */
    void runNow(Runnable task) { runWatched(task, thresholdMs()); }

    /** The blocked-loop threshold in ms (0: not watched). */
    abstract long thresholdMs();

    static void runWatched(Runnable task, long thresholdMs) {
        if (thresholdMs <= 0) {
            runSafely(task);
            return;
        }
        Watchdog.Token t = Watchdog.INSTANCE.enter(thresholdMs);
        try {
            runSafely(task);
        } finally {
            Watchdog.INSTANCE.exit(t);
        }
    }

    static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            HandlerErrors.report(log, "socket task failed", t);
        }
    }

    /** On the event loop; tasks are watched by the {@link Watchdog}. */
    static final class OnLoop extends Dispatcher {
        private final EventLoop loop;
        private final long thresholdMs;

        OnLoop(EventLoop loop, long thresholdMs) {
            this.loop = loop;
            this.thresholdMs = thresholdMs;
        }

        @Override
        public void execute(Runnable task) {
            if (loop.inEventLoop()) runWatched(task, thresholdMs);
            else loop.execute(() -> runWatched(task, thresholdMs));
        }

        @Override
        long thresholdMs() { return thresholdMs; }
    }

    /** One task at a time over a shared executor, in submission order. */
    static final class Serial extends Dispatcher {
        private final Executor executor;
        private final long thresholdMs;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean running;

        Serial(Executor executor, long thresholdMs) {
            this.executor = executor;
            this.thresholdMs = thresholdMs;
        }

        @Override
        long thresholdMs() { return thresholdMs; }

        @Override
        public void execute(Runnable task) {
            synchronized (queue) {
                queue.addLast(task);
                if (running) return;
                running = true;
            }
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) {
                synchronized (queue) { running = false; queue.clear(); }
                log.warn("executor refused a socket task", e);
            }
        }

        private void drain() {
            for (int n = 0; n < 64; n++) {
                Runnable next;
                synchronized (queue) {
                    next = queue.pollFirst();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                runSafely(next);
            }
            // yield the thread to other sockets, keep our place
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) {
                synchronized (queue) { running = false; queue.clear(); }
                log.warn("executor refused a socket task", e);
            }
        }
    }
}
