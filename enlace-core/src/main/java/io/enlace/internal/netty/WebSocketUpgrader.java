package io.enlace.internal.netty;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.EngineCore;
import io.enlace.internal.engine.RequestHead;
import io.enlace.internal.engine.Session;
import io.enlace.internal.engine.WebSocketTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * The WebSocket handshakes of one engine: checks the headers as Node's {@code ws} does, writes the 101 (with the
 * cookie and headers hooks), and turns the connection's pipeline into a WebSocket one (the frame handler in, the idle
 * timeout, the read gate and the HTTP dispatch out). For a new session, opens it on the connection; for an existing
 * polling session, tells it before the 101 that an upgrade is coming, and offers it the connection after, once the
 * connection is on the session's loop ({@link ChannelMove}). On the request channel's loop.
 */
final class WebSocketUpgrader {
    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgrader.class);
    /** A valid Sec-WebSocket-Key: the base64 of 16 bytes. */
    private static final Pattern WS_KEY = Pattern.compile("[+/0-9A-Za-z]{22}==");

    private final RealEngineServer engine;
    private final EngineCore core;
    /**
     * Frame decoding settings, shared by every WebSocket (the config is immutable). No UTF-8 validator handler: the
     * frame handler checks each complete text message itself, so the pipeline keeps one handler fewer.
     */
    private final WebSocketDecoderConfig wsDecoderConfig;

    WebSocketUpgrader(RealEngineServer engine) {
        this.engine = engine;
        this.core = engine.core();
        EngineOptions opts = core.options();
        this.wsDecoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(opts.maxHttpBufferSize())
                .allowExtensions(opts.perMessageDeflate())
                .closeOnProtocolViolation(true)
                .withUTF8Validator(false)
                .build();
    }

    /** A WebSocket handshake that opens a new session. */
    void handshake(ChannelHandlerContext ctx, HttpRequest req, RequestHead head) {
        Channel ch = ctx.channel();
        if (!ch.isActive() || refusedWebSocketHandshake(ch, req)) return;
        Session s = core.newSession(ch.eventLoop(), EngineHttpEndpoint.handshakeRequest(ch, req, head), "websocket");
        HttpHeaders extra = new DefaultHttpHeaders();
        engine.responses().applyHooks(extra, req, true, s.id());
        WebSocketConnection conn = new WebSocketConnection(ch);
        WebSocketTransport t = core.webSocketTransport(s, conn, head.query());
        conn.listener(t);
        if (!switchProtocols(ctx, req, extra, conn)) {
            s.onClose(CloseReason.TRANSPORT_ERROR, "websocket handshake failed");
            return;
        }
        core.openWebSocket(s, t);
    }

    /**
     * A WebSocket for an existing polling session (the upgrade's probe). In Enlace's own pipelines the connection first
     * moves to the session's event loop when it landed on another one ({@link ChannelMove}), so that the upgraded
     * session never crosses loops; in a pipeline of the application's ({@code NettyServer.channelHandler}) its channel
     * stays where it is and its messages are handed to the session's loop.
     */
    void upgrade(ChannelHandlerContext ctx, HttpRequest req, RequestHead head, Session s) {
        Channel ch = ctx.channel();
        if (refusedWebSocketHandshake(ch, req)) return;
        if (ctx.handler() instanceof EngineChannelHandler h && h.ownsPipeline()
                && ChannelMove.possible(ch, s.eventLoop())) {
            ChannelMove.move(ch, s.eventLoop(), () -> upgradeHere(ctx, req, head, s));
            return;
        }
        upgradeHere(ctx, req, head, s);
    }

    /** {@link #upgrade}, on the loop the connection stays on. */
    private void upgradeHere(ChannelHandlerContext ctx, HttpRequest req, RequestHead head, Session s) {
        HttpHeaders extra = new DefaultHttpHeaders();
        engine.responses().applyHooks(extra, req, false, s.id());
        WebSocketConnection conn = new WebSocketConnection(ctx.channel());
        WebSocketTransport t = core.webSocketTransport(s, conn, head.query());
        conn.listener(t);
        s.upgradeRequested();
        if (!switchProtocols(ctx, req, extra, conn)) {
            s.run(s::onUpgradeHandshakeFailed);
            return;
        }
        // accepted (101); the session decides whether it takes it (or closes it, when already upgrading/upgraded)
        core.offerUpgrade(s, t);
    }

    /** Writes the 101 and changes the pipeline; false (and answered) when the handshake could not be made. */
    private boolean switchProtocols(ChannelHandlerContext ctx, HttpRequest req, HttpHeaders extra,
                                    WebSocketConnection conn) {
        Channel ch = ctx.channel();
        String scheme = ch.pipeline().get(SslHandler.class) != null ? "wss" : "ws";
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshakerFactory f = new WebSocketServerHandshakerFactory(scheme + "://" + host + req.uri(),
                null, wsDecoderConfig);
        WebSocketServerHandshaker hs = f.newHandshaker(req);
        if (hs == null) {
            ch.config().setAutoRead(false);
            CloseAfterWrite.closeAfter(WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch));
            return false;
        }
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
        ChannelPipeline p = ch.pipeline();
        try {
            hs.handshake(ch, full, extra, ch.newPromise()).addListener(fut -> {
                if (!fut.isSuccess()) {
                    conn.onClosed(true, "websocket handshake failed");
                    ch.close();
                }
            });
        } catch (RuntimeException e) {
            log.debug("websocket handshake failed", e);
            HttpResponses.handshakeRefusal(ch, "WebSocket handshake failed", null);
            return false;
        }
        // after the handshake: our frame handler (it joins fragments and checks UTF-8 itself); the HTTP handlers go
        p.addAfter(ctx.name(), PipelineNames.WS, new WebSocketFrameHandler(conn));
        if (p.get(PipelineNames.IDLE) != null) p.remove(PipelineNames.IDLE);
        if (p.get(PipelineNames.GATE) != null) p.remove(PipelineNames.GATE); // what it holds goes to the frame decoder
        p.remove(ctx.handler());
        return true;
    }

    /**
     * Checks the WebSocket headers as Node's {@code ws} does before its handshake (a key of 16 bytes in base64, version
     * 13 or 8) and answers 400 with ws's message when they are wrong; true when refused. Netty would otherwise fail
     * without an answer (no key) or speak an older draft (no version header).
     */
    private static boolean refusedWebSocketHandshake(Channel ch, HttpRequest req) {
        String key = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (key == null || !WS_KEY.matcher(key).matches()) {
            HttpResponses.handshakeRefusal(ch, "Missing or invalid Sec-WebSocket-Key header", null);
            return true;
        }
        String version = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (!"13".equals(version) && !"8".equals(version)) {
            HttpResponses.handshakeRefusal(ch, "Missing or invalid Sec-WebSocket-Version header", "13, 8");
            return true;
        }
        return false;
    }
}
