package io.enlace.internal.engine;

import io.netty.channel.Channel;
import io.enlace.internal.netty.CloseAfterWrite;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One WebSocket connection carrying (or probing for) an Engine.IO session. Created on the channel's event loop once the
 * WebSocket handshake is written; frames are delivered to the session on the session's loop.
 */
public final class WsTransport {
    private static final AtomicLongFieldUpdater<WsTransport> PENDING =
            AtomicLongFieldUpdater.newUpdater(WsTransport.class, "pendingForLoop");

    final Channel channel;
    final Session session;
    private volatile boolean closeSent; // set once, on the channel loop or the session loop
    /** Bytes of messages handed to the session's loop (another loop than the channel's) and not yet handled. */
    private volatile long pendingForLoop;
    /** Reading is paused because too much waits for the session's loop. Written on the channel loop. */
    private volatile boolean pausedForLoop;
    /** Reading is paused because the layer above has too much to handle ({@link Session#pauseInbound}). */
    private volatile boolean pausedForOwner;

    WsTransport(Channel channel, Session session) {
        this.channel = channel;
        this.session = session;
    }

    public Channel channel() { return channel; }

    /** The largest data message accepted from the peer ({@code maxHttpBufferSize}), in bytes. */
    public int maxMessageBytes() { return session.maxMessageBytes(); }

    /** {@code maxBufferedBytes}: what the peer may be owed (queued packets, unanswered pings) before it is closed. */
    public long maxBufferedBytes() { return session.maxBufferedBytes(); }

    /** A text message's content (already validated UTF-8) and its size in bytes. Called on the channel's loop. */
    public void onText(String text, int bytes) {
        if (session.eventLoop().inEventLoop()) {
            session.onWsText(this, text, bytes);
            return;
        }
        long size = text.length();
        queuedForLoop(size);
        session.run(() -> {
            try {
                session.onWsText(this, text, bytes);
            } finally {
                handledOnLoop(size);
            }
        });
    }

    /** A binary message's content (a copy owned by the session). Called on the channel's loop. */
    public void onBinary(byte[] data) {
        if (session.eventLoop().inEventLoop()) {
            session.onWsBinary(this, data);
            return;
        }
        long size = data.length;
        queuedForLoop(size);
        session.run(() -> {
            try {
                session.onWsBinary(this, data);
            } finally {
                handledOnLoop(size);
            }
        });
    }

    // ---- reading pauses (maxPendingInboundBytes); every autoRead change is made on the channel's loop ----

    /** A message was queued for the session's loop. Channel loop. */
    private void queuedForLoop(long size) {
        long pending = PENDING.addAndGet(this, size);
        if (!pausedForLoop && pending > session.maxPendingInboundBytes()) {
            pausedForLoop = true;
            applyReading();
            // the session's loop may have caught up before it could see the pause: look again
            if (PENDING.get(this) <= session.maxPendingInboundBytes() / 2) resumeForLoop();
        }
    }

    /** A message queued for the session's loop was handled. Session loop. */
    private void handledOnLoop(long size) {
        long pending = PENDING.addAndGet(this, -size);
        if (pending <= session.maxPendingInboundBytes() / 2 && pausedForLoop) {
            channel.eventLoop().execute(this::resumeForLoop);
        }
    }

    private void resumeForLoop() {
        if (pausedForLoop && PENDING.get(this) <= session.maxPendingInboundBytes() / 2) {
            pausedForLoop = false;
            applyReading();
        }
    }

    /** Bytes of messages waiting for the session's loop. */
    long pendingForLoop() { return pendingForLoop; }

    /** Pauses or resumes reading for the layer above ({@link Session#pauseInbound}). Any thread. */
    void pauseForOwner(boolean pause) {
        pausedForOwner = pause;
        if (channel.eventLoop().inEventLoop()) applyReading();
        else channel.eventLoop().execute(this::applyReading);
    }

    private void applyReading() {
        if (closeSent) return; // closing: never read again
        channel.config().setAutoRead(!pausedForLoop && !pausedForOwner);
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
