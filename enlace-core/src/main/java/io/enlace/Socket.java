package io.enlace;

import io.enlace.engine.EngineSocket;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One client connected to one {@link Namespace}. Several sockets (one per namespace) can share one Engine.IO
 * connection ({@link #conn()}).
 *
 * <pre>{@code
 * io.onConnection(socket -> {
 *     socket.join("lobby");
 *     socket.on("chat", ChatMessage.class, (msg, ack) -> {
 *         socket.to("lobby").emit("chat", msg);       // everyone in the room but the sender
 *         ack.send("ok");
 *     });
 *     socket.onDisconnect((reason, description) -> log.info("bye {}", reason));
 * });
 * }</pre>
 *
 * <p>Threading: the handlers of one socket run one at a time, in the order of the packets (see docs/threading.md):
 * on the connection's event loop by default, or on a per-socket serial queue over
 * {@link ServerOptions.Builder#executor}. Every method is safe to call from any thread. The methods that register a
 * handler, listener or middleware throw {@code NullPointerException} for a null one (and {@code on} for a null event).
 */
public interface Socket extends Emitter {

    /** The socket id: fresh per namespace connection (kept across a recovered reconnection); not the engine id. */
    String id();

    /** The namespace. */
    Namespace nsp();

    /** The underlying Engine.IO connection. */
    EngineSocket conn();

    /** The handshake details (made at the first call, then the same object). */
    Handshake handshake();

    /** The user data attached to this socket (null until set); included in {@link RemoteSocket#data()}. */
    <T> T data();

    /** Attaches user data (kept across a recovered reconnection; Jackson-serializable for cluster adapters). */
    Socket data(Object data);

    /** A snapshot of the rooms this socket is in (its own id included). */
    Set<String> rooms();

    /** Joins rooms. */
    Socket join(String... rooms);

    /** Joins rooms. */
    Socket join(Collection<String> rooms);

    /** Leaves a room. */
    Socket leave(String room);

    /** Broadcast to these rooms, excluding this socket. */
    BroadcastOperator to(String... rooms);

    /** Same as {@link #to}. */
    default BroadcastOperator in(String... rooms) { return to(rooms); }

    /** Broadcast to everyone in the namespace except this socket and these rooms. */
    BroadcastOperator except(String... rooms);

    /** Broadcast to everyone in the namespace except this socket. */
    BroadcastOperator broadcast();

    /** True while connected to the namespace. */
    boolean connected();

    /** True when this socket resumed a previous session (connection state recovery). */
    boolean recovered();

    /**
     * Leaves the namespace: sends DISCONNECT (reason {@code server namespace disconnect}); with {@code close}, closes
     * the whole connection, so every namespace of this client is left.
     */
    void disconnect(boolean close);

    /** Listens to an event; {@code handler} gets all the arguments and the ack (never null). */
    Socket on(String event, EventHandler handler);

    /** Listens to an event whose first argument is bound to {@code type} with Jackson. */
    <T> Socket on(String event, Class<T> type, TypedHandler<T> handler);

    /** Removes every handler of an event. */
    Socket off(String event);

    /**
     * Called for every incoming event, before its middlewares and handlers (Node's {@code socket.onAny}).
     *
     * <pre>{@code
     * socket.onAny((event, args) -> log.debug("{} got {} {}", socket.id(), event, args));
     * }</pre>
     */
    Socket onAny(AnyListener listener);

    /** Like {@link #onAny}, but first in the list. */
    Socket prependAny(AnyListener listener);

    /** Removes one catch-all listener. */
    Socket offAny(AnyListener listener);

    /** Removes every catch-all listener. */
    Socket offAny();

    /**
     * Called for every outgoing event of this socket, including its copy of each broadcast it receives (Node's
     * {@code socket.onAnyOutgoing}). It runs on the emitting thread; with such a listener each outgoing event is
     * also turned into an {@link Args}, so keep it to debugging and monitoring.
     *
     * <pre>{@code
     * socket.onAnyOutgoing((event, args) -> log.debug("{} sent {} {}", socket.id(), event, args));
     * }</pre>
     */
    Socket onAnyOutgoing(AnyListener listener);

    /** Like {@link #onAnyOutgoing}, but first in the list. */
    Socket prependAnyOutgoing(AnyListener listener);

    /** Removes one outgoing catch-all listener. */
    Socket offAnyOutgoing(AnyListener listener);

    /**
     * Adds a per-event middleware, run for each incoming event before its handlers. {@code next.fail(e)} drops the
     * event and reports {@code e} to the {@link #onError} listeners.
     */
    Socket use(EventMiddleware middleware);

    /** Called when the socket is about to leave (its rooms are still set). */
    Socket onDisconnecting(DisconnectListener listener);

    /** Called once the socket has left. */
    Socket onDisconnect(DisconnectListener listener);

    /** Errors: per-event middleware failures, exceptions thrown by handlers, decode errors. */
    Socket onError(Consumer<Throwable> listener);

    /** An event handler receiving all arguments. */
    @FunctionalInterface
    interface EventHandler {
        /** Handles an event; {@code ack.requested()} tells whether the client waits for an answer. */
        void onEvent(Args args, Ack ack) throws Exception;
    }

    /** An event handler receiving its first argument bound to a type. */
    @FunctionalInterface
    interface TypedHandler<T> {
        /** Handles an event. */
        void onEvent(T value, Ack ack) throws Exception;
    }

    /** A catch-all listener. */
    @FunctionalInterface
    interface AnyListener {
        /** Called with the event name and its arguments (without the ack). */
        void onEvent(String event, Args args);
    }

    /** A per-event middleware. */
    @FunctionalInterface
    interface EventMiddleware {
        /** Calls {@code next.ok()} to go on, or {@code next.fail(error)} to drop the event. */
        void handle(String event, Args args, Next next) throws Exception;
    }

    /** Continuation of a middleware. Call exactly one method once; later calls are ignored. */
    interface Next {
        /** Goes on to the next middleware, then the handlers. */
        void ok();

        /** Stops here with this error. */
        void fail(Throwable error);
    }

    /** Disconnection listener. */
    @FunctionalInterface
    interface DisconnectListener {
        /** {@code description} is a detail from the transport, or null. */
        void onDisconnect(DisconnectReason reason, String description);
    }
}
