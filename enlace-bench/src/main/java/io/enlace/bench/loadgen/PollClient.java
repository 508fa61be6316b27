package io.enlace.bench.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One Engine.IO v4 long-polling-only client (no upgrade), the way a browser does it: one keep-alive connection keeps
 * a GET outstanding, a second one carries POSTs. Every packet ready to go is batched into the next POST
 * ({@code \x1e}-separated); a new POST starts as soon as the previous one is answered. Runs on the load generator's loop.
 */
public final class PollClient {

    /** Scenario callbacks, on the event loop. */
    public interface Listener {
        /** Socket.IO connect acknowledged. */
        default void onReady(PollClient c) {}

        /** A {@code 43<id>[..]} ack arrived. */
        default void onAck(PollClient c, int ackId) {}

        /** The client failed (before or after being ready). */
        default void onFailed(PollClient c, boolean wasReady, String why) {}
    }

    private static final byte SEP = 0x1e;

    private final Loadgen lg;
    private final Listener listener;
    /** Ack slots ready to be sent again (set by the scenario), and their intended send times. */
    public final boolean[] slotReady;
    /** Intended send time per ack slot. */
    public final long[] slotTime;
    private final byte[][] slotPackets;
    private Channel getCh;
    private Channel postCh;
    private String sid;
    private boolean ready;
    private boolean failed;
    private boolean connectPending;
    private boolean pongPending;
    private boolean postInFlight;
    private boolean postChannelUp;
    private boolean getInFlight;
    /** Body of the POST in flight, kept to resend it if the server closes the connection without answering. */
    private byte[] postBody;
    /** How many times a connection of this client was closed by the server after the handshake and opened again. */
    public int reopens;
    /** When false, no more echo packets are sent (GET polling goes on). */
    public boolean sending;
    ScheduledFuture<?> timeout;

    /** A client whose echo packets are {@code slotPackets[id]} (complete Engine.IO packets, e.g. {@code 42<id>[..]}). */
    public PollClient(Loadgen lg, Listener listener, byte[][] slotPackets) {
        this.lg = lg;
        this.listener = listener;
        this.slotPackets = slotPackets;
        this.slotReady = new boolean[slotPackets.length];
        this.slotTime = new long[slotPackets.length];
    }

    /** Starts the handshake; call on the event loop. */
    public void start() {
        lg.open(new Init(true)).addListener(f -> {
            if (!f.isSuccess()) {
                fail("connect failed");
            }
        });
        timeout = lg.loop.schedule(() -> {
            if (!ready) {
                fail("handshake timeout");
            }
        }, 15, TimeUnit.SECONDS);
    }

    /** True once connected to the default namespace. */
    public boolean isReady() {
        return ready && !failed;
    }

    /** Closes both connections. */
    public void close() {
        sending = false;
        failed = true;
        if (getCh != null) {
            getCh.close();
        }
        if (postCh != null) {
            postCh.close();
        }
    }

    private void fail(String why) {
        if (failed) {
            return;
        }
        boolean wasReady = ready;
        close();
        if (timeout != null) {
            timeout.cancel(false);
        }
        listener.onFailed(this, wasReady, why);
    }

