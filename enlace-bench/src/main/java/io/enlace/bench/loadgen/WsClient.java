package io.enlace.bench.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;

/**
 * One Engine.IO v4 / Socket.IO v5 client over WebSocket, hand-rolled for low per-message cost: the HTTP upgrade is
 * a pre-encoded request, server frames are parsed in place from one cumulation buffer, and what the client sends is
 * mostly pre-encoded masked frames written as duplicates. Every callback runs on the client's event loop.
 *
 * <p>Life cycle: TCP connect → upgrade ({@code 101}) → Engine.IO open {@code 0{..}} → sends {@code 40} → Socket.IO
 * connect {@code 40{..}} → ready. Pings {@code 2} are answered with {@code 3}; WebSocket pings with pongs.
 *
 * <p>Upgrading client ({@link #sid} set: a session opened on long-polling beforehand, as a browser does): the
 * WebSocket request carries the sid; after the {@code 101} it sends {@code 2probe}, and on {@code 3probe} sends
 * {@code 5} (the upgrade) then {@code 40}.
 */
public final class WsClient extends ChannelInboundHandlerAdapter {

    /** Scenario callbacks, all on the event loop. Byte ranges are valid only during the call. */
    public interface Listener {
        /** Socket.IO connect acknowledged. */
        default void onReady(WsClient c) {}

        /** A {@code 42...} event; {@code from} points just after {@code 42}. */
        default void onEvent(WsClient c, ByteBuf buf, int from, int to) {}

        /** A {@code 43<id>...} ack; {@code from} points just after the id. */
        default void onAck(WsClient c, int ackId, ByteBuf buf, int from, int to) {}

        /** The connection failed before being ready, or closed. */
        default void onClosed(WsClient c, boolean wasReady, String why) {}
    }

    private static final int UPGRADE = 0, OPEN = 1, CONNECT = 2, READY = 3, CLOSED = 4, PROBE = 5;

    /** Index given by the pool. */
    public final int index;
    /** Per-client scenario state (e.g. send times per ack slot). */
    public long[] slots;
    /** Free-form per-client counter for scenarios. */
    public int counter;

    private final Shared shared;
    private final Listener listener;
    /** The polling session this client upgrades, or null for a WebSocket-only client. */
    final String sid;
    private Channel ch;
    private int state = UPGRADE;
    private ByteBuf cum;
    private boolean dirty;
    ScheduledFuture<?> timeout;

    WsClient(int index, Shared shared, Listener listener, String sid) {
        this.index = index;
        this.shared = shared;
        this.listener = listener;
        this.sid = sid;
    }

    /** Pre-encoded buffers shared by all clients of a pool. */
    static final class Shared {
        final ByteBuf upgradeRequest;
        final ByteBuf connectFrame = Frames.text("40");
        final ByteBuf pongFrame = Frames.text("3");
        final ByteBuf probeFrame = Frames.text("2probe");
        final ByteBuf upgradeFrame = Frames.text("5");

        Shared(ByteBuf upgradeRequest) {
            this.upgradeRequest = upgradeRequest;
        }

        void release() {
            upgradeRequest.release();
            connectFrame.release();
            pongFrame.release();
            probeFrame.release();
            upgradeFrame.release();
        }
    }

    /** True once the Socket.IO connect was acknowledged and until closed. */
    public boolean isReady() {
        return state == READY;
    }

    /** The channel. */
    public Channel channel() {
        return ch;
    }

    /** Writes a duplicate of a pre-encoded frame; flushed at the end of the current read, or by {@link #flush()}. */
    public void write(ByteBuf preEncoded) {
        if (state == CLOSED) {
            return;
        }
        ch.write(preEncoded.retainedDuplicate(), ch.voidPromise());
        dirty = true;
    }

    /** Writes a buffer the client now owns. */
    public void writeOwned(ByteBuf frame) {
        if (state == CLOSED) {
            frame.release();
            return;
        }
        ch.write(frame, ch.voidPromise());
        dirty = true;
    }

    /** Flushes pending writes now. */
    public void flush() {
        if (dirty) {
            dirty = false;
            ch.flush();
        }
    }

