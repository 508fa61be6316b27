package io.enlace.internal.netty;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;

/**
 * The WebSocket flushes of one event loop: a connection written during a loop turn is queued here and its channel is
 * flushed once, by a task that runs after the turn's I/O. So the replies to a read batch, or several broadcasts
 * handled in the same turn, leave in one write per channel instead of one per packet. One per event-loop thread;
 * confined to it.
 */
final class LoopFlusher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LoopFlusher.class);
    private static final FastThreadLocal<LoopFlusher> OF_THREAD = new FastThreadLocal<>() {
        @Override
        protected LoopFlusher initialValue() { return new LoopFlusher(); }
    };
    private static final int KEEP_CAPACITY = 4096;

    private ArrayList<WebSocketConnection> pending = new ArrayList<>();
    private boolean scheduled;

    /**
     * Queues {@code c} on the flusher of this event-loop thread (once per turn: the caller keeps a flag); off an event
     * loop, flushes at once.
     */
    static void defer(WebSocketConnection c) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            c.flushQueued();
            return;
        }
        LoopFlusher f = OF_THREAD.get();
        f.pending.add(c);
        if (f.scheduled) return;
        f.scheduled = true;
        try {
            loop.execute(f);
        } catch (RejectedExecutionException shuttingDown) {
            f.run();
        }
    }

    @Override
    public void run() {
        try {
            // by index: a flush may lead to more writes (drain listeners), queued and flushed in this same run
            for (int i = 0; i < pending.size(); i++) {
                try {
                    pending.get(i).flushQueued();
                } catch (RuntimeException e) {
                    log.warn("flush failed", e);
                }
            }
        } finally {
            if (pending.size() > KEEP_CAPACITY) pending = new ArrayList<>();
            else pending.clear();
            scheduled = false;
        }
    }
}
