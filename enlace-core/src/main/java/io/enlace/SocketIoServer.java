package io.enlace;

import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A Socket.IO v5 server (compatible with socket.io-client 3.x/4.x). The broadcast methods it inherits target the main
 * namespace {@code /}.
 *
 * <p>Standalone, in a few lines:
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().cors(CorsOptions.builder().origin("*").build()).build());
 * io.onConnection(socket -> socket.on("ping", (args, ack) -> ack.send("pong")));
 * io.listen(3000).join();
 * // ...
 * io.close().join();   // disconnects everyone, stops the HTTP server started by listen
 * }</pre>
 *
 * <p>Beside other routes on one port: the server is an {@link EngineServer} at {@code /socket.io/} underneath.
 * <pre>{@code
 * NettyServer http = io.attach(NettyServer.builder().port(8080).route("/health", req -> ok())).build();
 * // or: NettyServer.builder().engine(io.engine())
 * http.start().join();
 * // ...
 * io.close().join();
 * http.stop().join();
 * }</pre>
 */
public interface SocketIoServer extends BroadcastOperator {

    /** A server with these options. */
    static SocketIoServer create(ServerOptions options) {
        return new io.enlace.internal.socket.ServerImpl(options);
    }

    /** A server with the default options. */
    static SocketIoServer create() { return create(ServerOptions.builder().build()); }

    /** The options. */
    ServerOptions options();

    /** The Engine.IO server underneath: mount it on a {@link NettyServer} with {@code builder.engine(io.engine())}. */
    EngineServer engine();

    /** Adds the engine to a Netty server builder and returns the builder. */
    default NettyServer.Builder attach(NettyServer.Builder builder) { return builder.engine(engine()); }

    /**
     * Starts a {@link NettyServer} on {@code port} (0 = any free port) serving only this server; {@link #close()} stops
     * it too.
     */
    default CompletableFuture<NettyServer> listen(int port) {
        return attach(NettyServer.builder().port(port)).build().start();
    }

    /** The main namespace {@code /}. */
    Namespace sockets();

    /** The namespace {@code name} ({@code /} is added in front when missing); created when new. */
    Namespace of(String name);

    /** A parent namespace: every requested namespace whose whole name matches {@code pattern} is created on demand. */
    Namespace of(Pattern pattern);

    /** A parent namespace: requested namespaces accepted by {@code matcher} are created on demand. */
    Namespace of(NamespaceMatcher matcher);

    /** Adds a connection middleware to the main namespace. */
    SocketIoServer use(Namespace.Middleware middleware);

    /** Listens for connections to the main namespace. */
    SocketIoServer onConnection(Consumer<Socket> listener);

    /** Node-style: {@code on("connection", socket -> ...)} on the main namespace. */
    SocketIoServer on(String event, Consumer<Socket> listener);

    /** Called when a namespace is created (including dynamic children). */
    SocketIoServer onNewNamespace(Consumer<Namespace> listener);

    /** See {@link Namespace#serverSideEmit}. */
    boolean serverSideEmit(String event, Object... args);

    /** See {@link Namespace#serverSideEmitWithAck}. */
    CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args);

    /**
     * Disconnects every socket with reason {@code server shutting down}, closes the adapters and the engine, then stops
     * the {@link NettyServer}s started by {@link #listen}. A {@link NettyServer} you built yourself (with
     * {@link #attach} or {@link #engine()}) keeps running: stop it after.
     */
    CompletableFuture<Void> close();

    // Re-declared so that chained calls on the server keep working.
    @Override BroadcastOperator to(String... rooms);
    @Override BroadcastOperator to(Collection<String> rooms);
}
