package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.OutPacket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The packets of a session not yet on the wire, with an estimate of their size ({@link OutPacket#estimatedSize()})
 * against {@code maxBufferedBytes}, and the batch depth: while a batch is open, packets wait for its end to be flushed
 * together. Confined to the session's loop.
 */
final class OutboundQueue {
    private final ArrayDeque<OutPacket> packets = new ArrayDeque<>(4); // grows when needed
    private long bytes;
    private int batchDepth;

    /** Queues {@code p}; false when the queue is now over {@code maxBytes} ({@code maxBufferedBytes}: the session must close). */
    boolean add(OutPacket p, long maxBytes) {
        packets.add(p);
        bytes += p.estimatedSize();
        return bytes <= maxBytes;
    }

    boolean isEmpty() { return packets.isEmpty(); }

    /** The estimated bytes queued. */
    long bytes() { return bytes; }

    /** The first packet, removed; null when empty. */
    OutPacket poll() {
        OutPacket p = packets.poll();
        if (p != null) bytes = packets.isEmpty() ? 0 : bytes - p.estimatedSize();
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
