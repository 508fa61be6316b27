package io.enlace.internal.engine;

import io.netty.channel.Channel;
import io.enlace.internal.netty.CloseAfterWrite;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * One WebSocket connection carrying (or probing for) an Engine.IO session. Created on the channel's event loop once the
 * WebSocket handshake is written; frames are delivered to the session on the session's loop.
 */
public final class WsTransport {
    final Channel channel;
    final Session session;
    private boolean closeSent; // channel loop or session loop; only a hint

    WsTransport(Channel channel, Session session) {
        this.channel = channel;
        this.session = session;
    }

    public Channel channel() { return channel; }

    /** The largest data message accepted from the peer ({@code maxHttpBufferSize}), in bytes. */
    public int maxMessageBytes() { return session.maxMessageBytes(); }

    /** {@code maxBufferedBytes}: what the peer may be owed (queued packets, unanswered pings) before it is closed. */
    public long maxBufferedBytes() { return session.maxBufferedBytes(); }

    /** A text message's content (already validated UTF-8). Called on the channel's loop. */
    public void onText(String text) {
        session.run(() -> session.onWsText(this, text));
    }

    /** A binary message's content (a copy owned by the session). Called on the channel's loop. */
    public void onBinary(byte[] data) {
        session.run(() -> session.onWsBinary(this, data));
    }

    /** The peer sent a close frame, or the channel closed. Called on the channel's loop. */
    public void onClosed(boolean error, String description) {
        session.run(() -> session.onWsClosed(this, error, description));
    }

    /** The channel's writability changed. */
    public void onWritabilityChanged() {
        if (channel.isWritable()) session.run(() -> session.onWsWritable(this));
    }

    /**
     * Sends a close frame with {@code status} (a bad message from the peer), then closes the channel (bounded as
     * {@link #close()}); a later
     * {@link #close()} sends nothing more. Channel's loop.
     */
    public void closeWith(WebSocketCloseStatus status) {
        if (closeSent) return;
        closeSent = true;
        CloseAfterWrite.writeAndClose(channel, new CloseWebSocketFrame(status));
    }

    /**
     * Sends a normal close frame, then closes the channel (at the latest when the frame makes no progress for
     * {@link CloseAfterWrite#GRACE_MS}); nothing more is read from it. Any thread.
     */
    void close() {
        if (closeSent) return;
        closeSent = true;
        if (channel.isActive()) {
            CloseAfterWrite.writeAndClose(channel, new CloseWebSocketFrame(1000, ""));
        } else {
            channel.close();
        }
    }

}
