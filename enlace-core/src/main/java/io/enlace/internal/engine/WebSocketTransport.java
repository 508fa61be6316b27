package io.enlace.internal.engine;

import io.netty.channel.EventLoop;

/**
 * One WebSocket of a session (its transport, or the probe of an upgrade) as the session sees it: what the
 * {@link FrameChannel} receives is handed to the session, which knows by identity whether it comes from its current
 * transport or from the probe.
 */
public final class WebSocketTransport implements FrameChannel.Listener {
    final Session session;
    final FrameChannel frames;

    WebSocketTransport(Session session, FrameChannel frames) {
        this.session = session;
        this.frames = frames;
    }

    @Override public EventLoop eventLoop() { return session.eventLoop(); }
    @Override public int maxMessageBytes() { return session.maxMessageBytes(); }
    @Override public long maxBufferedBytes() { return session.maxBufferedBytes(); }
    @Override public long maxPendingInboundBytes() { return session.maxPendingInboundBytes(); }
    @Override public void onText(String text, int bytes) { session.onWsText(this, text, bytes); }
    @Override public void onBinary(byte[] data) { session.onWsBinary(this, data); }
    @Override public void onClosed(boolean error, String description) { session.onWsClosed(this, error, description); }
    @Override public void onWritable() { session.onWsWritable(this); }

    /** Closes the connection (a close frame first). */
    public void close() { frames.close(); }
}
