package io.enlace.netty;

import com.sun.management.UnixOperatingSystemMXBean;
import io.enlace.engine.EngineServer;
import io.enlace.internal.Seam;
import io.netty.channel.ChannelHandler;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP(S) server that hosts one or more {@link EngineServer}s and plain {@link HttpHandler} routes on one port.
 * Uses the epoll transport when available, NIO otherwise. Can be started, stopped and started again.
 *
 * <p>Routing order for each request: the first route whose prefix matches the path (in registration order; a route
 * whose prefix lies under an engine's path gets that engine's CORS headers) takes the request, and when its handler
 * returns null the fallback handlers are tried, then 404; with no matching route, the engines (by path prefix), then
 * the fallback handlers, then 404. Give routes narrow prefixes that never cover an engine's own requests.
 */
public final class NettyServer {

    private final Seam.Runtime runtime;

    private NettyServer(Builder b) {
        this.runtime = Seam.newRuntime(b.host, b.port, b.engines, b.routes, b.fallbacks, b.certChainPem,
                b.privateKeyPem, b.ioThreads, b.idleTimeout, b.requestTimeout, b.maxConnections);
    }

    public static Builder builder() { return new Builder(); }

    /**
     * A handler serving {@code engine} in a pipeline of your own, right after your {@code HttpServerCodec}: it takes
     * the engine's requests (by its {@code path}) and passes every other message on. The engine must come from
     * {@link EngineServer#create} ({@code IllegalArgumentException} otherwise). Each call makes a new handler (one per
     * channel).
     */
    public static ChannelHandler channelHandler(EngineServer engine) {
        return Seam.channelHandler(Objects.requireNonNull(engine, "engine"));
    }

    /** Binds and starts; completes when listening. */
    public CompletableFuture<NettyServer> start() { return runtime.start().thenApply(v -> this); }

    /** The bound address (useful with port 0); null when not started. */
    public InetSocketAddress localAddress() { return runtime.localAddress(); }

    /** The bound port, or -1 when not started. */
    public int port() {
        InetSocketAddress a = localAddress();
        return a == null ? -1 : a.getPort();
    }

    /** Closes the engines' sessions, then the listening socket and the event loops. */
    public CompletableFuture<Void> stop() { return runtime.stop(); }

    /** The connections open now, HTTP and WebSocket (Node's {@code server.getConnections()}). */
    public int connections() { return runtime.connections(); }

    /** The default of {@link Builder#maxConnections}: see there. */
    static int defaultMaxConnections() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof UnixOperatingSystemMXBean unix) {
                long fds = unix.getMaxFileDescriptorCount();
                if (fds > 0) return (int) Math.max(1, Math.min(Integer.MAX_VALUE, fds - Math.max(128, fds / 50)));
            }
        } catch (LinkageError | RuntimeException noManagementModule) {
            // not known here: unlimited
        }
        return Integer.MAX_VALUE;
    }

    /** Builder. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 3000;
        private final List<EngineServer> engines = new ArrayList<>();
        private final List<Map.Entry<String, HttpHandler>> routes = new ArrayList<>();
        private final List<HttpHandler> fallbacks = new ArrayList<>();
        private File certChainPem;
        private File privateKeyPem;
        private int ioThreads;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxConnections = defaultMaxConnections();

        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        /** 0 picks a free port. */
        public Builder port(int port) { this.port = port; return this; }
        /**
         * Mounts an engine at its {@code path}. Only engines made by {@link EngineServer#create} can be mounted (an
         * {@code IllegalArgumentException} says so at once for any other); put the handler of your own implementation
         * in your own pipeline.
         */
        public Builder engine(EngineServer engine) {
            Seam.requireMountable(Objects.requireNonNull(engine));
            this.engines.add(engine);
            return this;
        }
        /** Serves requests whose path starts with {@code pathPrefix}, before the engines. */
        public Builder route(String pathPrefix, HttpHandler handler) { this.routes.add(Map.entry(pathPrefix, handler)); return this; }
        /** Tried for requests no engine and no route took. */
        public Builder fallback(HttpHandler handler) { this.fallbacks.add(Objects.requireNonNull(handler)); return this; }
        /** Serves HTTPS/WSS with this PEM certificate chain and PEM private key (PKCS#8). */
        public Builder tls(File certChainPem, File privateKeyPem) { this.certChainPem = certChainPem; this.privateKeyPem = privateKeyPem; return this; }
        /** Event loop threads; 0 means Netty's default (2 x cores). */
        public Builder ioThreads(int n) { this.ioThreads = n; return this; }
        /**
         * Closes an HTTP connection that sends nothing for this long while it has no pending long-poll response
         * (idle keep-alive connections, half-sent requests). WebSocket connections are not affected. Default 60 s.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("idleTimeout must be > 0");
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Node's {@code requestTimeout}: a request must arrive whole, head and body, within this time from its first
         * byte; otherwise the client gets {@code 408 Request Timeout} and the connection is closed. This ends slow
         * requests that {@link #idleTimeout} cannot (a byte now and then resets the idle timer). A connection
         * waiting for a response (a long poll) is not concerned; WebSocket connections neither. Default 60 s.
         */
        public Builder requestTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("requestTimeout must be > 0");
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Node's {@code maxConnections}: the most connections (HTTP and WebSocket) open at once. A connection over
         * the limit is closed as soon as it is accepted, so the process never runs out of file descriptors because
         * of clients (then it could accept nobody, not even after clients leave); a WARN is logged when the limit is
         * reached and an INFO when connections are accepted again. Default: the process's file descriptor limit
         * minus a fiftieth of it (at least 128) for files, the event loops and other sockets, when the JVM can tell
         * that limit ({@code ulimit -n}); unlimited otherwise (20,000 fds: 19,600 connections).
         */
        public Builder maxConnections(int max) {
            if (max <= 0) throw new IllegalArgumentException("maxConnections must be > 0, got " + max);
            this.maxConnections = max;
            return this;
        }

        public NettyServer build() { return new NettyServer(this); }
    }
}
