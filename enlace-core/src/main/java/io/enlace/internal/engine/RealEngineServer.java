package io.enlace.internal.engine;

import io.enlace.engine.AllowRequest;
import io.enlace.engine.CloseReason;
import io.enlace.engine.ConnectionError;
import io.enlace.engine.CookieOptions;
import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineObserver;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.V4Payloads;
import io.enlace.internal.netty.CloseAfterWrite;
import io.enlace.internal.netty.EngineChannelHandler;
import io.enlace.internal.netty.HttpPollExchange;
import io.enlace.internal.netty.HttpReadGate;
import io.enlace.internal.netty.HttpResponses;
import io.enlace.internal.netty.WebSocketConnection;
import io.enlace.internal.netty.WebSocketFrameHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The Engine.IO v4 server: request verification, handshakes, the session registry and HTTP responses.
 * Thread-safe: the registry is a concurrent map; everything per session runs on the session's loop.
 */
public final class RealEngineServer implements EngineServer {
    private static final Logger log = LoggerFactory.getLogger(RealEngineServer.class);

    private final EngineOptions opts;
    private final SessionRegistry sessions = new SessionRegistry();
    private final SharedTexts texts = new SharedTexts();
    private final List<Consumer<EngineSocket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConnectionError>> errorListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<HttpHeaders, HttpRequest>> initialHeaderListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<HttpHeaders, HttpRequest>> headerListeners = new CopyOnWriteArrayList<>();
    /** The observers, or null (no observer: sessions check this one field). Replaced under {@code this}. */
    private volatile EngineObservers observers;
    private final String upgradesJson;
    private final boolean pollingEnabled;
    private final boolean websocketEnabled;
    /**
     * Frame decoding settings, shared by every WebSocket (the config is immutable). No UTF-8 validator handler: the
     * frame handler checks each complete text message itself, so the pipeline keeps one handler fewer.
     */
    private final WebSocketDecoderConfig wsDecoderConfig;
    private final HttpResponses responses;

    private RealEngineServer(EngineOptions opts) {
        this.opts = opts;
        this.pollingEnabled = opts.transports().contains("polling");
        this.websocketEnabled = opts.transports().contains("websocket");
        this.upgradesJson = opts.allowUpgrades() && websocketEnabled ? "[\"websocket\"]" : "[]";
        this.wsDecoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(opts.maxHttpBufferSize())
                .allowExtensions(opts.perMessageDeflate())
                .closeOnProtocolViolation(true)
                .withUTF8Validator(false)
                .build();
        this.responses = new HttpResponses(opts, initialHeaderListeners, headerListeners);
    }

    /** Creates an engine. */
    public static EngineServer create(EngineOptions options) {
        return new RealEngineServer(Objects.requireNonNull(options));
    }

    @Override public EngineOptions options() { return opts; }
    @Override public void onConnection(Consumer<EngineSocket> l) { connectionListeners.add(l); }
    @Override public void onConnectionError(Consumer<ConnectionError> l) { errorListeners.add(l); }
    @Override public void onInitialHeaders(BiConsumer<HttpHeaders, HttpRequest> l) { initialHeaderListeners.add(l); }
    @Override public void onHeaders(BiConsumer<HttpHeaders, HttpRequest> l) { headerListeners.add(l); }
    @Override public int clientsCount() { return sessions.size(); }

    @Override
    public int clientsCount(String transport) {
        return sessions.count(transport);
    }

    @Override
    public synchronized void addObserver(EngineObserver observer) {
        observers = EngineObservers.plus(observers, observer);
    }

    @Override
    public synchronized void removeObserver(EngineObserver observer) {
        observers = EngineObservers.minus(observers, observer);
    }

    /** This engine's HTTP response writers. */
    public HttpResponses responses() { return responses; }

    /** The observers, or null when there is none. */
    EngineObservers observers() { return observers; }

