package io.enlace.internal.netty;

import io.enlace.internal.engine.WsTransport;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns WebSocket frames into Engine.IO transport events. Frames are borrowed (auto-released); their content is copied
 * into a {@code String} or {@code byte[]} before it leaves the channel's loop.
 */
public final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final WsTransport transport;
    private boolean closed;

    public WebSocketFrameHandler(WsTransport transport) {
        this.transport = transport;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (closed) return;
        transport.onReadStart();
        if (frame instanceof TextWebSocketFrame t) {
            transport.onText(t.text());
        } else if (frame instanceof BinaryWebSocketFrame b) {
            transport.onBinary(ByteBufUtil.getBytes(b.content()));
        } else if (frame instanceof PingWebSocketFrame p) {
            ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
        } else if (frame instanceof CloseWebSocketFrame c) {
            closed = true;
            transport.onClosed(false, "client closed");
            ctx.writeAndFlush(new CloseWebSocketFrame(c.statusCode() < 0 ? 1000 : c.statusCode(), ""))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        // pong and stray continuation frames: ignored
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        transport.onReadComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            closed = true;
            transport.onClosed(false, "connection closed");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        transport.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closed) { ctx.close(); return; }
        closed = true;
        if (cause instanceof TooLongFrameException) {
            // a fragmented message over maxHttpBufferSize
            transport.onClosed(true, "message too big");
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
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
