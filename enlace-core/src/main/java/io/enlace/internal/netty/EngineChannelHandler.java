package io.enlace.internal.netty;

import io.enlace.netty.HttpHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP side of one connection: routes each request (after {@code HttpServerCodec}) to a route, an engine, the
 * fallbacks or 404 — or, in pass-through mode (the handler given by {@code NettyServer.channelHandler(engine)}), passes
 * requests outside the engines' paths to the next handler untouched. Aggregates request bodies with a bound; closes
 * idle connections on {@link IdleStateEvent} unless a long-poll response is pending. Behind an {@link HttpReadGate}
 * ({@code NettyServer}'s pipelines) it says when the next request may be read ({@link #canReadNext()}): one request
 * at a time, the next once the previous response is on the socket.
 */
public final class EngineChannelHandler extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(EngineChannelHandler.class);
    private static final int ROUTE_MAX_BODY = 1 << 20;

    private enum State { IDLE, PASS, BODY, DISCARD }

    private final List<RealEngineServer> engines;
    private final List<Route> routes;
    private final List<HttpHandler> fallbacks;
    private final boolean passThrough;

    private State state = State.IDLE;
    private BodySink sink;
    private CompositeByteBuf body;
    private long bodySize;
    private boolean inFlight;
    /** The gate before the HTTP codec ({@link ServerRuntime}'s pipelines), or null (a user's own pipeline). */
    private HttpReadGate gate;
    /** Whether the last request received has had its final response written. */
    private boolean answered = true;
    /** Final responses written and not yet on the socket. */
    private int responsesUnflushed;
    private final GenericFutureListener<Future<? super Void>>
            onResponseFlushed = f -> {
                if (--responsesUnflushed == 0 && gate != null) gate.resume();
            };

    /**
     * @param engines     engines, matched by path prefix
     * @param routes      routes tried before the engines
     * @param fallbacks   tried when nothing else matched (then 404); ignored in pass-through mode
     * @param passThrough forward unmatched requests to the next handler instead of answering them
     */
    public EngineChannelHandler(List<RealEngineServer> engines, List<Route> routes,
                                List<HttpHandler> fallbacks, boolean passThrough) {
        this.engines = List.copyOf(engines);
        this.routes = List.copyOf(routes);
        this.fallbacks = List.copyOf(fallbacks);
        this.passThrough = passThrough;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        gate = ctx.pipeline().get(HttpReadGate.class);
        if (gate != null) gate.attach(this);
    }

    /** Whether the pipeline is Enlace's own ({@link ServerRuntime}'s), not a user's (pass-through mode). */
    boolean ownsPipeline() { return !passThrough; }

    /**
     * Whether the next HTTP object may be read: while a request's head and body come in, and once the response to
     * the previous request is on the socket (HTTP answers in order; a client that does not read its responses is
     * not read either). Asked by the {@link HttpReadGate}.
     */
    boolean canReadNext() {
        return state == State.BODY || state == State.DISCARD || (answered && responsesUnflushed == 0);
    }

    /** Whether a 408 may be written now: nothing else is due on the connection before it. */
    boolean mayAnswerTimeout() {
        if (responsesUnflushed > 0) return false;
        return state == State.IDLE ? answered : !answered;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (gate != null && msg instanceof HttpObject) gate.decoded();
        if (msg instanceof HttpRequest req && state != State.PASS) {
            if (state == State.BODY) abortBody();
            answered = false;
            if (gate != null) gate.requestStarted();
            if (req.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                state = State.DISCARD;
                writeSimple(ctx, req, decodeFailureStatus(req.decoderResult().cause()), true);
                return;
            }
            if (!dispatch(ctx, req)) {
                // passed through whole
                state = msg instanceof LastHttpContent ? State.IDLE : State.PASS;
                ctx.fireChannelRead(msg);
                return;
            }
            if (!(msg instanceof HttpContent)) return;
        }
        if (msg instanceof HttpContent c) {
            onContent(ctx, c);
        } else {
            // not HTTP (e.g. WebSocket frames after another handler's upgrade): not ours, pass it on
            ctx.fireChannelRead(msg);
        }
    }

    /** Chooses the target of a request; returns false when it must be passed to the next handler. */
    private boolean dispatch(ChannelHandlerContext ctx, HttpRequest req) {
        String uri = req.uri();
        String path = pathOf(uri);
        for (Route r : routes) {
            if (path.startsWith(r.pathPrefix())) {
                startBody(ctx, req, routeSink(ctx, req, r));
                return true;
            }
        }
        for (RealEngineServer e : engines) {
            if (e.matches(uri)) {
                startBody(ctx, req, e.onRequest(ctx, req));
                return true;
            }
        }
        if (passThrough) return false;
        startBody(ctx, req, routeSink(ctx, req, null));
        return true;
    }

    private void startBody(ChannelHandlerContext ctx, HttpRequest req, BodySink s) {
        inFlight = true;
        sink = s;
        state = State.BODY;
        bodySize = 0;
        if (s.maxBody() > 0 && HttpUtil.is100ContinueExpected(req)) {
            long declared = HttpUtil.getContentLength(req, -1L);
            if (declared <= s.maxBody()) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                        Unpooled.EMPTY_BUFFER));
            }
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (last && gate != null && state != State.PASS) gate.requestEnded();
        switch (state) {
            case PASS -> {
                if (last) state = State.IDLE;
                ctx.fireChannelRead(c);
                return;
            }
            case IDLE, DISCARD -> {
                c.release();
                if (last) state = State.IDLE;
                return;
            }
            default -> { }
        }
        BodySink s = sink;
        long max = s.maxBody();
        ByteBuf content = c.content();
        int n = content.readableBytes();
        if (max >= 0 && bodySize + n > max) {
            c.release();
            releaseBody();
            sink = null;
            state = last ? State.IDLE : State.DISCARD;
            s.onOversize();
            return;
        }
        if (max >= 0 && n > 0) {
            if (body == null) body = ctx.alloc().compositeBuffer(1024);
            body.addComponent(true, content.retain());
        }
        bodySize += n;
        c.release();
        if (last) {
            sink = null;
            state = State.IDLE;
            ByteBuf b = body != null ? body : Unpooled.EMPTY_BUFFER;
            body = null;
            try {
                s.onBody(b);
            } finally {
                b.release();
            }
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private void abortBody() {
        BodySink s = sink;
        sink = null;
        releaseBody();
        if (s != null) s.onAborted();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if ((msg instanceof LastHttpContent && !(msg instanceof HttpResponse r0 && r0.status().code() == 100))
                || (msg instanceof HttpResponse r && r.status().code() == 101)) {
            // the final response to the current request
            inFlight = false;
            answered = true;
            if (gate != null) {
                if (msg instanceof HttpResponse res && !HttpUtil.isKeepAlive(res)) gate.shut(); // the connection ends
                responsesUnflushed++;
                promise = promise.unvoid();
                promise.addListener(onResponseFlushed);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (state == State.BODY || state == State.DISCARD || (state == State.IDLE && !inFlight)) {
                log.debug("closing idle HTTP connection {}", ctx.channel());
                ctx.close();
                return;
            }
            if (state != State.PASS) return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.BODY) abortBody();
        state = State.IDLE;
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection error on {}: {}", ctx.channel(), cause.toString());
        if (state == State.BODY) abortBody();
        ctx.close();
    }

    // ---- plain routes ----

    private BodySink routeSink(ChannelHandlerContext ctx, HttpRequest req, Route route) {
        return new BodySink() {
            @Override public long maxBody() { return ROUTE_MAX_BODY; }

            @Override
            public void onBody(ByteBuf b) {
                FullHttpRequest full = new DefaultFullHttpRequest(req.protocolVersion(), req.method(), req.uri(),
                        b.retainedDuplicate(), req.headers(), EmptyHttpHeaders.INSTANCE);
                FullHttpResponse res = null;
                try {
                    if (route != null) res = route.handler().handle(full);
                    if (res == null) {
                        for (HttpHandler h : fallbacks) {
                            res = h.handle(full);
                            if (res != null) break;
                        }
                    }
                } catch (RuntimeException e) {
                    log.warn("HTTP handler failed for {}", req.uri(), e);
                    if (res != null) res.release();
                    res = simple(HttpResponseStatus.INTERNAL_SERVER_ERROR);
                } finally {
                    full.release();
                }
                if (res == null) res = simple(HttpResponseStatus.NOT_FOUND);
                if (route != null) {
                    for (RealEngineServer e : engines) {
                        if (route.pathPrefix().startsWith(e.options().path())) {
                            e.applyCors(res.headers(), req);
                            break;
                        }
                    }
                }
                if (!res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
                }
                boolean keepAlive = HttpUtil.isKeepAlive(req);
                if (!keepAlive) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                if (keepAlive) ctx.channel().writeAndFlush(res);
                else CloseAfterWrite.writeAndClose(ctx.channel(), res);
            }

            @Override
            public void onOversize() {
                writeSimple(ctx, req, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, true);
            }

            @Override public void onAborted() { }
        };
    }

    private static FullHttpResponse simple(HttpResponseStatus status) {
        byte[] b = status.reasonPhrase().getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(b));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
        return res;
    }

    private static void writeSimple(ChannelHandlerContext ctx, HttpRequest req, HttpResponseStatus status, boolean close) {
        FullHttpResponse res = simple(status);
        if (close) res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (close) CloseAfterWrite.writeAndClose(ctx.channel(), res);
        else ctx.channel().writeAndFlush(res);
    }

    /** 414 for a request line over the codec's limit, 431 for headers over it, 400 for any other malformed request. */
    static HttpResponseStatus decodeFailureStatus(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        if (cause instanceof TooLongHttpHeaderException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        return HttpResponseStatus.BAD_REQUEST;
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
