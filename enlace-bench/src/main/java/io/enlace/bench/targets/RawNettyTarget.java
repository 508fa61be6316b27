package io.enlace.bench.targets;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling target: a raw Netty 4.2 WebSocket server that speaks just enough hard-coded Engine.IO v4 / Socket.IO v5
 * framing for the benchmark contract (docs/benchmarks.md) over WebSocket only (no polling, no ping timeout
 * bookkeeping, no JSON parsing: it slices the argument bytes).
 *
 * <ul>
 *   <li>handshake: sends {@code 0{"sid":..,"upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}},
 *   answers {@code 40} with {@code 40{"sid":..}}; pings every 25 s from one timer over all channels</li>
 *   <li>{@code 42<id>["echo",X]} → {@code 43<id>[X]}</li>
 *   <li>{@code 42<id>["join",..]} → joins room {@code r}, acks {@code ["ok"]} when an id is present</li>
 *   <li>{@code 42["fanout",X]} → frames {@code 42["msg",X]} once and writes a duplicate to every channel of room
 *   {@code r}, then flushes each</li>
 * </ul>
 * Usage: {@code RawNettyTarget PORT [HOST]}; control on stdin as described in {@link TargetControl}.
 */
public final class RawNettyTarget {

    private static final byte[] ECHO = "[\"echo\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOIN = "[\"join\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FANOUT = "[\"fanout\",".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MSG_PREFIX = "42[\"msg\",".getBytes(StandardCharsets.US_ASCII);

    private final ChannelGroup all = new DefaultChannelGroup("all", ImmediateEventExecutor.INSTANCE);
    private final ChannelGroup room = new DefaultChannelGroup("r", ImmediateEventExecutor.INSTANCE);

    private RawNettyTarget() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        new RawNettyTarget().run(host, port);
    }

    private void run(String host, int port) throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        int ioThreads = Integer.getInteger("enlace.bench.ioThreads", 1); // --whole-box: one per CPU
        EventLoopGroup worker = new MultiThreadIoEventLoopGroup(ioThreads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/socket.io/")
                .checkStartsWith(true)
                .maxFramePayloadLength(1_000_000)
                .handshakeTimeoutMillis(10_000)
                .build();
        SioHandler sio = new SioHandler();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, worker)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler(wsConfig), sio);
                    }
                });
        Channel server = b.bind(host, port).sync().channel();
        worker.next().scheduleAtFixedRate(this::pingAll, 25, 25, TimeUnit.SECONDS);
        TargetControl.ready(port);
        TargetControl.serveStdin(() -> {
            server.close().syncUninterruptibly();
            worker.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        });
    }

    private void pingAll() {
        for (Channel ch : all) {
            ch.writeAndFlush(new TextWebSocketFrame("2"), ch.voidPromise());
        }
    }

    private static String sid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toString(r.nextLong() & Long.MAX_VALUE, 36) + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
    }

    private static boolean startsWith(ByteBuf buf, int at, byte[] prefix) {
        if (buf.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes a complete unmasked text frame header for a payload of {@code len} bytes. */
    private static void writeFrameHeader(ByteBuf out, int len) {
        out.writeByte(0x81);
        if (len < 126) {
            out.writeByte(len);
        } else if (len < 65536) {
            out.writeByte(126);
            out.writeShort(len);
        } else {
            out.writeByte(127);
            out.writeLong(len);
        }
    }

    @ChannelHandler.Sharable
    private final class SioHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                all.add(ctx.channel());
                ctx.writeAndFlush(new TextWebSocketFrame("0{\"sid\":\"" + sid()
                        + "\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"));
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            ByteBuf in = frame.content();
            int r = in.readerIndex();
            int end = in.writerIndex();
            if (end - r < 1) {
                return;
            }
            byte eio = in.getByte(r);
            if (eio == '3') {
                return; // pong
            }
            if (eio != '4' || end - r < 2) {
                return;
            }
            byte sio = in.getByte(r + 1);
            if (sio == '0') {
                ctx.writeAndFlush(new TextWebSocketFrame("40{\"sid\":\"" + sid() + "\"}"));
                return;
            }
            if (sio != '2') {
                return;
            }
            int p = r + 2;
            int idStart = p;
            while (p < end && in.getByte(p) >= '0' && in.getByte(p) <= '9') {
                p++;
            }
            int idEnd = p;
            if (startsWith(in, p, ECHO)) {
                int argStart = p + ECHO.length;
                int argEnd = end - 1; // before the closing ']'
                if (idEnd == idStart || argEnd < argStart) {
                    return;
                }
                int len = 2 + (idEnd - idStart) + 1 + (argEnd - argStart) + 1;
                ByteBuf out = ctx.alloc().buffer(len);
                out.writeByte('4').writeByte('3');
                out.writeBytes(in, idStart, idEnd - idStart);
                out.writeByte('[');
                out.writeBytes(in, argStart, argEnd - argStart);
                out.writeByte(']');
                ctx.writeAndFlush(new TextWebSocketFrame(out), ctx.voidPromise());
            } else if (startsWith(in, p, JOIN)) {
                room.add(ctx.channel());
                if (idEnd > idStart) {
                    ByteBuf out = ctx.alloc().buffer(8 + idEnd - idStart);
                    out.writeByte('4').writeByte('3');
                    out.writeBytes(in, idStart, idEnd - idStart);
                    out.writeBytes("[\"ok\"]".getBytes(StandardCharsets.US_ASCII));
                    ctx.writeAndFlush(new TextWebSocketFrame(out), ctx.voidPromise());
                }
            } else if (startsWith(in, p, FANOUT)) {
                int argStart = p + FANOUT.length;
                int argEnd = end - 1;
                if (argEnd < argStart) {
                    return;
                }
                int payloadLen = MSG_PREFIX.length + (argEnd - argStart) + 1;
                ByteBuf framed = ctx.alloc().directBuffer(payloadLen + 10);
                writeFrameHeader(framed, payloadLen);
                framed.writeBytes(MSG_PREFIX);
                framed.writeBytes(in, argStart, argEnd - argStart);
                framed.writeByte(']');
                try {
                    for (Channel ch : room) {
                        ch.write(framed.retainedDuplicate(), ch.voidPromise());
                    }
                    for (Channel ch : room) {
                        ch.flush();
                    }
                } finally {
                    framed.release();
                }
                if (idEnd > idStart) {
                    ByteBuf out = ctx.alloc().buffer(8 + idEnd - idStart);
                    out.writeByte('4').writeByte('3');
                    out.writeBytes(in, idStart, idEnd - idStart);
                    out.writeBytes("[\"ok\"]".getBytes(StandardCharsets.US_ASCII));
                    ctx.writeAndFlush(new TextWebSocketFrame(out), ctx.voidPromise());
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

}
