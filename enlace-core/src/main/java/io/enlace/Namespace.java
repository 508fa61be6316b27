package io.enlace;

import io.enlace.adapter.Adapter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A communication channel that splits the application over one connection ({@code /}, {@code /admin}, ...).
 * A namespace is also a {@link BroadcastOperator} targeting all its sockets.
 *
 * <pre>{@code
 * Namespace admin = io.of("/admin");
 * admin.use((socket, next) -> {
 *     if ("secret".equals(socket.handshake().auth().path("token").asText())) next.ok();
 *     else next.fail(new ConnectError("forbidden", Map.of("hint", "send a token")));
 * });
 * admin.onConnection(socket -> socket.emit("welcome"));
 * admin.to("ops").emit("alert", "disk full");
 * }</pre>
 *
 * <p>A namespace created with {@link SocketIoServer#of(java.util.regex.Pattern)} or
 * {@link SocketIoServer#of(NamespaceMatcher)} is a parent: its middlewares and connection listeners are copied to each
 * child namespace it creates, {@code emit} reaches every child, and {@link #fetchSockets()} is not supported.
 */
public interface Namespace extends BroadcastOperator {

    /** The name, starting with {@code /}. */
    String name();

    /** The server. */
    SocketIoServer server();

    /** The adapter (rooms, broadcasting). Null for a parent namespace. */
    Adapter adapter();

    /**
     * The parent that created this namespace ({@link SocketIoServer#of(java.util.regex.Pattern)} or
     * {@link SocketIoServer#of(NamespaceMatcher)}), or null for a namespace made by name. Parents are named
     * {@code /_0}, {@code /_1}, ... in creation order, as in Node.
     *
     * <pre>{@code
     * Namespace parent = io.of(Pattern.compile("^/room-\\d+$"));
     * io.onNewNamespace(nsp -> { if (nsp.parent() == parent) log.info("new room namespace {}", nsp.name()); });
     * }</pre>
     */
    default Namespace parent() { return null; }

    /** The sockets connected to this namespace on this server, by id (a read-only live view, in connection order). */
    Map<String, Socket> sockets();

    /** Adds a connection middleware; they run in order before {@code connection}. */
    Namespace use(Middleware middleware);

    /** Called for each socket that connected. */
    Namespace onConnection(Consumer<Socket> listener);

    /** Node-style: {@code on("connection", ...)} or {@code on("connect", ...)}. */
    Namespace on(String event, Consumer<Socket> listener);

    /**
     * Sends an event to the other servers of the cluster (not to clients). No effect with the in-memory adapter.
     */
    boolean serverSideEmit(String event, Object... args);

    /** Like {@link #serverSideEmit}, collecting one answer per other server (empty list with a single server). */
    CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args);

    /** Receives events from {@link #serverSideEmit} on other servers. */
    Namespace onServerSideEmit(String event, Socket.EventHandler handler);

    /** A connection middleware. */
    @FunctionalInterface
    interface Middleware {
        /** Calls {@code next.ok()} to accept or {@code next.fail(error)} to refuse (see {@link ConnectError}). */
        void handle(Socket socket, Socket.Next next) throws Exception;
    }
}
