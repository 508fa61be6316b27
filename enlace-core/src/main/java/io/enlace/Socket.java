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

    /**
     * The rooms this socket is in, its own id first, then in join order: a read-only live view, as Node's
     * {@code socket.rooms} (with the in-memory adapter; other adapters may give a snapshot). {@code contains} is O(1),
     * so {@code socket.rooms().contains(room)} is the membership test; copy the set to keep it
     * ({@code List.copyOf(socket.rooms())}).
     */
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

    /**
     * Listens to an event; {@code handler} gets all the arguments and the ack (never null).
     *
     * <p>Node's reserved event names work as in Node: {@code "disconnect"} and {@code "disconnecting"} get
     * {@code (reason, description)} as strings ({@link DisconnectReason#reason()}; the description only when there is
     * one), {@code "error"} gets the {@link Throwable} (see {@link #onError}); these have no ack, and a client cannot
     * send them. {@code "connect"}, {@code "connect_error"}, {@code "newListener"} and {@code "removeListener"} are never
     * emitted on a server-side socket: they throw {@link IllegalArgumentException} saying what to do instead.
     *
     * <pre>{@code
     * socket.on("chat", (args, ack) -> ack.send("got " + args.string(0)));
     * socket.on("disconnect", (args, ack) -> log.info("{} left: {}", socket.id(), args.string(0)));
     * socket.on("disconnect", String.class, (reason, ack) -> log.info("left: {}", reason));
     * socket.on("error", Throwable.class, (err, ack) -> log.warn("handler failed", err));
     * }</pre>
     *
     * @throws IllegalArgumentException for {@code connect}, {@code connect_error}, {@code newListener},
     *                                  {@code removeListener}
     */
    Socket on(String event, EventHandler handler);

    /**
     * Listens to an event whose first argument is bound to {@code type} with Jackson (null when absent).
     *
     * <pre>{@code
     * socket.on("move", Point.class, (p, ack) -> ack.send(p.x() + p.y()));
     * }</pre>
     */
    <T> Socket on(String event, Class<T> type, TypedHandler<T> handler);

    /**
     * Listens to an event whose arguments do not matter (Node's {@code socket.on("typing", () => ...)}).
     *
     * <pre>{@code
     * socket.on("typing", () -> socket.broadcast().emit("typing", Map.of("username", name)));
     * socket.on("disconnect", () -> numUsers.decrementAndGet());
     * }</pre>
     */
    Socket on(String event, NoArgsHandler handler);

    /**
     * Removes every handler added with {@code on(event, ...)} (for {@code disconnect}, {@code disconnecting} and
     * {@code error}: those added with {@code on}, not the {@link #onDisconnect}, {@link #onDisconnecting} and
     * {@link #onError} listeners).
     */
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

    /**
     * Errors: per-event middleware failures, exceptions thrown by handlers. Node's {@code socket.on("error", fn)}; with no
     * error listener, the error is logged (WARN, or printed to stderr when no SLF4J binding is on the class path).
     */
    Socket onError(Consumer<Throwable> listener);

    /** An event handler receiving all arguments. */
    @FunctionalInterface
    interface EventHandler {
        /** Handles an event; {@code ack.requested()} tells whether the client waits for an answer. */
        void onEvent(Args args, Ack ack) throws Exception;
    }

    /** An event handler for events whose arguments do not matter. */
    @FunctionalInterface
    interface NoArgsHandler {
        /** Handles an event. */
        void onEvent() throws Exception;
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
