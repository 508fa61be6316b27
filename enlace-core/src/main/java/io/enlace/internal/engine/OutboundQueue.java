package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.OutPacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The packets of a session not yet on the wire, with an estimate of what they hold ({@link OutPacket#estimatedSize()}
 * plus {@link #PACKET_OVERHEAD} each) against {@code maxBufferedBytes}, and the batch depth: while a batch is open,
 * packets wait for its end to be flushed together. Confined to the session's loop.
 */
final class OutboundQueue {
    /**
     * What each queued packet counts beyond its estimated size: the packet object and its slot in the queue (about 32
     * bytes on a 64-bit JVM with compressed references). Without it a flood of tiny packets would hold many times
     * {@code maxBufferedBytes} before reaching the bound: an Engine.IO v3 client that pings without reading makes one
     * pong per ping, each of estimated size 1.
     */
    static final int PACKET_OVERHEAD = 32;

    private final ArrayDeque<OutPacket> packets = new ArrayDeque<>(4); // grows when needed
    private long bytes;
    private int batchDepth;

    /** Queues {@code p}; false when the queue is now over {@code maxBytes} ({@code maxBufferedBytes}: the session must close). */
    boolean add(OutPacket p, long maxBytes) {
        packets.add(p);
        bytes += cost(p);
        return bytes <= maxBytes;
    }

    boolean isEmpty() { return packets.isEmpty(); }

    /** What {@code p} counts against the bound while queued. */
    static long cost(OutPacket p) { return p.estimatedSize() + PACKET_OVERHEAD; }

    /** The estimated bytes queued (sizes plus the overhead of each packet). */
    long bytes() { return bytes; }

    /** The first packet, removed; null when empty. */
    OutPacket poll() {
        OutPacket p = packets.poll();
        if (p != null) bytes = packets.isEmpty() ? 0 : bytes - cost(p);
        return p;
    }

    /** Every packet, removed (a new list the caller may extend). */
    List<OutPacket> drainAll() {
        List<OutPacket> out = new ArrayList<>(packets);
        clear();
        return out;
    }

    void clear() {
        packets.clear();
        bytes = 0;
    }

    /** Opens a batch: nothing is flushed until the matching {@link #endBatch()}. */
    void beginBatch() { batchDepth++; }

    void endBatch() { batchDepth--; }

    /** Whether a batch is open (a packet queued now waits for its end). */
    boolean batching() { return batchDepth > 0; }
}
