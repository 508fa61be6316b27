package io.enlace.internal.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a response that refuses a request whose body is still coming in (413): the response goes
 * out with {@code Connection: close}, then the output is shut (the client reads the whole response, then the end of
 * the stream), and whatever the client still sends is read and dropped until it closes its side, for at most
 * {@link #LINGER_MS}. Closing at once would let the kernel answer the body bytes that keep arriving with a reset,
 * which can destroy the response before the client reads it: Node's {@code fetch} then fails with
 * {@code ECONNRESET} instead of seeing the 413 (2 times in 40 on loopback with a 1 MB body). Nothing read meanwhile
 * reaches the HTTP decoder, so no later request on the connection is served. Any thread.
 */
final class LingeringClose {
    /** How long a refused client may go on sending before the connection is closed anyway. */
    static final long LINGER_MS = 2_000;

    private LingeringClose() {}

    /** Writes {@code response} (which says {@code Connection: close}) and closes the channel as described above. */
    static void writeAndClose(Channel ch, Object response) {
        if (ch.pipeline().get(PipelineNames.DRAIN) != null) return; // already closing so
        ch.pipeline().addFirst(PipelineNames.DRAIN, Drain.INSTANCE);
        ch.config().setAutoRead(true);
        ChannelFuture written = ch.writeAndFlush(response);
        written.addListener(f -> {
            if (f.isSuccess() && ch instanceof DuplexChannel d && ch.isActive()) d.shutdownOutput();
            else ch.close();
        });
        try {
            ch.eventLoop().schedule(() -> ch.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            ch.close();
        }
    }

    /** Drops every inbound message, first in the pipeline (before TLS: nothing is decoded any more). */
    @ChannelHandler.Sharable
    private static final class Drain extends ChannelInboundHandlerAdapter {
        static final Drain INSTANCE = new Drain();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