    /** Closes the connection (the client closes first, so TIME_WAIT stays on the load generator side). */
    public void close() {
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        if (sid == null) {
            ctx.writeAndFlush(shared.upgradeRequest.retainedDuplicate(), ctx.voidPromise());
        } else {
            // the shared request with "&sid=<sid>" after the query's first parameter
            String req = shared.upgradeRequest.toString(StandardCharsets.US_ASCII)
                    .replaceFirst("EIO=4&", "EIO=4&sid=" + sid + "&");
            ctx.writeAndFlush(Unpooled.copiedBuffer(req, StandardCharsets.US_ASCII), ctx.voidPromise());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        boolean wasReady = state == READY;
        if (state != CLOSED) {
            state = CLOSED;
            listener.onClosed(this, wasReady, wasReady ? "closed" : "closed during handshake");
        }
        if (cum != null) {
            cum.release();
            cum = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (state == CLOSED) {
            in.release();
            return;
        }
        cum = cum == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cum, in);
        try {
            if (state == UPGRADE && !readUpgrade()) {
                return;
            }
            readFrames();
        } finally {
            if (cum != null) {
                if (!cum.isReadable()) {
                    cum.release();
                    cum = null;
                } else {
                    cum.discardSomeReadBytes();
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flush();
    }

    private boolean readUpgrade() {
        int r = cum.readerIndex();
        int end = cum.writerIndex();
        for (int i = r; i + 3 < end; i++) {
            if (cum.getByte(i) == '\r' && cum.getByte(i + 1) == '\n' && cum.getByte(i + 2) == '\r' && cum.getByte(i + 3) == '\n') {
                // "HTTP/1.1 101"
                boolean ok = end - r >= 12 && cum.getByte(r + 9) == '1' && cum.getByte(r + 10) == '0' && cum.getByte(r + 11) == '1';
                cum.readerIndex(i + 4);
                if (!ok) {
                    ch.close();
                    return false;
                }
                if (sid == null) {
                    state = OPEN;
                } else {
                    state = PROBE;
                    write(shared.probeFrame);
                }
                return true;
            }
        }
        if (end - r > 8192) {
            ch.close();
        }
        return false;
    }

    private void readFrames() {
        ByteBuf b = cum;
        while (state != CLOSED) {
            int r = b.readerIndex();
            int avail = b.writerIndex() - r;
            if (avail < 2) {
                return;
            }
            int b0 = b.getUnsignedByte(r);
            int b1 = b.getUnsignedByte(r + 1);
            boolean masked = (b1 & 0x80) != 0;
            long len = b1 & 0x7F;
            int hdr = 2;
            if (len == 126) {
                if (avail < 4) {
                    return;
                }
                len = b.getUnsignedShort(r + 2);
                hdr = 4;
            } else if (len == 127) {
                if (avail < 10) {
                    return;
                }
                len = b.getLong(r + 2);
                hdr = 10;
            }
            if (masked) {
                hdr += 4; // servers must not mask; tolerated but not unmasked (never seen)
            }
            if (len > 16 * 1024 * 1024) {
                ch.close();
                return;
            }
            if (avail < hdr + len) {
                return;
            }
            int from = r + hdr;
            int to = (int) (from + len);
            b.readerIndex(to);
            int opcode = b0 & 0x0F;
            switch (opcode) {
                case 0, 1 -> onText(b, from, to);
                case 8 -> ch.close();
                case 9 -> {
                    ByteBuf pong = ch.alloc().buffer((int) len + 6);
                    Frames.writeMasked(pong, 0x8A, b, from, (int) len);
                    writeOwned(pong);
                }
                default -> { }
            }
        }
    }

    private void onText(ByteBuf b, int from, int to) {
        if (to <= from) {
            return;
        }
        byte eio = b.getByte(from);
        if (state == PROBE) {
            if (eio == '3') { // 3probe: complete the upgrade, then connect to "/" over the WebSocket
                state = CONNECT;
                write(shared.upgradeFrame);
                write(shared.connectFrame);
            }
            return;
        }
        switch (eio) {
            case '0' -> {
                if (state == OPEN) {
                    state = CONNECT;
                    write(shared.connectFrame);
                }
            }
            case '2' -> write(shared.pongFrame);
            case '4' -> {
                if (to - from < 2) {
                    return;
                }
                byte sio = b.getByte(from + 1);
                if (sio == '2') {
                    listener.onEvent(this, b, from + 2, to);
                } else if (sio == '3') {
                    int p = from + 2;
                    int id = 0;
                    byte c;
                    while (p < to && (c = b.getByte(p)) >= '0' && c <= '9') {
                        id = id * 10 + (c - '0');
                        p++;
                    }
                    listener.onAck(this, id, b, p, to);
                } else if (sio == '0') {
                    if (state == CONNECT) {
                        state = READY;
                        listener.onReady(this);
                    }
                } else if (sio == '4' || sio == '1') {
                    ch.close();
                }
            }
            case '1' -> ch.close();
            default -> { }
        }
    }
}
