package io.enlace.internal.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * A port of the engine: one WebSocket connection as the engine sees it (implemented in {@code internal.netty}, which
 * alone knows frames and pipelines). Called on the session's event loop; implementations hop to the channel's loop
 * where they must.
 */
public interface FrameChannel {

    /** The allocator for messages written to this connection. */
    ByteBufAllocator alloc();

    /** Whether the connection is still open. */
    boolean isActive();

    /** Whether the connection takes more without queueing beyond its high-water mark. */
    boolean isWritable();

    /**
     * Writes one message (not flushed: {@link #flushSoon()}); takes ownership of {@code data}, released on every path
     * (a closed connection included). {@code compress=false} sends it uncompressed under permessage-deflate.
     */
    Future<Void> write(ByteBuf data, boolean text, boolean compress);

    /** Flushes what was written, once per event-loop turn (or at once when called off an event loop). */
    void flushSoon();

    /** A normal close frame, then the connection closes (bounded: a peer that does not read cannot hold it). */
    void close();

    /** Stops or resumes reading for the layer above ({@code maxPendingInboundBytes}). Any thread. */
    void pauseReads(boolean pause);

    /**
     * What a connection tells the engine: complete messages and its end, each on {@link #eventLoop()} (the session's
     * loop; the connection hops there). The limits are read on the connection's loop.
     */
    interface Listener {
        /** The session's loop, where every other method is called. */
        EventLoop eventLoop();

        /** The largest message the peer may send ({@code maxHttpBufferSize}), in bytes. */
        int maxMessageBytes();

        /** What the peer may be owed (queued packets, unanswered pings) before it is closed ({@code maxBufferedBytes}). */
        long maxBufferedBytes();

        /** Bytes of messages waiting for the session's loop before reading pauses ({@code maxPendingInboundBytes}). */
        long maxPendingInboundBytes();

        /** A text message (valid UTF-8) and its size in bytes. */
        void onText(String text, int bytes);

        /** A binary message: a copy owned by the engine. */
        void onBinary(byte[] data);

        /** The peer closed, the connection failed or went away. */
        void onClosed(boolean error, String description);

        /** The connection became writable again. */
        void onWritable();
    }
}
