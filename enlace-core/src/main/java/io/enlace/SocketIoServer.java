package io.enlace;

import io.enlace.engine.EngineServer;
import io.enlace.internal.Seam;
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
        return Seam.newServer(options);
    }

    /** A server with the default options. */
    static SocketIoServer create() { return create(ServerOptions.builder().build()); }

    /** The options. */
    ServerOptions options();

    /** The Engine.IO server underneath: mount it on a {@link NettyServer} with {@code builder.engine(io.engine())}. */
    EngineServer engine();

    /**
     * Adds the engine to a Netty server builder and returns the builder. With {@link ServerOptions#serveClient()}
     * (the default) it also mounts the official client bundle at {@code <path>/socket.io.js} and its siblings
     * ({@code .min.js}, {@code .esm.min.js}, {@code .msgpack.min.js} and their maps).
     */
    default NettyServer.Builder attach(NettyServer.Builder builder) {
        if (options().serveClient()) {
            Seam.mountClientFiles(builder, options().path());
        }
        return builder.engine(engine());
    }

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

    /**
     * The namespaces that exist on this server now (Node's {@code io._nsps}): {@code /}, those made with
     * {@link #of(String)} and the children created by parents; parents themselves are not namespaces of their own.
     * A snapshot.
     *
     * <pre>{@code
     * for (Namespace nsp : io.namespaces()) log.info("{}: {} sockets", nsp.name(), nsp.sockets().size());
     * }</pre>
     */
    List<Namespace> namespaces();

    /**
     * Adds an observer (metrics, monitoring): its engine part is added to {@link #engine()}, and
     * {@link ServerObserver#namespaceAdded} is called at once for every existing namespace, then for each new one.
     * Adding the same observer twice has no effect. See {@link ServerObserver} for the threading rules.
     *
     * <pre>{@code
     * io.addObserver(new ServerObserver() {
     *     @Override public void connectionOpened(EngineSocket conn) { log.info("{} on {}", conn.id(), conn.transportName()); }
     * });
     * }</pre>
     */
    void addObserver(ServerObserver observer);

    /** Removes an observer added with {@link #addObserver}; no effect when it was not added. */
    void removeObserver(ServerObserver observer);

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
