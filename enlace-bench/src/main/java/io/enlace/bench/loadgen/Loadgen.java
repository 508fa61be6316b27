package io.enlace.bench.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator: one Netty event loop (epoll when available) driving every client connection, spreading the
 * connections over the source addresses 127.0.0.2 … 127.0.0.(1+sources) so that no source address runs out of ports.
 */
public final class Loadgen implements AutoCloseable {

    private final EventLoopGroup group;
    /** The single event loop every client lives on. */
    public final EventLoop loop;
    private final boolean epoll;
    private final InetSocketAddress remote;
    private final InetSocketAddress[] sources;
    private final String hostHeader;
    private int nextSource;
    private WsClient.Shared shared;

    /** A load generator against {@code host:port}. */
    public Loadgen(String host, int port, int sourceAddresses) {
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.remote = new InetSocketAddress(host, port);
        this.hostHeader = host + ":" + port;
        int n = Math.max(1, Math.min(200, sourceAddresses));
        this.sources = new InetSocketAddress[n];
        for (int i = 0; i < n; i++) {
            sources[i] = new InetSocketAddress("127.0.0." + (2 + i), 0);
        }
    }

    /** Another load generator (its own event loop) against the same target, with the same source addresses. */
    public Loadgen sibling() {
        return new Loadgen(remote.getHostString(), remote.getPort(), sources.length);
    }

