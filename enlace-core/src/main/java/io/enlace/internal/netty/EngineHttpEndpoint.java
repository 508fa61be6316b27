package io.enlace.internal.netty;

import io.enlace.engine.AllowRequest;
import io.enlace.engine.EngineError;
import io.enlace.internal.engine.EngineCore;
import io.enlace.internal.engine.EngineProtocol;
import io.enlace.internal.engine.HandshakeRequest;
import io.enlace.internal.engine.RequestHead;
import io.enlace.internal.engine.Session;
import io.enlace.internal.engine.Verdict;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.ssl.SslHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP side of one engine: turns the {@link Verdict} on a request head into a {@link BodySink} that answers the
 * request once its body is in: a refusal, a preflight, {@code allowRequest} then a handshake, a long-poll GET or a
 * POST handed to its session's loop, or a WebSocket ({@link WebSocketUpgrader}). On the request channel's loop.
 */
final class EngineHttpEndpoint {
    private static final Logger log = LoggerFactory.getLogger(EngineHttpEndpoint.class);

    private final RealEngineServer engine;
    private final EngineCore core;
    private final WebSocketUpgrader upgrader;

    EngineHttpEndpoint(RealEngineServer engine, WebSocketUpgrader upgrader) {
        this.engine = engine;
        this.core = engine.core();
        this.upgrader = upgrader;
    }

    BodySink onRequest(ChannelHandlerContext ctx, HttpRequest req) {
        Channel ch = ctx.channel();
        RequestHead head = RequestHead.of(req);
        Verdict v = core.check(head);
        return switch (v.kind()) {
            case PREFLIGHT -> answerAfterBody(() -> engine.responses().preflight(ch, req));
            case REFUSE -> answerAfterBody(() -> engine.refuseNow(ch, req, v.upgrade(), v.error(), null, v.context()));
            case UPGRADE -> answerAfterBody(() -> upgrader.upgrade(ctx, req, head, v.session()));
            case POLL -> {
                Session s = v.session();
                yield answerAfterBody(() -> s.runQueued(() -> s.onPollRequest(new HttpPollExchange(engine, ch, req, null))));
            }
            case POST -> postSink(ch, req, v.session());
            case HANDSHAKE -> answerAfterBody(() -> checkAllowRequest(ctx, req, v.upgrade(), () -> {
                if (v.error() != null) {
                    engine.refuseNow(ch, req, v.upgrade(), v.error(), null, v.context());
                    return;
                }
                if (v.upgrade()) upgrader.handshake(ctx, req, head);
                else handshakePolling(ch, req, head);
            }));
        };
    }

    /** What the session keeps of the request that opens it. */
    static HandshakeRequest handshakeRequest(Channel ch, HttpRequest req, RequestHead head) {
        boolean secure = ch.pipeline().get(SslHandler.class) != null;
        // the revision is fixed for the session here (RequestCheck refused v3 unless allowEIO3)
        return new HandshakeRequest(ch.remoteAddress(), req.headers(), head.query(), req.uri(), secure,
                EngineProtocol.revision(head.param("EIO")));
    }

    private void handshakePolling(Channel ch, HttpRequest req, RequestHead head) {
        if (!ch.isActive()) return;
        Session s = core.newSession(ch.eventLoop(), handshakeRequest(ch, req, head), "polling");
        core.openPolling(s, new HttpPollExchange(engine, ch, req, s.id()));
    }

    private BodySink postSink(Channel ch, HttpRequest req, Session s) {
        long max = core.options().maxHttpBufferSize();
        long declared = HttpUtil.getContentLength(req, -1L);
        Object token = new Object();
        if (declared > max) {
            // refused at once from its Content-Length; the session stays open; the rest of the body is discarded
            engine.responses().payloadTooLarge(ch, req);
            return new BodySink() {
                @Override public long maxBody() { return -1; }
                @Override public void onBody(ByteBuf body) { }
                @Override public void onOversize() { }
                @Override public void onAborted() { }
            };
        }
        HttpPollExchange post = new HttpPollExchange(engine, ch, req, null);
        String contentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        s.runQueued(() -> s.onPostStart(post, contentType, token));
        return new BodySink() {
            @Override public long maxBody() { return max; }

            @Override
            public void onBody(ByteBuf body) {
                List<InPacket> packets = null;
                String error = null;
                try {
                    packets = s.payloadCodec().decode(body, contentType);
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
                    engine.responses().payloadTooLarge(ch, req);
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

    private void checkAllowRequest(ChannelHandlerContext ctx, HttpRequest req, boolean upgrade, Runnable next) {
        AllowRequest ar = core.options().allowRequest();
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
                    engine.refuseNow(ctx.channel(), req, upgrade, EngineError.FORBIDDEN, msg,
                            msg == null ? Map.of() : Map.of("message", msg));
                } else {
                    next.run();
                }
            };
            if (ctx.executor().inEventLoop()) r.run();
            else ctx.executor().execute(r);
        });
    }
}
