package io.enlace.internal.netty;

import io.enlace.engine.ConnectionError;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineObserver;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.engine.TrafficTotals;
import io.enlace.internal.engine.EngineCore;
import io.enlace.internal.engine.Session;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The one {@link EngineServer} implementation: an {@link EngineCore} hosted on Netty, with its HTTP endpoint, its
 * WebSocket upgrader and its response writers. Thread-safe.
 */
public final class RealEngineServer implements EngineServer {
    private final EngineCore core;
    private final HttpResponses responses;
    private final EngineHttpEndpoint endpoint;

    private RealEngineServer(EngineOptions opts) {
        this.core = new EngineCore(opts);
        this.responses = new HttpResponses(opts, core.initialHeaderHooks(), core.headerHooks());
        this.endpoint = new EngineHttpEndpoint(this, new WebSocketUpgrader(this));
    }

    /** Creates an engine. */
    public static EngineServer create(EngineOptions options) {
        return new RealEngineServer(Objects.requireNonNull(options));
    }

    /**
     * {@code e} as an engine this runtime can mount; refuses, with what to do instead, an {@link EngineServer}
     * implemented elsewhere (the interface is not for implementation).
     */
    public static RealEngineServer of(EngineServer e) {
        if (e instanceof RealEngineServer r) return r;
        throw new IllegalArgumentException("NettyServer mounts engines made by EngineServer.create(...), not "
                + (e == null ? "null" : e.getClass().getName()) + "; for your own EngineServer implementation, put "
                + "its own ChannelHandler in your own pipeline");
    }

    /** The engine without its HTTP side. */
    public EngineCore core() { return core; }

    /** This engine's HTTP response writers. */
    public HttpResponses responses() { return responses; }

    @Override public EngineOptions options() { return core.options(); }
    @Override public void onConnection(Consumer<EngineSocket> l) { core.onConnection(l); }
    @Override public void onConnectionError(Consumer<ConnectionError> l) { core.onConnectionError(l); }
    @Override public void onInitialHeaders(BiConsumer<HttpHeaders, HttpRequest> l) { core.onInitialHeaders(l); }
    @Override public void onHeaders(BiConsumer<HttpHeaders, HttpRequest> l) { core.onHeaders(l); }
    @Override public int clientsCount() { return core.clientsCount(); }
    @Override public int clientsCount(String transport) { return core.clientsCount(transport); }
    @Override public void addObserver(EngineObserver observer) { core.addObserver(observer); }
    @Override public void removeObserver(EngineObserver observer) { core.removeObserver(observer); }
    @Override public TrafficTotals traffic() { return core.traffic(); }

    /** A handler for a user's pipeline (after its {@code HttpServerCodec}): this engine's requests, the rest passed on. */
    public ChannelHandler channelHandler() {
        return new EngineChannelHandler(List.of(this), List.of(), List.of(), true);
    }

    @Override
    public CompletableFuture<Void> close() {
        return core.close();
    }

    /** Whether a request path belongs to this engine (prefix match on {@link EngineOptions#path()}). */
    public boolean matches(String uri) { return core.matches(uri); }

    /** The session with this id, or null. */
    public Session session(String sid) { return core.session(sid); }

    /**
     * Handles the head of an engine request (on its channel's loop). Returns the sink for its body; every sink answers
     * the request once the body is in (or refused). Never null.
     */
    public BodySink onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        return endpoint.onRequest(ctx, req);
    }

    /**
     * Refuses a request with an engine error: the connection-error listeners are told, then the answer goes out (JSON
     * for HTTP; a raw 400 text/html then close for upgrades). Any thread.
     */
    public void refuseNow(Channel ch, HttpRequest req, boolean upgrade, EngineError err, String message,
                          Map<String, Object> context) {
        String msg = message != null ? message : err.message();
        core.connectionError(req.method().name(), req.uri(), req.headers(), err, msg, context);
        responses.error(ch, req, upgrade, err, msg, context);
    }

    /** Adds the CORS response headers for this request when CORS is on. */
    public void applyCors(HttpHeaders h, HttpRequest req) {
        responses.applyCors(h, req);
    }
}