    private String uri() {
        return sid == null ? "/socket.io/?EIO=4&transport=polling" : "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    private void sendGet() {
        if (failed) {
            return;
        }
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri());
        req.headers().set(HttpHeaderNames.HOST, lg.hostHeader());
        getInFlight = true;
        getCh.writeAndFlush(req, getCh.voidPromise());
    }

    /** Sends a POST with everything ready, unless one is in flight. Call on the event loop. */
    public void trySend() {
        if (failed || postInFlight || !postChannelUp) {
            return;
        }
        ByteBuf body = postCh.alloc().buffer(256);
        int packets = 0;
        if (connectPending) {
            connectPending = false;
            body.writeByte('4').writeByte('0');
            packets++;
        }
        if (pongPending) {
            pongPending = false;
            if (packets++ > 0) {
                body.writeByte(SEP);
            }
            body.writeByte('3');
        }
        if (sending && ready) {
            for (int i = 0; i < slotReady.length; i++) {
                if (slotReady[i]) {
                    slotReady[i] = false;
                    if (packets++ > 0) {
                        body.writeByte(SEP);
                    }
                    body.writeBytes(slotPackets[i]);
                }
            }
        }
        if (packets == 0) {
            body.release();
            return;
        }
        postBody = ByteBufUtil.getBytes(body);
        post(body);
    }

    private void post(ByteBuf body) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri(), body);
        req.headers().set(HttpHeaderNames.HOST, lg.hostHeader());
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8");
        req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        postInFlight = true;
        postCh.writeAndFlush(req, postCh.voidPromise());
    }

    /**
     * A keep-alive connection closed by the server once the session exists (netty-socketio 2.0.14 closes a pending GET
     * when a POST arrives on another connection): open it again, as a browser would, at most 100 000 times.
     */
    private void reopen(boolean isGet) {
        if (failed || sid == null || ++reopens > 100_000) {
            fail("connection closed");
            return;
        }
        if (isGet) {
            getInFlight = false;
        } else {
            postChannelUp = false;
            if (!postInFlight) {
                postBody = null;
            }
        }
        lg.open(new Init(isGet)).addListener(f -> {
            if (!f.isSuccess()) {
                fail("reconnect failed");
            }
        });
    }

    private void onGetResponse(FullHttpResponse res) {
        getInFlight = false;
        if (res.status().code() != 200) {
            fail("GET status " + res.status().code());
            return;
        }
        ByteBuf b = res.content();
        int from = b.readerIndex();
        int end = b.writerIndex();
        if (sid == null) {
            String open = b.toString(StandardCharsets.UTF_8);
            int i = open.indexOf("\"sid\":\"");
            if (!open.startsWith("0") || i < 0) {
                fail("bad open packet");
                return;
            }
            sid = open.substring(i + 7, open.indexOf('"', i + 7));
            connectPending = true;
            lg.open(new Init(false)).addListener(f -> {
                if (!f.isSuccess()) {
                    fail("connect failed");
                }
            });
            sendGet();
            return;
        }
        int start = from;
        for (int i = from; i <= end; i++) {
            if (i == end || b.getByte(i) == SEP) {
                onPacket(b, start, i);
                start = i + 1;
            }
        }
        if (!failed) {
            sendGet();
            trySend();
        }
    }

    private void onPacket(ByteBuf b, int from, int to) {
        if (to <= from) {
            return;
        }
        byte eio = b.getByte(from);
        if (eio == '2') {
            pongPending = true;
        } else if (eio == '1') {
            fail("closed by server");
        } else if (eio == '4' && to - from >= 2) {
            byte sio = b.getByte(from + 1);
            if (sio == '0' && !ready) {
                ready = true;
                if (timeout != null) {
                    timeout.cancel(false);
                }
                listener.onReady(this);
            } else if (sio == '3') {
                int id = 0;
                byte c;
                for (int p = from + 2; p < to && (c = b.getByte(p)) >= '0' && c <= '9'; p++) {
                    id = id * 10 + (c - '0');
                }
                listener.onAck(this, id);
            } else if (sio == '4' || sio == '1') {
                fail("namespace error: " + ByteBufUtil.hexDump(b, from, Math.min(40, to - from)));
            }
        }
    }

    private void onPostResponse(FullHttpResponse res) {
        postInFlight = false;
        postBody = null;
        if (res.status().code() != 200) {
            fail("POST status " + res.status().code());
            return;
        }
        trySend();
    }

    private final class Init extends ChannelInitializer<Channel> {
        private final boolean isGet;

        Init(boolean isGet) {
            this.isGet = isGet;
        }

        @Override
        protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(4 * 1024 * 1024),
                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            if (isGet) {
                                getCh = ctx.channel();
                                sendGet();
                            } else {
                                postCh = ctx.channel();
                                postChannelUp = true;
                                if (postInFlight && postBody != null) {
                                    post(ctx.alloc().buffer(postBody.length).writeBytes(postBody)); // unanswered: resend
                                } else {
                                    postInFlight = false;
                                    trySend();
                                }
                            }
                        }

                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                            if (isGet) {
                                onGetResponse(res);
                            } else {
                                onPostResponse(res);
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            if (ctx.channel() == (isGet ? getCh : postCh)) {
                                reopen(isGet);
                            }
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            fail(String.valueOf(cause));
                        }
                    });
        }
    }
}
