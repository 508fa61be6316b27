package io.enlace.internal.netty;

import io.enlace.internal.engine.FrameChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One WebSocket connection of the engine: the {@link FrameChannel} the session writes to (frames built here, with the
 * permessage-deflate choice; flushed once per loop turn by the {@link LoopFlusher}; closed with a bounded close
 * frame), and the messages its {@link WebSocketFrameHandler} decodes, handed to the session's loop. That is the
 * channel's own loop in Enlace's pipelines (an upgrade's connection is moved there first: {@link ChannelMove}). In an
 * application's pipeline ({@code NettyServer.channelHandler}) it may be another: the messages are then queued there, and
 * past {@code maxPendingInboundBytes} of them waiting the channel is not read until half of them are handled.
 */
public final class WebSocketConnection implements FrameChannel {
    private static final Logger log = LoggerFactory.getLogger(WebSocketConnection.class);
    private static final AtomicLongFieldUpdater<WebSocketConnection> PENDING =
            AtomicLongFieldUpdater.newUpdater(WebSocketConnection.class, "pendingForLoop");

    private final Channel channel;
    /** The session side; set once, before the frame handler can read a message. */
    private volatile Listener listener;
    private volatile boolean closeSent; // set once, on the channel loop or the session loop
    /** Bytes of messages handed to the session's loop (another loop than the channel's) and not yet handled. */
    private volatile long pendingForLoop;
    /** Reading is paused because too much waits for the session's loop. Written on the channel loop. */
    private volatile boolean pausedForLoop;
    /** Reading is paused because the layer above has too much to handle ({@link #pauseReads}). */
    private volatile boolean pausedForOwner;
    /** Written during this turn of the writing loop: queued on its {@link LoopFlusher}. That loop only. */
    private boolean flushQueued;

    public WebSocketConnection(Channel channel) {
        this.channel = channel;
    }

    /** Sets the session side (once, before any message can arrive). */
    public void listener(Listener l) { this.listener = l; }

    /** The channel (tests look at its pipeline). */
    public Channel channel() { return channel; }

    /** The largest data message accepted from the peer ({@code maxHttpBufferSize}), in bytes. */
    int maxMessageBytes() { return listener.maxMessageBytes(); }

    /** {@code maxBufferedBytes}: what the peer may be owed (queued packets, unanswered pings) before it is closed. */
    long maxBufferedBytes() { return listener.maxBufferedBytes(); }

    // ---------------------------------------------------------------- outbound (the session's loop)

    @Override public ByteBufAllocator alloc() { return channel.alloc(); }
    @Override public boolean isActive() { return channel.isActive(); }
    @Override public boolean isWritable() { return channel.isWritable(); }

    @Override
    public Future<Void> write(ByteBuf data, boolean text, boolean compress) {
        Object frame;
        if (text) frame = compress ? new TextWebSocketFrame(data) : new WsDeflate.UncompressedText(data);
        else frame = compress ? new BinaryWebSocketFrame(data) : new WsDeflate.UncompressedBinary(data);
        return channel.write(frame);
    }

    /**
     * One flush per channel and loop turn: every reply to a read batch, every broadcast of the turn leave in one
     * write. Off an event loop (no turn to wait for), at once.
     */
    @Override
    public void flushSoon() {
        if (ThreadExecutorMap.currentExecutor() == null) {
            channel.flush();
            return;
        }
        if (flushQueued) return;
        flushQueued = true;
        LoopFlusher.defer(this);
    }

    /** Flushes what was written during this turn. By {@link LoopFlusher}, on the loop that wrote. */
    void flushQueued() {
        flushQueued = false;
        channel.flush();
    }

    /**
     * Sends a normal close frame, then closes the channel (at the latest when the frame makes no progress for
     * {@link CloseAfterWrite#GRACE_MS}); nothing more is read from it. Any thread.
     */
    @Override
    public void close() {
        if (closeSent) return;
        closeSent = true;
        if (channel.isActive()) {
            CloseAfterWrite.writeAndClose(channel, new CloseWebSocketFrame(1000, ""));
        } else {
            channel.close();
        }
    }

    /**
     * Sends a close frame with {@code status} (a bad message from the peer), then closes the channel (bounded as
     * {@link #close()}); a later {@link #close()} sends nothing more. Channel's loop.
     */
    void closeWith(WebSocketCloseStatus status) {
        if (closeSent) return;
        closeSent = true;
        CloseAfterWrite.writeAndClose(channel, new CloseWebSocketFrame(status));
    }

    // ---------------------------------------------------------------- inbound (the channel's loop)

    /** A text message's content (already validated UTF-8) and its size in bytes. */
    void onText(String text, int bytes) {
        Listener l = listener;
        EventLoop loop = l.eventLoop();
        if (loop.inEventLoop()) {
            l.onText(text, bytes);
            return;
        }
        long size = text.length();
        queuedForLoop(size);
        toLoop(loop, () -> {
            try {
                l.onText(text, bytes);
            } finally {
                handledOnLoop(size);
            }
        });
    }

    /** A binary message's content (a copy owned by the session). */
    void onBinary(byte[] data) {
        Listener l = listener;
        EventLoop loop = l.eventLoop();
        if (loop.inEventLoop()) {
            l.onBinary(data);
            return;
        }
        long size = data.length;
        queuedForLoop(size);
        toLoop(loop, () -> {
            try {
                l.onBinary(data);
            } finally {
                handledOnLoop(size);
            }
        });
    }

    /** The peer sent a close frame, or the channel closed or failed (or its handshake did). Channel's loop. */
    public void onClosed(boolean error, String description) {
        Listener l = listener;
        toLoop(l.eventLoop(), () -> l.onClosed(error, description));
    }

    /** The channel's writability changed. */
    void onWritabilityChanged() {
        Listener l = listener;
        if (channel.isWritable()) toLoop(l.eventLoop(), l::onWritable);
    }

    private void toLoop(EventLoop loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("{}: the session's event loop is gone, message dropped", channel);
        }
    }

    // ---- reading pauses (maxPendingInboundBytes); every autoRead change is made on the channel's loop ----

    /** A message was queued for the session's loop. Channel loop. */
    private void queuedForLoop(long size) {
        long pending = PENDING.addAndGet(this, size);
        long max = listener.maxPendingInboundBytes();
        if (!pausedForLoop && pending > max) {
            pausedForLoop = true;
            applyReading();
            // the session's loop may have caught up before it could see the pause: look again
            if (PENDING.get(this) <= max / 2) resumeForLoop();
        }
    }

    /** A message queued for the session's loop was handled. Session loop. */
    private void handledOnLoop(long size) {
        long pending = PENDING.addAndGet(this, -size);
        if (pending <= listener.maxPendingInboundBytes() / 2 && pausedForLoop) {
            channel.eventLoop().execute(this::resumeForLoop);
        }
    }

    private void resumeForLoop() {
        if (pausedForLoop && PENDING.get(this) <= listener.maxPendingInboundBytes() / 2) {
            pausedForLoop = false;
            applyReading();
        }
    }

    /** Bytes of messages waiting for the session's loop (tests). */
    public long pendingForLoop() { return pendingForLoop; }

    @Override
    public void pauseReads(boolean pause) {
        pausedForOwner = pause;
        if (channel.eventLoop().inEventLoop()) applyReading();
        else channel.eventLoop().execute(this::applyReading);
    }

    private void applyReading() {
        if (closeSent) return; // closing: never read again
        channel.config().setAutoRead(!pausedForLoop && !pausedForOwner);
    }
}
