package io.enlace.internal.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads an HTTP connection one request at a time, and times each request out. Sits between the socket (or TLS) and
 * the HTTP decoder, which decodes one HTTP object per input ({@link #addTo}); {@link EngineChannelHandler} says
 * when the next object may be read ({@link EngineChannelHandler#canReadNext()}): while a request's head and body
 * come in, and once the response to the previous request has been written to the socket. So a client that pipelines
 * many requests and never reads the responses gets one response at a time, and the bytes it sent meanwhile stay in
 * the kernel (reading stops: {@code autoRead} off); at most one read's worth is held here and in the codec.
 *
 * <p>The request deadline ({@code NettyServer.Builder.requestTimeout}): a request must be received whole (head and
 * body) within that time from its first byte; otherwise the connection gets {@code 408} (when no response is due on
 * it) and is closed. A connection waiting for a response (a long poll) is not concerned.
 *
 * <p>On a WebSocket upgrade the gate is removed from the pipeline (what it held goes on to the WebSocket decoder).
 * All methods run on the channel's event loop.
 */
final class HttpReadGate extends ChannelDuplexHandler {
    private static final Logger log = LoggerFactory.getLogger(HttpReadGate.class);

    /** The pipeline name of the gate. */
    public static final String NAME = PipelineNames.GATE;

    private final long requestTimeoutNanos;
    private ChannelHandlerContext ctx;
    private EngineChannelHandler dispatch;
    /** Bytes that arrived while the next request could not be read yet (at most about one read). */
    private ByteBuf held;
    private boolean feeding;
    private boolean decoded;
    private boolean readsPaused;
    private boolean shut;
    private boolean removed;
    // the request deadline
    private boolean inRequest;
    private long requestStart;
    private ScheduledFuture<?> deadline;

    /** A gate whose requests must arrive whole within {@code requestTimeoutMs}. */
    public HttpReadGate(long requestTimeoutMs) {
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
    }

    /**
     * Adds the gate and the HTTP codec after it: a request decoder that decodes one HTTP object each time it is
     * given input ({@code enlace-http}) and, before it, the response encoder ({@code enlace-http-encoder}). (Netty's
     * {@code HttpServerCodec} cannot be told to decode one object at a time; the WebSocket handshake knows both forms.)
     */
    public static void addTo(ChannelPipeline p, long requestTimeoutMs) {
        p.addLast(NAME, new HttpReadGate(requestTimeoutMs));
        // the encoder first: after a WebSocket handshake the frame encoder takes its place, before the frame
        // decoder, so that what the frame decoder writes itself (close frames) is encoded
        p.addLast(PipelineNames.HTTP_ENCODER, new HttpResponseEncoder());
        HttpRequestDecoder decoder = new HttpRequestDecoder();
        decoder.setSingleDecode(true);
        p.addLast(PipelineNames.HTTP, decoder);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Called by the dispatch handler when it joins the pipeline. */
    void attach(EngineChannelHandler dispatch) {
        this.dispatch = dispatch;
    }

    private boolean open() {
        return !shut && !removed && (dispatch == null || dispatch.canReadNext());
    }

    // ------------------------------------------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (shut) {
            buf.release();
            return;
        }
        if (feeding || !open() || held != null) {
            // the next request must wait for the previous response: keep the bytes, stop reading the socket
            hold(buf);
            pauseReads();
            return;
        }
        if (buf.isReadable()) startRequestClock();
        feed(buf);
    }

    /** Hands {@code buf} to the codec, then lets it decode what it holds, one object at a time, while open. */
    private void feed(ByteBuf buf) {
        feeding = true;
        try {
            decoded = false;
            ctx.fireChannelRead(buf);
            while (decoded && open()) {
                decoded = false;
                ctx.fireChannelRead(Unpooled.EMPTY_BUFFER);
            }
        } finally {
            feeding = false;
        }
    }

    private void hold(ByteBuf buf) {
        if (held == null) {
            held = buf;
            return;
        }
        CompositeByteBuf c;
        if (held instanceof CompositeByteBuf cc) {
            c = cc;
        } else {
            c = ctx.alloc().compositeBuffer(16);
            c.addComponent(true, held);
            held = c;
        }
        c.addComponent(true, buf);
        if (c.numComponents() >= 16) c.consolidate();
    }

    private void pauseReads() {
        if (readsPaused) return;
        readsPaused = true;
        ctx.channel().config().setAutoRead(false);
    }

    /** Called by the dispatch handler for every HTTP object the codec produced. */
    void decoded() {
        decoded = true;
    }

    /**
     * Called by the dispatch handler when the next request may have become readable (a response was written to the
     * socket): decodes what the codec and the gate hold, then reads the socket again.
     */
    void resume() {
        if (feeding || !open() || !ctx.channel().isActive()) return;
        feed(Unpooled.EMPTY_BUFFER);
        while (held != null && open()) {
            ByteBuf h = held;
            held = null;
            if (h.isReadable() && !inRequest) startRequestClock();
            feed(h);
        }
        ctx.fireChannelReadComplete(); // what follows the codec sees the end of this "read"
        if (readsPaused && held == null && open()) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** No more requests are read on this connection (it closes after a response with {@code Connection: close}). */
    void shut() {
        shut = true;
        releaseHeld();
        cancelDeadline();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        // while the next request must wait, or once the connection is closing, nobody (the codec, TLS) makes the
        // socket read more
        if (!readsPaused && !shut) ctx.read();
    }

    // ------------------------------------------------------------------------------------------ request deadline

    private void startRequestClock() {
        if (inRequest) return;
        inRequest = true;
        requestStart = System.nanoTime();
        if (deadline == null) armDeadline(requestTimeoutNanos);
    }

    /** Called by the dispatch handler when a request head was decoded (it may come from bytes held earlier). */
    void requestStarted() {
        startRequestClock();
    }

    /** Called by the dispatch handler when a request is complete (its last content arrived). */
    void requestEnded() {
        inRequest = false;
    }

    private void armDeadline(long delayNanos) {
        deadline = ctx.executor().schedule(this::checkDeadline, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkDeadline() {
        deadline = null;
        if (!inRequest || removed || shut || !ctx.channel().isActive()) return;
        long left = requestStart + requestTimeoutNanos - System.nanoTime();
        if (left > 0) {
            armDeadline(left);
            return;
        }
        log.debug("closing {}: its request took longer than {} ms to arrive", ctx.channel(),
                TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos));
        shut();
        if (dispatch == null || dispatch.mayAnswerTimeout()) {
            byte[] b = "Request Timeout".getBytes(StandardCharsets.US_ASCII);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                    Unpooled.wrappedBuffer(b));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, b.length);
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            CloseAfterWrite.writeAndClose(ctx.channel(), res);
        } else {
            ctx.close();
        }
    }

    /**
     * Stops the request clock for good (the connection moves to another event loop for a WebSocket upgrade, whose
     * request is complete: its timer must not fire on the old loop). Channel's loop.
     */
    void stopClock() {
        inRequest = false;
        cancelDeadline();
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        deadline = null;
        if (d != null) d.cancel(false);
    }

    // --------------------------------------------------------------------------------------------------- life

    private void releaseHeld() {
        ByteBuf h = held;
        held = null;
        if (h != null) h.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        shut = true;
        cancelDeadline();
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        removed = true;
        cancelDeadline();
        ByteBuf h = held;
        held = null;
        if (h != null) {
            // removed for a WebSocket upgrade: these bytes are the client's first frames
            if (ctx.channel().isActive()) ctx.fireChannelRead(h);
            else h.release();
        }
        if (readsPaused) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }
}
