package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.FrameCodec;
import io.enlace.internal.engine.codec.OutPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * One WebSocket of a session (its transport, or the probe of an upgrade): writes packets as messages through its
 * {@link FrameChannel} (one flush per loop turn), keeps the writability hint, and hands what the connection receives
 * to the session, which knows by identity whether it comes from its current transport or from the probe.
 */
public final class WebSocketTransport implements Transport, FrameChannel.Listener {
    final Session session;
    final FrameChannel frames;
    /** The messages of this connection (v3: by the {@code b64} of its own request). */
    final FrameCodec codec;
    /** False once a flush found the connection over its high-water mark, until it says it is writable again. */
    private volatile boolean writableHint = true;

    WebSocketTransport(Session session, FrameChannel frames, FrameCodec codec) {
        this.session = session;
        this.frames = frames;
        this.codec = codec;
    }

    // ---- Transport (the session's loop) ----

    @Override public String name() { return "websocket"; }

    @Override
    public void flush(OutboundQueue queue) {
        FrameChannel ch = frames;
        if (!ch.isActive()) return;
        Future<Void> last = null;
        int count = 0;
        int bytes = 0;
        while (!queue.isEmpty()) {
            // an unwritable channel keeps packets in the queue, where maxBufferedBytes bounds them
            if (!ch.isWritable()) break;
            OutPacket p = queue.poll();
            ByteBuf data = codec.encode(ch.alloc(), p);
            bytes += data.readableBytes();
            last = ch.write(data, codec.isText(p), p.compress());
            count++;
        }
        if (count > 0) session.packetsSent(count, bytes);
        // one flush per channel and loop turn: every reply to a read batch, every broadcast of the turn in one write
        ch.flushSoon();
        writableHint = ch.isWritable();
        if (last != null && queue.isEmpty()) session.drainAfter(last);
    }

    @Override public boolean writable() { return writableHint && frames.isWritable(); }

    /** Closes the connection (a close frame first). Any thread. */
    @Override public void close() { frames.close(); }

    @Override public void suspendReads() { frames.pauseReads(true); }
    @Override public void resumeReads() { frames.pauseReads(false); }

    // ---- FrameChannel.Listener (the session's loop) ----

    @Override public EventLoop eventLoop() { return session.eventLoop(); }
    @Override public int maxMessageBytes() { return session.options().maxHttpBufferSize(); }
    @Override public long maxBufferedBytes() { return session.options().maxBufferedBytes(); }
    @Override public long maxPendingInboundBytes() { return session.options().maxPendingInboundBytes(); }
    @Override public void onText(String text, int bytes) { Inbound.onText(session, this, codec, text, bytes); }
    @Override public void onBinary(byte[] data) { Inbound.onBinary(session, this, codec, data); }
    @Override public void onClosed(boolean error, String description) { Inbound.onClosed(session, this, error, description); }

    @Override
    public void onWritable() {
        writableHint = true;
        session.onWsWritable(this);
    }
}
