package io.enlace.internal.netty;

import io.enlace.engine.EngineServer;
import io.enlace.internal.engine.RealEngineServer;
import io.enlace.netty.NettyServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Binds and runs a {@link NettyServer}: epoll when available, NIO otherwise, SO_REUSEADDR. Can be started again after
 * {@link #stop()}.
 */
public final class ServerRuntime {
    private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

    /**
     * The read-buffer sizing of every accepted channel, shared: Netty would give each channel its own allocator
     * object (only settings; the per-channel state lives in its handle). Same settings as Netty's per-channel default
     * for a socket channel: adaptive 64..2048..65536 bytes, at most 16 reads per loop turn.
     */
    static final AdaptiveRecvByteBufAllocator CHILD_RECV_ALLOCATOR = newChildRecvAllocator();

    private static AdaptiveRecvByteBufAllocator newChildRecvAllocator() {
        AdaptiveRecvByteBufAllocator a = new AdaptiveRecvByteBufAllocator();
        a.maxMessagesPerRead(16);
        return a;
    }

    private final NettyServer server;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile Channel serverChannel;

    public ServerRuntime(NettyServer server) {
        this.server = server;
    }

    /** Binds; completes when listening. */
    public synchronized CompletableFuture<Void> start() {
        if (serverChannel != null) return CompletableFuture.failedFuture(new IllegalStateException("already started"));
        final SslContext ssl;
        try {
            ssl = server.certChainPem() == null ? null
                    : SslContextBuilder.forServer(server.certChainPem(), server.privateKeyPem()).build();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("enlace-accept"), factory);
        workers = new MultiThreadIoEventLoopGroup(server.ioThreads(), new DefaultThreadFactory("enlace-io"), factory);
        List<RealEngineServer> engines = new ArrayList<>();
        boolean deflate = false;
        for (EngineServer e : server.engines()) {
            engines.add((RealEngineServer) e);
            deflate |= e.options().perMessageDeflate();
        }
        boolean perMessageDeflate = deflate;
        long idleMs = server.idleTimeout().toMillis();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, CHILD_RECV_ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) p.addLast("enlace-tls", ssl.newHandler(ch.alloc()));
                        p.addLast("enlace-http", new HttpServerCodec());
                        p.addLast("enlace-idle", new IdleStateHandler(idleMs, 0, 0, TimeUnit.MILLISECONDS));
                        if (perMessageDeflate) p.addLast("enlace-ws-deflate", WsDeflate.newHandler());
                        p.addLast("enlace-dispatch", new EngineChannelHandler(engines, server.routes(), server.fallbacks(), false));
                    }
                });
        CompletableFuture<Void> result = new CompletableFuture<>();
        InetSocketAddress addr = new InetSocketAddress(server.host(), server.configuredPort());
        b.bind(addr).addListener(f -> {
            if (f.isSuccess()) {
                serverChannel = ((io.netty.channel.ChannelFuture) f).channel();
                log.info("Enlace listening on {} ({}{})", serverChannel.localAddress(), epoll ? "epoll" : "nio",
                        ssl != null ? ", TLS" : "");
                result.complete(null);
            } else {
                shutdownGroups();
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    public InetSocketAddress localAddress() {
        Channel c = serverChannel;
        return c == null ? null : (InetSocketAddress) c.localAddress();
    }

    /** Closes every engine session, the listening socket, then the event loops. */
    public synchronized CompletableFuture<Void> stop() {
        Channel c = serverChannel;
        if (c == null) return CompletableFuture.completedFuture(null);
        serverChannel = null;
        List<CompletableFuture<Void>> closes = new ArrayList<>();
        for (EngineServer e : server.engines()) closes.add(e.close());
        EventLoopGroup bossGroup = boss;
        EventLoopGroup workerGroup = workers;
        boss = null;
        workers = null;
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.allOf(closes.toArray(new CompletableFuture[0]))
                .orTimeout(5, TimeUnit.SECONDS)
                .whenComplete((v, err) -> c.close().addListener(f -> {
                    var f1 = bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                    var f2 = workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                    f1.addListener(x -> f2.addListener(y -> done.complete(null)));
                }));
        return done;
    }

    private void shutdownGroups() {
        if (boss != null) boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (workers != null) workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss = null;
        workers = null;
    }
}
