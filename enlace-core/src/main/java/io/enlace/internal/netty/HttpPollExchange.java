package io.enlace.internal.netty;

import io.enlace.engine.EngineError;
import io.enlace.internal.engine.PollExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import java.util.Map;

/**
 * One HTTP request of a session (a long-poll GET, or a POST used as an {@code HttpReply}) over its Netty channel:
 * answers go through the engine's {@link HttpResponses}; refusals through the engine, which tells its
 * connection-error listeners first. Called on the session's loop; the channel writes hop.
 */
final class HttpPollExchange implements PollExchange {
    private final RealEngineServer engine;
    private final Channel ch;
    private final HttpRequest req;
    private final String initialSid;
    /** The connection-lost task registered on the channel's close future; the session's loop only. */
    private GenericFutureListener<Future<? super Void>> closeListener;

    public HttpPollExchange(RealEngineServer engine, Channel ch, HttpRequest req, String initialSid) {
        this.engine = engine;
        this.ch = ch;
        this.req = req;
        this.initialSid = initialSid;
    }

    @Override public ByteBufAllocator alloc() { return ch.alloc(); }
    @Override public String initialSid() { return initialSid; }

    @Override
    public Future<Void> respond(ByteBuf payload, String contentType, boolean compress) {
        dropCloseListener();
        return engine.responses().poll(ch, req, payload, contentType, compress, initialSid);
    }

    @Override
    public void ok() {
        engine.responses().postOk(ch, req);
    }

    @Override
    public void refuse(EngineError error, String contextName) {
        dropCloseListener();
        engine.refuseNow(ch, req, false, error, null, contextName == null ? Map.of() : Map.of("name", contextName));
    }

    @Override
    public void onConnectionLost(Runnable task) {
        dropCloseListener();
        closeListener = f -> task.run();
        ch.closeFuture().addListener(closeListener);
    }

    /** Removed once answered: keep-alive connections must not collect listeners. */
    private void dropCloseListener() {
        if (closeListener != null) {
            ch.closeFuture().removeListener(closeListener);
            closeListener = null;
        }
    }
}
