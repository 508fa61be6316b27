package io.enlace.internal.netty;

import io.enlace.engine.EngineServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binds and runs a {@code NettyServer}: epoll when available, NIO otherwise, SO_REUSEADDR. Can be started again after
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

    private final ServerConfig server;
    private final Connections connections = new Connections();
    private final AcceptErrors acceptErrors = new AcceptErrors();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private volatile Channel serverChannel;

    public ServerRuntime(ServerConfig server) {
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
        List<RealEngineServer> engines = new ArrayList<>();
        boolean deflate = false;
        try {
            for (EngineServer e : server.engines()) {
                engines.add(RealEngineServer.of(e));
                deflate |= e.options().perMessageDeflate();
            }
        } catch (IllegalArgumentException foreign) {
            return CompletableFuture.failedFuture(foreign);
        }
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("enlace-accept"), factory);
        workers = new MultiThreadIoEventLoopGroup(server.ioThreads(), new DefaultThreadFactory("enlace-io"), factory);
        boolean perMessageDeflate = deflate;
        long idleMs = server.idleTimeout().toMillis();
        long requestMs = server.requestTimeout().toMillis();
        int maxConnections = server.maxConnections();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .handler(acceptErrors)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, CHILD_RECV_ALLOCATOR)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!connections.admit(ch, maxConnections)) return;
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) p.addLast(PipelineNames.TLS, ssl.newHandler(ch.alloc()));
                        HttpReadGate.addTo(p, requestMs);
                        p.addLast(PipelineNames.IDLE, new IdleStateHandler(idleMs, 0, 0, TimeUnit.MILLISECONDS));
                        if (perMessageDeflate) p.addLast(PipelineNames.WS_DEFLATE, WsDeflate.newHandler());
                        p.addLast(PipelineNames.DISPATCH, new EngineChannelHandler(engines, server.routes(), server.fallbacks(), false));
                    }
                });
        CompletableFuture<Void> result = new CompletableFuture<>();
        InetSocketAddress addr = new InetSocketAddress(server.host(), server.port());
        b.bind(addr).addListener(f -> {
            if (f.isSuccess()) {
                serverChannel = ((ChannelFuture) f).channel();
                log.info("Enlace listening on {} ({}{}, at most {} connections)", serverChannel.localAddress(),
                        epoll ? "epoll" : "nio", ssl != null ? ", TLS" : "", maxConnections);
                result.complete(null);
            } else {
                shutdownGroups();
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** The connections open now (HTTP and WebSocket). */
    public int connections() { return connections.open.get(); }

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
                .whenComplete((v, err) -> c.close().addListener(f -> closeConnections(workerGroup).whenComplete((x, e) -> {
                    var f1 = bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                    var f2 = workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                    f1.addListener(y -> f2.addListener(z -> done.complete(null)));
                })));
        return done;
    }

    /**
     * Closes every open connection while the event loops still run, then lets each loop run once more: the handlers
     * of a closed channel are told (inactive, removed) by tasks that a loop shutting down would drop, and the
     * buffers they hold (a request body half received...) would leak.
     */
    private CompletableFuture<Void> closeConnections(EventLoopGroup loops) {
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Channel ch : connections.channels) {
            CompletableFuture<Void> cf = new CompletableFuture<>();
            ch.close().addListener(x -> cf.complete(null));
            closed.add(cf);
        }
        return CompletableFuture.allOf(closed.toArray(new CompletableFuture[0])).thenCompose(v -> {
            List<CompletableFuture<Void>> turns = new ArrayList<>();
            for (EventExecutor loop : loops) {
                CompletableFuture<Void> turn = new CompletableFuture<>();
                try {
                    loop.execute(() -> turn.complete(null));
                } catch (RejectedExecutionException gone) {
                    turn.complete(null);
                }
                turns.add(turn);
            }
            return CompletableFuture.allOf(turns.toArray(new CompletableFuture[0]));
        }).orTimeout(2, TimeUnit.SECONDS);
    }

    /**
     * Counts the open connections and refuses those over {@code maxConnections}: such a connection is closed as soon
     * as it is accepted (the client sees the connection end at once instead of waiting in the accept queue), with
     * one WARN when the limit is reached and one INFO when connections are accepted again.
     */
    private final class Connections implements ChannelFutureListener {
        final AtomicInteger open = new AtomicInteger();
        /** The open connections, closed by {@link #stop()} before the event loops go. */
        final Set<Channel> channels = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean full = new AtomicBoolean();
        private final AtomicLong refused = new AtomicLong();

        boolean admit(Channel ch, int max) {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                refused.incrementAndGet();
                if (full.compareAndSet(false, true)) {
                    log.warn("maxConnections ({}) reached: new connections are closed as soon as accepted until some "
                            + "of the open ones close", max);
                }
                ch.close();
                return false;
            }
            channels.add(ch);
            ch.closeFuture().addListener(this);
            return true;
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            channels.remove(f.channel());
            int now = open.decrementAndGet();
            if (full.get() && now < server.maxConnections() && full.compareAndSet(true, false)) {
                log.info("connections accepted again ({} open, {} refused while at maxConnections)", now,
                        refused.getAndSet(0));
            }
            acceptErrors.connectionClosed();
        }
    }

    /**
     * Accept failures on the listening channel. When the process runs out of file descriptors ({@code EMFILE}),
     * accepting pauses (Netty would retry once a second and log each failure) and resumes as soon as one of our
     * connections closes, or after 100 ms; one WARN per episode says so.
     */
    @ChannelHandler.Sharable
    private final class AcceptErrors extends ChannelInboundHandlerAdapter {
        private volatile Channel paused;
        private final AtomicLong failures = new AtomicLong();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                ctx.fireExceptionCaught(cause);
                return;
            }
            Channel ch = ctx.channel();
            if (failures.getAndIncrement() == 0) {
                log.warn("accepting connections failed ({}); {} connections open; accepting pauses until one closes "
                        + "(raise the file descriptor limit, ulimit -n, or lower maxConnections)", cause.getMessage(),
                        connections.open.get());
            }
            if (ch.config().isAutoRead()) {
                ch.config().setAutoRead(false);
                paused = ch;
                ch.eventLoop().schedule(() -> resume(ch), 100, TimeUnit.MILLISECONDS);
            }
        }

        void connectionClosed() {
            Channel ch = paused;
            if (ch != null) ch.eventLoop().execute(() -> resume(ch));
        }

        private void resume(Channel ch) {
            if (paused != ch) return;
            paused = null;
            if (ch.isOpen()) ch.config().setAutoRead(true);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long n = failures.getAndSet(0);
            if (n > 0) log.info("accepting connections again after {} failed accepts", n);
            ctx.fireChannelRead(msg);
        }
    }

    private void shutdownGroups() {
        if (boss != null) boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (workers != null) workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss = null;
        workers = null;
    }
}
