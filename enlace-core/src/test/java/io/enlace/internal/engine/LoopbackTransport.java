package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.OutPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A transport with no network behind it, for tests of the layers above the engine: records what its session flushes
 * (the data of each message packet, each flush's messages as one batch, each message's compress flag) and lets the
 * test hand the session client messages as a WebSocket would. Called on the session's loop, except {@link #writable()}.
 */
final class LoopbackTransport implements Transport {
    final BlockingQueue<Object> sent = new LinkedBlockingQueue<>();
    final List<List<Object>> batches = new CopyOnWriteArrayList<>();
    final List<Boolean> compressFlags = new CopyOnWriteArrayList<>();
    volatile boolean writable = true;
    volatile boolean closed;
    volatile boolean readsSuspended;

    @Override public String name() { return "websocket"; }

    /** Takes every queued packet, as a writable WebSocket does; message packets are recorded, the rest dropped. */
    @Override
    public void flush(OutboundQueue queue) {
        List<Object> batch = new ArrayList<>();
        while (!queue.isEmpty()) {
            OutPacket p = queue.poll();
            if (p.type() != '4') continue; // open, ping: engine-level packets
            batch.add(p.data());
            compressFlags.add(p.compress());
        }
        if (batch.isEmpty()) return;
        batches.add(batch);
        sent.addAll(batch);
    }

    @Override public boolean writable() { return writable; }
    @Override public void close() { closed = true; }
    @Override public void suspendReads() { readsSuspended = true; }
    @Override public void resumeReads() { readsSuspended = false; }
}
