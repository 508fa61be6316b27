package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.Socket.AnyListener;
import io.enlace.Socket.DisconnectListener;
import io.enlace.Socket.EventHandler;
import io.enlace.Socket.EventMiddleware;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.function.Consumer;

/**
 * Everything one socket has registered: its event handlers, catch-all listeners (incoming and outgoing), per-event
 * middlewares, and its disconnecting, disconnect and error listeners. Immutable: a registration makes a new
 * {@code SocketListeners} (a few references copied; the groups themselves are shared), and every socket starts with the
 * shared {@link #EMPTY}, so a socket that registers nothing costs nothing here.
 *
 * <p>Threading: the socket keeps its current instance in a volatile field and replaces it by compare-and-set
 * ({@link RealSocket}), from any thread; readers (the socket's dispatcher, emitting threads for the outgoing listeners)
 * read that field once and walk the groups of the instance they read. A listener added while an event is being
 * dispatched sees the next event, as in Node (whose emitter copies its listener array before calling it).
 *
 * <p>Node's reserved socket events are mapped here ({@link #on}): {@code on("disconnect" | "disconnecting" | "error")}
 * register lifecycle listeners, and the events a server-side socket never emits fail at once with what to do instead.
 */
final class SocketListeners {
    /** Nothing registered (shared by every socket until its first registration). */
    static final SocketListeners EMPTY = new SocketListeners(HandlerTable.EMPTY, ListenerList.empty(), ListenerList.empty(),
            ListenerList.empty(), ListenerList.empty(), ListenerList.empty(), ListenerList.empty());

    final HandlerTable handlers;
    final ListenerList<AnyListener> any;
    final ListenerList<AnyListener> anyOutgoing;
    final ListenerList<EventMiddleware> middlewares;
    final ListenerList<DisconnectListener> disconnecting;
    final ListenerList<DisconnectListener> disconnect;
    final ListenerList<Consumer<Throwable>> errors;

    private SocketListeners(HandlerTable handlers, ListenerList<AnyListener> any, ListenerList<AnyListener> anyOutgoing,
            ListenerList<EventMiddleware> middlewares, ListenerList<DisconnectListener> disconnecting,
            ListenerList<DisconnectListener> disconnect, ListenerList<Consumer<Throwable>> errors) {
        this.handlers = handlers;
        this.any = any;
        this.anyOutgoing = anyOutgoing;
        this.middlewares = middlewares;
        this.disconnecting = disconnecting;
        this.disconnect = disconnect;
        this.errors = errors;
    }

    // ---------------------------------------------------------------- Node's names

    /**
     * {@code socket.on(event, handler)}: a handler of a client event, or, for Node's reserved names, a lifecycle
     * listener called with Node's arguments ({@link ReservedHandler}); the names a server-side socket never emits fail.
     */
    SocketListeners on(String event, EventHandler handler, ObjectMapper mapper) {
        switch (event) {
            case "disconnect" -> { return withDisconnect(disconnect.plus(new ReservedHandler(event, handler, mapper))); }
            case "disconnecting" -> {
                return withDisconnecting(disconnecting.plus(new ReservedHandler(event, handler, mapper)));
            }
            case "error" -> { return withErrors(errors.plus(new ReservedHandler(event, handler, mapper))); }
            case "connect", "connect_error" -> throw new IllegalArgumentException("\"" + event
                    + "\" is never emitted on a server-side socket: the socket is connected when the connection "
                    + "listeners run (io.onConnection(socket -> ...)), and a refused connection never gets a socket "
                    + "(see the middlewares, io.use((socket, next) -> ...))");
            case "newListener", "removeListener" -> throw new IllegalArgumentException("\"" + event
                    + "\" (an EventEmitter event of Node) is not supported: Enlace sockets do not report their own "
                    + "listeners; call your code where you call socket.on / socket.off");
            default -> { return withHandlers(handlers.plus(event, handler)); }
        }
    }

    /**
     * {@code socket.off(event)}: every handler of {@code event}; for a reserved name, the listeners added with
     * {@code on(name, ...)} (not those added with {@code onDisconnect}, {@code onDisconnecting} or {@code onError}).
     */
    SocketListeners off(String event) {
        return switch (event) {
            case "disconnect" -> withDisconnect(disconnect.without(l -> l instanceof ReservedHandler));
            case "disconnecting" -> withDisconnecting(disconnecting.without(l -> l instanceof ReservedHandler));
            case "error" -> withErrors(errors.without(l -> l instanceof ReservedHandler));
            default -> {
                HandlerTable h = handlers.without(event);
                yield h == handlers ? this : withHandlers(h);
            }
        };
    }

    // ---------------------------------------------------------------- copies with one part replaced

    SocketListeners withHandlers(HandlerTable h) {
        return new SocketListeners(h, any, anyOutgoing, middlewares, disconnecting, disconnect, errors);
    }

    SocketListeners withAny(ListenerList<AnyListener> l) {
        return new SocketListeners(handlers, l, anyOutgoing, middlewares, disconnecting, disconnect, errors);
    }

    SocketListeners withAnyOutgoing(ListenerList<AnyListener> l) {
        return new SocketListeners(handlers, any, l, middlewares, disconnecting, disconnect, errors);
    }

    SocketListeners withMiddlewares(ListenerList<EventMiddleware> l) {
        return new SocketListeners(handlers, any, anyOutgoing, l, disconnecting, disconnect, errors);
    }

    SocketListeners withDisconnecting(ListenerList<DisconnectListener> l) {
        return new SocketListeners(handlers, any, anyOutgoing, middlewares, l, disconnect, errors);
    }

    SocketListeners withDisconnect(ListenerList<DisconnectListener> l) {
        return new SocketListeners(handlers, any, anyOutgoing, middlewares, disconnecting, l, errors);
    }

    SocketListeners withErrors(ListenerList<Consumer<Throwable>> l) {
        return new SocketListeners(handlers, any, anyOutgoing, middlewares, disconnecting, disconnect, l);
    }

    /**
     * A handler added with {@code on("disconnect" | "disconnecting" | "error", handler)}: called with Node's listener
     * arguments, {@code (reason, description)} (strings; the description only when there is one) or {@code (error)}
     * (the {@link Throwable} in a {@code POJONode}: {@code args.get(0, Throwable.class)}), and no ack.
     */
    record ReservedHandler(String event, EventHandler handler, ObjectMapper mapper)
            implements DisconnectListener, Consumer<Throwable> {

        @Override
        public void onDisconnect(DisconnectReason reason, String description) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode(2);
            a.add(reason.reason());
            if (description != null) a.add(description);
            call(a);
        }

        @Override
        public void accept(Throwable error) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode(1);
            a.addPOJO(error);
            call(a);
        }

        private void call(ArrayNode a) {
            try {
                handler.onEvent(new Args(a, mapper), RealAck.NONE);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new UndeclaredThrowableException(e, "the " + event + " handler failed: " + e);
            }
        }
    }
}
