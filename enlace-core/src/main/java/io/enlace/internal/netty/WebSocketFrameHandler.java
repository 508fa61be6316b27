package io.enlace.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Turns WebSocket frames into Engine.IO transport events; the only handler after Netty's frame decoder (and the
 * permessage-deflate decoder, when negotiated), so an idle connection carries no aggregator or UTF-8 validator.
 *
 * <p>It joins fragmented data messages itself: the first TEXT/BINARY frame without FIN starts a message whose bytes it
 * keeps in one buffer until the final CONTINUATION frame (pings may come in between); the buffer is released when the
 * message completes, on error, and when the channel goes inactive or the handler is removed. Netty's decoder
 * ({@code closeOnProtocolViolation}) already rejects a CONTINUATION outside a message and a data frame inside one.
 * A message over {@code maxHttpBufferSize} (after decompression) closes the connection with 1009; a TEXT message
 * that is not well-formed UTF-8 closes it with 1007. Frames are released here; their content is copied into a
 * {@code String} or {@code byte[]} before it leaves the channel's loop.
 */
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    /** Components a fragmented message keeps before they are merged into one. */
    private static final int MAX_COMPONENTS = 64;

    private final WebSocketConnection transport;
    /** The fragments of the data message being received, or null. Channel's loop only. */
    private CompositeByteBuf partial;
    private boolean partialText;
    private boolean closed;
    /** Bytes of pongs dropped since the channel was last writable. Channel's loop only. */
    private long owedPongBytes;

    public WebSocketFrameHandler(WebSocketConnection transport) {
        this.transport = transport;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (!closed) onFrame(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            boolean text = frame instanceof TextWebSocketFrame;
            ByteBuf content = frame.content();
            if (partial != null) {
                // the decoder closes on this already; never mix two messages
                fail(WebSocketCloseStatus.PROTOCOL_ERROR, "data frame inside a fragmented message");
                return;
            }
            if (content.readableBytes() > transport.maxMessageBytes()) {
                fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
                return;
            }
            if (frame.isFinalFragment()) {
                deliver(text, content);
                return;
            }
            partial = ctx.alloc().compositeBuffer(MAX_COMPONENTS);
            partialText = text;
            partial.addComponent(true, content.retain());
        } else if (frame instanceof ContinuationWebSocketFrame) {
            CompositeByteBuf p = partial;
            if (p == null) return; // the decoder closes on a stray continuation; nothing to join it to
            ByteBuf content = frame.content();
            if ((long) p.readableBytes() + content.readableBytes() > transport.maxMessageBytes()) {
                fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
                return;
            }
            p.addComponent(true, content.retain());
            if (frame.isFinalFragment()) {
                partial = null;
                try {
                    deliver(partialText, p);
                } finally {
                    p.release();
                }
            }
        } else if (frame instanceof PingWebSocketFrame ping) {
            onPing(ctx, ping);
        } else if (frame instanceof CloseWebSocketFrame c) {
            closed = true;
            releasePartial();
            transport.onClosed(false, "client closed");
            CloseAfterWrite.writeAndClose(ctx.channel(),
                    new CloseWebSocketFrame(c.statusCode() < 0 ? 1000 : c.statusCode(), ""));
        }
        // pong: ignored
    }

    /**
     * Answers a ping while the channel is writable. While it is not (the peer does not read what it is sent), the pong
     * is dropped (RFC 6455 5.5.3 lets an endpoint answer only the latest ping) and its size counts as owed; a peer
     * that keeps pinging until {@code maxBufferedBytes} are owed is closed, as a session whose queue overflows.
     */
    private void onPing(ChannelHandlerContext ctx, PingWebSocketFrame ping) {
        if (ctx.channel().isWritable()) {
            owedPongBytes = 0;
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            return;
        }
        owedPongBytes += 2 + ping.content().readableBytes();
        if (owedPongBytes > transport.maxBufferedBytes()) {
            log.warn("WebSocket {}: {} bytes of pongs owed to a peer that does not read (maxBufferedBytes {}), closing",
                    ctx.channel(), owedPongBytes, transport.maxBufferedBytes());
            closed = true;
            releasePartial();
            transport.onClosed(true, "write buffer full");
            ctx.close(); // nothing more can reach a peer that does not read
        }
    }

    /** A complete data message: hands a copy of it to the transport. */
    private void deliver(boolean text, ByteBuf data) {
        if (text) {
            if (!ByteBufUtil.isText(data, StandardCharsets.UTF_8)) {
                fail(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid UTF-8 in a text message");
                return;
            }
            transport.onText(data.toString(StandardCharsets.UTF_8), data.readableBytes());
        } else {
            transport.onBinary(ByteBufUtil.getBytes(data));
        }
    }

    /** Closes the connection with {@code status} after a bad message; the transport sees an error. */
    private void fail(WebSocketCloseStatus status, String description) {
        closed = true;
        releasePartial();
        transport.closeWith(status); // first: the session's own close then sends nothing more
        transport.onClosed(true, description);
    }

    private void releasePartial() {
        CompositeByteBuf p = partial;
        if (p != null) {
            partial = null;
            p.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial();
        if (!closed) {
            closed = true;
            transport.onClosed(false, "connection closed");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) owedPongBytes = 0;
        transport.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        releasePartial();
        if (closed) { ctx.close(); return; }
        if (cause instanceof TooLongFrameException) {
            fail(WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
            return;
        }
        closed = true;
        if (cause instanceof CorruptedWebSocketFrameException) {
            // the decoder already sent the close frame (1002, 1007 or 1009)
            transport.onClosed(true, cause.getMessage());
            ctx.close();
            return;
        }
        log.debug("WebSocket error on {}: {}", ctx.channel(), cause.toString());
        transport.onClosed(true, cause.toString());
        ctx.close();
    }
}