    /** A polling session moved to WebSocket. On its loop. */
    void upgraded(Session s) {
        sessions.upgraded();
        EngineObservers o = observers;
        if (o != null) o.connectionUpgraded(s);
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new EngineChannelHandler(List.of(this), List.of(), List.of(), true);
    }

    @Override
    public CompletableFuture<Void> close() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Session s : sessions.all()) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            all.add(f);
            try {
                s.eventLoop().execute(() -> {
                    try { s.closeForced(true); } finally { f.complete(null); }
                });
            } catch (RuntimeException e) { // loop already shut down
                unregister(s);
                f.complete(null);
            }
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    /** Whether a request path belongs to this engine (prefix match on {@link EngineOptions#path()}). */
    public boolean matches(String uri) {
        String p = opts.path();
        if (uri.startsWith(p)) return true;
        // "/engine.io" without the trailing slash, followed by nothing or a query
        int n = p.length() - 1;
        return uri.length() >= n && uri.regionMatches(0, p, 0, n) && (uri.length() == n || uri.charAt(n) == '?');
    }

    void unregister(Session s) {
        sessions.unregister(s);
    }

    /** The session with this id, or null. */
    public Session session(String sid) { return sessions.get(sid); }

    // =====================================================================================================
    // request entry point (on the request channel's loop)
    // =====================================================================================================

    /**
     * Handles the head of an engine request. Returns the sink for its body; every sink answers the request once the
     * body is in (or refused). Never null.
     */
    public BodySink onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        Channel ch = ctx.channel();
        CorsOptions cors = opts.cors();
        boolean isUpgrade = isWebSocketUpgrade(req);
        if (cors != null && req.method().equals(HttpMethod.OPTIONS) && !isUpgrade) {
            return answerAfterBody(() -> responses.preflight(ch, req));
        }
        // parsed as Node does (lenient; a later parameter replaces an earlier one): never refuses a request
        Map<String, List<String>> query = QueryParams.parse(req.uri());
        String transport = QueryParams.last(query, "transport");
        if (transport == null || !(("polling".equals(transport) && pollingEnabled)
                || ("websocket".equals(transport) && websocketEnabled))) {
            return refuse(ch, req, isUpgrade, EngineError.UNKNOWN_TRANSPORT, null, Map.of("transport", String.valueOf(transport)));
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && hasInvalidHeaderChar(origin)) {
            return refuse(ch, req, isUpgrade, EngineError.BAD_REQUEST, null, Map.of("name", "INVALID_ORIGIN"));
        }
        String sid = QueryParams.last(query, "sid");
        String eio = QueryParams.last(query, "EIO");
        if (sid != null && !sid.isEmpty()) { // an empty sid is no sid, as in Node
            Session s = sessions.get(sid);
            if (s == null) {
                return refuse(ch, req, isUpgrade, EngineError.UNKNOWN_SID, null, Map.of("sid", sid));
            }
            if (isUpgrade && "websocket".equals(transport) && !"4".equals(eio)) {
                return refuse(ch, req, true, EngineError.BAD_REQUEST, null, Map.of("name", "PROTOCOL_MISMATCH"));
            }
            if (isUpgrade && "websocket".equals(transport)) {
                if (!originAllowedForWebSocket(req)) {
                    return refuse(ch, req, true, EngineError.FORBIDDEN, null, Map.of("name", "ORIGIN_NOT_ALLOWED"));
                }
                return answerAfterBody(() -> upgradeWebSocket(ctx, req, s));
            }
            if (!"polling".equals(transport) || s.upgraded()) {
                return refuse(ch, req, isUpgrade, EngineError.BAD_REQUEST, null, Map.of("name", "TRANSPORT_MISMATCH"));
            }
            if (!"4".equals(eio)) {
                return refuse(ch, req, isUpgrade, EngineError.BAD_REQUEST, null, Map.of("name", "PROTOCOL_MISMATCH"));
            }
            if (req.method().equals(HttpMethod.GET)) {
                return answerAfterBody(() -> s.runQueued(() -> s.onPollRequest(new HttpPollExchange(this, ch, req, null))));
            }
            if (req.method().equals(HttpMethod.POST)) {
                return postSink(ch, req, s);
            }
            return refuse(ch, req, false, EngineError.BAD_REQUEST, null, Map.of("name", "BAD_METHOD"));
        }
        if (!req.method().equals(HttpMethod.GET)) {
            return refuse(ch, req, isUpgrade, EngineError.BAD_HANDSHAKE_METHOD, null, Map.of("method", req.method().name()));
        }
        if ("websocket".equals(transport) && !isUpgrade) {
            return refuse(ch, req, false, EngineError.BAD_REQUEST, null, Map.of("name", "TRANSPORT_HANDSHAKE_ERROR"));
        }
        if (isUpgrade && !originAllowedForWebSocket(req)) {
            return refuse(ch, req, true, EngineError.FORBIDDEN, null, Map.of("name", "ORIGIN_NOT_ALLOWED"));
        }
        return answerAfterBody(() -> checkAllowRequest(ctx, req, isUpgrade, () -> {
            if (!"4".equals(eio)) {
                refuseNow(ch, req, isUpgrade, EngineError.UNSUPPORTED_PROTOCOL_VERSION, null,
                        Map.of("protocol", String.valueOf(eio)));
                return;
            }
            if (isUpgrade) handshakeWebSocket(ctx, req, query);
            else handshakePolling(ch, req, query);
        }));
    }

    private BodySink postSink(Channel ch, HttpRequest req, Session s) {
        long max = opts.maxHttpBufferSize();
        long declared = HttpUtil.getContentLength(req, -1L);
        Object token = new Object();
        if (declared > max) {
            // refused at once from its Content-Length; the session stays open; the rest of the body is discarded
            responses.payloadTooLarge(ch, req);
            return new BodySink() {
                @Override public long maxBody() { return -1; }
                @Override public void onBody(ByteBuf body) { }
                @Override public void onOversize() { }
                @Override public void onAborted() { }
            };
        }
        HttpPollExchange post = new HttpPollExchange(this, ch, req, null);
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        s.runQueued(() -> s.onPostStart(post, contentType, token));
        return new BodySink() {
            @Override public long maxBody() { return max; }

            @Override
            public void onBody(ByteBuf body) {
                List<InPacket> packets = null;
                String error = null;
                try {
                    packets = V4Payloads.INSTANCE.decode(body);
                } catch (DecodeException e) {
                    error = e.getMessage();
                }
                List<InPacket> p = packets;
                String err = error;
                int bytes = body.readableBytes();
                s.runQueued(() -> s.onPostBody(post, token, p, err, bytes));
            }

            @Override
            public void onOversize() {
                // the session forgets this POST before the client can see the 413 and send the next one
                s.runQueued(() -> {
                    s.onPostAborted(token, false);
                    responses.payloadTooLarge(ch, req);
                });
            }

            @Override
            public void onAborted() { s.runQueued(() -> s.onPostAborted(token, true)); }
        };
    }

    private static BodySink answerAfterBody(Runnable action) {
        return new BodySink() {
            @Override public long maxBody() { return -1; }
            @Override public void onBody(ByteBuf body) { action.run(); }
            @Override public void onOversize() { action.run(); }
            @Override public void onAborted() { }
        };
    }

    private BodySink refuse(Channel ch, HttpRequest req, boolean upgrade, EngineError err, String message,
                            Map<String, Object> context) {
        return answerAfterBody(() -> refuseNow(ch, req, upgrade, err, message, context));
    }

    private void checkAllowRequest(ChannelHandlerContext ctx, HttpRequest req, boolean upgrade, Runnable next) {
        AllowRequest ar = opts.allowRequest();
        if (ar == null) { next.run(); return; }
        CompletionStage<AllowRequest.Decision> stage;
        try {
            stage = ar.check(req);
        } catch (RuntimeException e) {
            log.warn("allowRequest threw", e);
            stage = CompletableFuture.completedFuture(AllowRequest.Decision.deny(null));
        }
        stage.whenComplete((d, e) -> {
            Runnable r = () -> {
                if (e != null || d == null || !d.allowed()) {
                    String msg = d != null ? d.message() : null;
                    refuseNow(ctx.channel(), req, upgrade, EngineError.FORBIDDEN, msg,
                            msg == null ? Map.of() : Map.of("message", msg));
                } else {
                    next.run();
                }
            };
            if (ctx.executor().inEventLoop()) r.run();
            else ctx.executor().execute(r);
        });
    }

    // =====================================================================================================
    // handshakes
    // =====================================================================================================

    private Session newSession(Channel ch, HttpRequest req, Map<String, List<String>> query, String transport) {
        EventLoop loop = ch.eventLoop();
        boolean secure = ch.pipeline().get(SslHandler.class) != null;
        HttpHeaders headers = texts.readOnlyCopy(req.headers());
        String url = texts.recent(req.uri());
        Map<String, List<String>> sharedQuery = SharedTexts.sharedQuery(query);
        return sessions.register(id -> new Session(this, id, loop, ch.remoteAddress(), headers, sharedQuery, url, secure,
                transport), "polling".equals(transport));
    }

    private String handshakeJson(String sid, boolean websocket) {
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + (websocket ? "[]" : upgradesJson)
                + ",\"pingInterval\":" + opts.pingInterval() + ",\"pingTimeout\":" + opts.pingTimeout()
                + ",\"maxPayload\":" + opts.maxHttpBufferSize() + "}";
    }

    private void handshakePolling(Channel ch, HttpRequest req, Map<String, List<String>> query) {
        if (!ch.isActive()) return;
        Session s = newSession(ch, req, query, "polling");
        s.openPolling(handshakeJson(s.id(), false), new HttpPollExchange(this, ch, req, s.id()), () -> fireConnection(s));
    }

    private void handshakeWebSocket(ChannelHandlerContext ctx, HttpRequest req, Map<String, List<String>> query) {
        Channel ch = ctx.channel();
        if (!ch.isActive() || refusedWebSocketHandshake(ch, req)) return;
        Session s = newSession(ch, req, query, "websocket");
        HttpHeaders extra = new DefaultHttpHeaders();
        responses.applyHooks(extra, req, true, s.id());
        WebSocketConnection conn = new WebSocketConnection(ch);
        WebSocketTransport t = new WebSocketTransport(s, conn);
        conn.listener(t);
        if (!doWebSocketHandshake(ctx, req, extra, conn)) {
            s.onClose(CloseReason.TRANSPORT_ERROR, "websocket handshake failed");
            return;
        }
        s.attachInitialWebSocket(t);
        s.openWebSocket(handshakeJson(s.id(), true), () -> fireConnection(s));
    }

    private void upgradeWebSocket(ChannelHandlerContext ctx, HttpRequest req, Session s) {
        if (refusedWebSocketHandshake(ctx.channel(), req)) return;
        HttpHeaders extra = new DefaultHttpHeaders();
        responses.applyHooks(extra, req, false, s.id());
        WebSocketConnection conn = new WebSocketConnection(ctx.channel());
        WebSocketTransport t = new WebSocketTransport(s, conn);
        conn.listener(t);
        s.wsHandshaking = true;
        if (!doWebSocketHandshake(ctx, req, extra, conn)) {
            s.run(s::onUpgradeHandshakeFailed);
            return;
        }
        // accepted (101); the session decides whether it takes it (or closes it, when already upgrading/upgraded)
        s.run(() -> {
            if (s.isClosed()) t.close();
            else s.maybeUpgrade(t);
        });
    }

    private boolean doWebSocketHandshake(ChannelHandlerContext ctx, HttpRequest req, HttpHeaders extra,
                                         WebSocketConnection t) {
        Channel ch = ctx.channel();
        String scheme = ch.pipeline().get(SslHandler.class) != null ? "wss" : "ws";
        String host = req.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshakerFactory f = new WebSocketServerHandshakerFactory(scheme + "://" + host + req.uri(), null, wsDecoderConfig);
        WebSocketServerHandshaker hs = f.newHandshaker(req);
        if (hs == null) {
            ch.config().setAutoRead(false);
            CloseAfterWrite.closeAfter(WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch));
            return false;
        }
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                Unpooled.EMPTY_BUFFER, req.headers(), EmptyHttpHeaders.INSTANCE);
        ChannelPipeline p = ch.pipeline();
        ChannelHandlerContext self = ctx;
        try {
            hs.handshake(ch, full, extra, ch.newPromise()).addListener(fut -> {
                if (!fut.isSuccess()) {
                    t.onClosed(true, "websocket handshake failed");
                    ch.close();
                }
            });
        } catch (RuntimeException e) {
            log.debug("websocket handshake failed", e);
            HttpResponses.handshakeRefusal(ch, "WebSocket handshake failed", null);
            return false;
        }
        // after the handshake: our frame handler (it joins fragments and checks UTF-8 itself); the HTTP handlers go
        p.addAfter(self.name(), "enlace-ws", new WebSocketFrameHandler(t));
        if (p.get("enlace-idle") != null) p.remove("enlace-idle");
        if (p.get(HttpReadGate.NAME) != null) p.remove(HttpReadGate.NAME); // what it holds goes to the frame decoder
        p.remove(self.handler());
        return true;
    }

    /** A valid Sec-WebSocket-Key: the base64 of 16 bytes. */
    private static final Pattern WS_KEY = Pattern.compile("[+/0-9A-Za-z]{22}==");

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

    private void fireConnection(Session s) {
        EngineObservers o = observers;
        if (o != null) o.connectionOpened(s);
        for (Consumer<EngineSocket> l : connectionListeners) {
            try { l.accept(s); } catch (RuntimeException e) { log.warn("connection listener failed", e); }
        }
    }

    // =====================================================================================================
    // refusals (any thread: Channel.write hops to the channel's loop)
    // =====================================================================================================

    /**
     * Refuses a request with an engine error: the connection-error listeners are told, then the answer goes out (JSON
     * for HTTP; a raw 400 text/html then close for upgrades). Any thread.
     */
    public void refuseNow(Channel ch, HttpRequest req, boolean upgrade, EngineError err, String message,
                          Map<String, Object> context) {
        String msg = message != null ? message : err.message();
        ConnectionError ce = new ConnectionError(req.method().name(), req.uri(),
                texts.readOnlyCopy(req.headers()), err.code(), msg, context);
        for (Consumer<ConnectionError> l : errorListeners) {
            try { l.accept(ce); } catch (RuntimeException e) { log.warn("connection error listener failed", e); }
        }
        responses.error(ch, req, upgrade, err, msg, context);
    }

    /** Adds the CORS response headers for this request when CORS is on. */
    public void applyCors(HttpHeaders h, HttpRequest req) {
        responses.applyCors(h, req);
    }

    /** Cross-site WebSocket hijacking guard: with CORS origins configured (not "*"), the Origin must be allowed. */
    private boolean originAllowedForWebSocket(HttpRequest req) {
        CorsOptions cors = opts.cors();
        if (cors == null || cors.anyOrigin()) return true;
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        return origin == null || cors.allows(origin);
    }

    // =====================================================================================================
    // helpers
    // =====================================================================================================

    private static boolean isWebSocketUpgrade(HttpRequest req) {
        HttpHeaders h = req.headers();
        return req.method().equals(HttpMethod.GET)
                && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && "websocket".equalsIgnoreCase(h.get(HttpHeaderNames.UPGRADE));
    }

    /** Node's checkInvalidHeaderChar: only TAB and 0x20-0x7E, 0x80-0xFF are valid. */
    static boolean hasInvalidHeaderChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t') continue;
            if (c < 0x20 || c == 0x7f || c > 0xff) return true;
        }
        return false;
    }
}
