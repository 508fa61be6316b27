package io.enlace.internal.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a last write (a WebSocket close frame, an HTTP response with {@code Connection: close}),
 * whether or not that write ever completes: a peer that does not read (a zero TCP window) would otherwise keep the
 * connection, and everything queued on it, forever. From the moment the close is decided nothing more is read from
 * the connection. The channel closes once the write is done, or as soon as the write makes no progress for
 * {@link #GRACE_MS} (the bytes waiting in Netty's outbound buffer did not go down), and in any case after
 * {@link #MAX_MS}.
 */
public final class CloseAfterWrite {
    private static final Logger log = LoggerFactory.getLogger(CloseAfterWrite.class);

    /** How long the last write may make no progress before the connection is closed anyway. */
    public static final long GRACE_MS = 5_000;
    /** How long a connection may take to receive its last write, at most. */
    public static final long MAX_MS = 60_000;

    private CloseAfterWrite() {}

    /** Writes and flushes {@code msg}, then closes the channel as described above. */
    public static ChannelFuture writeAndClose(Channel ch, Object msg) {
        ch.config().setAutoRead(false);
        ChannelFuture f = ch.writeAndFlush(msg);
        closeAfter(f);
        return f;
    }

    /** Closes {@code write}'s channel once the write is done, or when it stalls (see the class comment). */
    public static void closeAfter(ChannelFuture write) {
        Channel ch = write.channel();
        ch.config().setAutoRead(false);
        write.addListener(ChannelFutureListener.CLOSE);
        if (write.isDone() || !ch.isOpen()) return;
        new Watch(ch).arm();
    }

    /** Checks every {@link #GRACE_MS} that the channel's pending writes went down; closes it when they did not. */
    private static final class Watch implements Runnable {
        private final Channel ch;
        private final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MS);
        private long lastPending;

        Watch(Channel ch) {
            this.ch = ch;
            this.lastPending = pending(ch);
        }

        private static long pending(Channel ch) {
            ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
            return b == null ? 0 : b.totalPendingWriteBytes();
        }

        void arm() {
            try {
                ch.eventLoop().schedule(this, GRACE_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                ch.close();
            }
        }

        @Override
        public void run() {
            if (!ch.isOpen()) return;
            long pending = pending(ch);
            if (pending > 0 && pending < lastPending && System.nanoTime() - deadline < 0) {
                lastPending = pending;
                arm();
                return;
            }
            log.debug("closing {}: its last write made no progress for {} ms ({} bytes pending)", ch, GRACE_MS, pending);
            ch.close();
        }
    }
}
