package io.enlace.internal.engine;

import io.enlace.engine.TrafficTotals;
import io.netty.channel.EventLoop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The traffic totals of one engine: one {@link Cell} per event loop, written only by that loop's thread (a plain add
 * published with an opaque store: no lock, no atomic instruction on the path of every packet), summed by
 * {@link #totals()} on any thread. A cell stays after its loop is gone, so the totals never go back.
 */
final class Traffic {
    private final Map<EventLoop, Cell> cells = new ConcurrentHashMap<>();

    /** The cell of {@code loop} (made at its first session). */
    Cell cellFor(EventLoop loop) {
        return cells.computeIfAbsent(loop, l -> new Cell());
    }

    /** The sum of every loop's cell. */
    TrafficTotals totals() {
        long pi = 0, bi = 0, po = 0, bo = 0;
        for (Cell c : cells.values()) {
            pi += (long) Cell.PACKETS_IN.getOpaque(c);
            bi += (long) Cell.BYTES_IN.getOpaque(c);
            po += (long) Cell.PACKETS_OUT.getOpaque(c);
            bo += (long) Cell.BYTES_OUT.getOpaque(c);
        }
        return new TrafficTotals(pi, bi, po, bo);
    }

    /** The counts of one event loop. Its methods are called on that loop only (single writer). */
    static final class Cell {
        private static final VarHandle PACKETS_IN;
        private static final VarHandle BYTES_IN;
        private static final VarHandle PACKETS_OUT;
        private static final VarHandle BYTES_OUT;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                PACKETS_IN = l.findVarHandle(Cell.class, "packetsIn", long.class);
                BYTES_IN = l.findVarHandle(Cell.class, "bytesIn", long.class);
                PACKETS_OUT = l.findVarHandle(Cell.class, "packetsOut", long.class);
                BYTES_OUT = l.findVarHandle(Cell.class, "bytesOut", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private long packetsIn;
        private long bytesIn;
        private long packetsOut;
        private long bytesOut;

        void received(int packets, int bytes) {
            PACKETS_IN.setOpaque(this, packetsIn + packets);
            BYTES_IN.setOpaque(this, bytesIn + bytes);
        }

        void sent(int packets, int bytes) {
            PACKETS_OUT.setOpaque(this, packetsOut + packets);
            BYTES_OUT.setOpaque(this, bytesOut + bytes);
        }
    }
}
