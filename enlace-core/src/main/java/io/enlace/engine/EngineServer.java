package io.enlace.engine;

import io.enlace.internal.Seam;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * An Engine.IO v4 server: sessions over HTTP long-polling and WebSocket, independent of any HTTP server.
 * Mount it on a {@link io.enlace.netty.NettyServer} (or add {@code NettyServer.channelHandler(engine)} to your own
 * pipeline). Not for implementation: {@code NettyServer} mounts only engines made by {@link #create}.
 *
 * <pre>{@code
 * EngineServer engine = EngineServer.create(EngineOptions.builder().pingInterval(300).build());
 * engine.onConnection(socket -> socket.onMessage(socket::send)); // echo
 * NettyServer http = NettyServer.builder().port(3000).engine(engine).build();
 * http.start().join();
 * }</pre>
 */
public interface EngineServer {

    /** Creates an engine with these options. */
    static EngineServer create(EngineOptions options) {
        return Seam.newEngine(options);
    }

    EngineOptions options();

    /** A new session has completed its handshake. Called on the session's event loop. */
    void onConnection(Consumer<EngineSocket> listener);

    /** A request was refused with an {@link EngineError}. */
    void onConnectionError(Consumer<ConnectionError> listener);

    /** Lets the application change the headers of the handshake response (e.g. add a cookie). */
    void onInitialHeaders(BiConsumer<HttpHeaders, HttpRequest> listener);

    /** Lets the application change the headers of every response (handshake included). */
    void onHeaders(BiConsumer<HttpHeaders, HttpRequest> listener);

    /** Number of open sessions (Node's {@code engine.clientsCount}). */
    int clientsCount();

    /**
     * Number of open sessions whose current transport is {@code transport} ({@code polling} or {@code websocket}):
     * {@code clientsCount("polling")} is what the admin UI shows as polling clients.
     *
     * <pre>{@code
     * int polling = io.engine().clientsCount("polling");
     * int websocket = io.engine().clientsCount("websocket");   // polling + websocket == clientsCount()
     * }</pre>
     *
     * @throws IllegalArgumentException for another transport name
     * @throws UnsupportedOperationException when this engine does not count by transport
     */
    default int clientsCount(String transport) {
        throw new UnsupportedOperationException(getClass().getName() + " does not count sessions by transport");
    }

    /**
     * Adds an observer of connections (metrics, monitoring); see {@link EngineObserver} for its threading
     * rules. Adding the same observer twice has no effect.
     *
     * @throws UnsupportedOperationException when this engine does not support observers
     */
    default void addObserver(EngineObserver observer) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support observers");
    }

    /** Removes an observer added with {@link #addObserver}; no effect when it was not added. */
    default void removeObserver(EngineObserver observer) {
        throw new UnsupportedOperationException(getClass().getName() + " does not support observers");
    }

    /**
     * The packets and bytes this engine received and sent since it was created (for metrics: the engine counts them
     * whether or not anything reads them, at the cost of two plain adds per read or flush on the event loop).
     *
     * @throws UnsupportedOperationException when this engine does not count its traffic
     */
    default TrafficTotals traffic() {
        throw new UnsupportedOperationException(getClass().getName() + " does not count its traffic");
    }

    /** Closes every session (reason {@code forced close}); completes when all are closed. */
    CompletableFuture<Void> close();
}
