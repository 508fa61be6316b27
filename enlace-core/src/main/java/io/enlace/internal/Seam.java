package io.enlace.internal;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.internal.client.ClientFilesHandler;
import io.enlace.internal.netty.RealEngineServer;
import io.enlace.internal.netty.Route;
import io.enlace.internal.netty.ServerConfig;
import io.enlace.internal.netty.ServerRuntime;
import io.enlace.internal.socket.RealServer;
import io.enlace.netty.HttpHandler;
import io.enlace.netty.NettyServer;
import io.netty.channel.ChannelHandler;

import java.io.File;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The only internal class that API code names: the static factories from the API's interfaces to their
 * implementations. Any such factory is an edge from an API package into the internals and back (the implementation
 * implements the API), so there is exactly one place for them, and the package rules allow exactly this one.
 * Stateless.
 */
public final class Seam {
    private Seam() {}

    /** {@link SocketIoServer#create(ServerOptions)}. */
    public static SocketIoServer newServer(ServerOptions options) {
        RealEngineServer engine = RealEngineServer.of(RealEngineServer.create(options.engine()));
        return new RealServer(options, engine.core(), engine);
    }

    /** {@link EngineServer#create(EngineOptions)}. */
    public static EngineServer newEngine(EngineOptions options) {
        return RealEngineServer.create(options);
    }

    /** Serves the browser client files under {@code path} ({@code serveClient}). */
    public static void mountClientFiles(NettyServer.Builder builder, String path) {
        ClientFilesHandler.mount(builder, path);
    }

    /**
     * Throws {@link IllegalArgumentException}, saying what to do instead, unless {@code engine} was made by
     * {@link EngineServer#create}: {@link NettyServer} mounts only those.
     */
    public static void requireMountable(EngineServer engine) {
        RealEngineServer.of(engine);
    }

    /** {@link NettyServer#channelHandler(EngineServer)}. */
    public static ChannelHandler channelHandler(EngineServer engine) {
        return RealEngineServer.of(engine).channelHandler();
    }

    /**
     * The runtime of a {@link NettyServer}: its event loops, listening socket and connections, for this configuration
     * ({@code routes}: path prefix and handler, in order).
     */
    public static Runtime newRuntime(String host, int port, List<EngineServer> engines,
                                     List<Map.Entry<String, HttpHandler>> routes, List<HttpHandler> fallbacks,
                                     File certChainPem, File privateKeyPem, int ioThreads, Duration idleTimeout,
                                     Duration requestTimeout, int maxConnections) {
        List<Route> rs = new ArrayList<>(routes.size());
        for (Map.Entry<String, HttpHandler> e : routes) rs.add(new Route(e.getKey(), e.getValue()));
        ServerRuntime r = new ServerRuntime(new ServerConfig(host, port, engines, rs, fallbacks, certChainPem,
                privateKeyPem, ioThreads, idleTimeout, requestTimeout, maxConnections));
        return new Runtime() {
            @Override public CompletableFuture<Void> start() { return r.start(); }
            @Override public CompletableFuture<Void> stop() { return r.stop(); }
            @Override public InetSocketAddress localAddress() { return r.localAddress(); }
            @Override public int connections() { return r.connections(); }
        };
    }

    /** What {@link NettyServer} needs of its runtime. Thread-safe. */
    public interface Runtime {
        /** Binds and starts; completes when listening. */
        CompletableFuture<Void> start();

        /** Closes the engines' sessions, then the listening socket and the event loops. */
        CompletableFuture<Void> stop();

        /** The bound address, or null when not started. */
        InetSocketAddress localAddress();

        /** The connections open now. */
        int connections();
    }
}