    /**
     * Opens an Engine.IO session on long-polling (the handshake GET, on a connection of its own, closed after) and
     * returns its sid. Blocking; call it off the event loop.
     */
    public String pollingHandshake() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(remote, 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: " + hostHeader
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int i = answer.indexOf("\"sid\":\"");
            if (!answer.startsWith("HTTP/1.1 200") || i < 0) {
                throw new IOException("polling handshake refused: " + answer.lines().findFirst().orElse(""));
            }
            return answer.substring(i + 7, answer.indexOf('"', i + 7));
        }
    }

    /** Opens a TCP connection to the target and closes it: one accepted connection, nothing else. Blocking. */
    public void touch() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(remote, 10_000);
        }
    }

    /** Host:port of the target, for Host headers. */
    public String hostHeader() {
        return hostHeader;
    }

    /** Opens a TCP connection from the next source address with the given handler. */
    public ChannelFuture open(ChannelHandler handler) {
        InetSocketAddress local = sources[nextSource++ % sources.length];
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(handler);
        return b.connect(remote, local);
    }

    /** Runs {@code task} on the event loop and waits for its result. */
    public <T> T call(Callable<T> task) {
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Outcome of a connect ramp. */
    public record Ramp(int ready, int failed, long nanos) {
        /** Connections made ready per second during the ramp. */
        public double perSecond() {
            return nanos <= 0 ? 0 : ready * 1e9 / nanos;
        }
    }

    /**
     * Connects {@code n} WebSocket Socket.IO clients (at most {@code maxInFlight} handshakes at a time), appending
     * those that became ready to {@code into}. Blocks until all are ready or failed, or {@code timeoutMs} elapsed.
     */
    public Ramp connectWs(List<WsClient> into, int n, int maxInFlight, WsClient.Listener listener, long timeoutMs,
                          Progress progress) {
        return connectWs(into, n, maxInFlight, listener, timeoutMs, progress, null);
    }

    /**
     * As {@link #connectWs(List, int, int, WsClient.Listener, long, Progress)}; with {@code sids} (one per client),
     * each client upgrades the polling session of its sid instead of opening a WebSocket-only session.
     */
    public Ramp connectWs(List<WsClient> into, int n, int maxInFlight, WsClient.Listener listener, long timeoutMs,
                          Progress progress, List<String> sids) {
        if (shared == null) {
            String req = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: ZW5sYWNlLWJlbmNoLWtleQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            ByteBuf up = Unpooled.directBuffer().writeBytes(req.getBytes(StandardCharsets.US_ASCII));
            shared = new WsClient.Shared(up);
        }
        Connector c = new Connector(into, n, maxInFlight, listener, sids);
        long start = System.nanoTime();
        loop.execute(c::pump);
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long nextPrint = start + TimeUnit.SECONDS.toNanos(1);
        while (!c.done.isDone() && System.nanoTime() < deadline) {
            try {
                c.done.get(100, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // poll again
            }
            if (progress != null && System.nanoTime() >= nextPrint) {
                nextPrint += TimeUnit.SECONDS.toNanos(1);
                progress.print(String.format("connecting: %d ready, %d failed of %d", c.ready, c.failed, n));
            }
        }
        long nanos = System.nanoTime() - start;
        return call(() -> {
            c.stopped = true;
            return new Ramp(c.ready, c.failed, c.finishedAt > 0 ? c.finishedAt - start : nanos);
        });
    }

    /** Closes the given clients and waits (bounded) for their channels to close. */
    public void closeAll(List<WsClient> clients) {
        List<ChannelFuture> futures = call(() -> {
            List<ChannelFuture> fs = new ArrayList<>(clients.size());
            for (WsClient c : clients) {
                Channel ch = c.channel();
                if (ch != null) {
                    fs.add(ch.close());
                }
            }
            return fs;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ChannelFuture f : futures) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !f.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left))) {
                break;
            }
        }
        clients.clear();
    }

    /** CPU time of this whole process (load generator + harness), in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (shared != null) {
            shared.release();
        }
    }

    /** Progress printer. */
    public interface Progress {
        /** Prints one progress line. */
        void print(String line);
    }

    private final class Connector implements WsClient.Listener {
        final List<WsClient> into;
        final int n;
        final int maxInFlight;
        final WsClient.Listener delegate;
        final List<String> sids;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int started;
        int inFlight;
        int ready;
        int failed;
        long finishedAt;
        boolean stopped;

        Connector(List<WsClient> into, int n, int maxInFlight, WsClient.Listener delegate, List<String> sids) {
            this.into = into;
            this.n = n;
            this.maxInFlight = maxInFlight;
            this.delegate = delegate;
            this.sids = sids;
        }

        void pump() {
            while (!stopped && inFlight < maxInFlight && started < n) {
                WsClient c = new WsClient(into.size() + started, shared, this, sids == null ? null : sids.get(started));
                started++;
                inFlight++;
                ChannelFuture f = open(c);
                f.addListener(x -> {
                    if (!x.isSuccess()) {
                        finishOne(false);
                    } else {
                        c.timeout = loop.schedule(() -> {
                            if (!c.isReady()) {
                                c.close();
                            }
                        }, 15, TimeUnit.SECONDS);
                    }
                });
            }
            checkDone();
        }

        void finishOne(boolean ok) {
            inFlight--;
            if (ok) {
                ready++;
            } else {
                failed++;
            }
            pump();
        }

        void checkDone() {
            if (ready + failed >= n && !done.isDone()) {
                finishedAt = System.nanoTime();
                done.complete(null);
            }
        }

        @Override
        public void onReady(WsClient c) {
            if (c.timeout != null) {
                c.timeout.cancel(false);
                c.timeout = null;
            }
            into.add(c);
            finishOne(true);
            delegate.onReady(c);
        }

        @Override
        public void onEvent(WsClient c, ByteBuf buf, int from, int to) {
            delegate.onEvent(c, buf, from, to);
        }

        @Override
        public void onAck(WsClient c, int ackId, ByteBuf buf, int from, int to) {
            delegate.onAck(c, ackId, buf, from, to);
        }

        @Override
        public void onClosed(WsClient c, boolean wasReady, String why) {
            if (c.timeout != null) {
                c.timeout.cancel(false);
                c.timeout = null;
            }
            if (!wasReady) {
                finishOne(false);
            } else {
                delegate.onClosed(c, true, why);
            }
        }
    }
}
