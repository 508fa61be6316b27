package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.NamespaceObserver;
import io.enlace.ServerObserver;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.adapter.Adapter;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.LocalSocket;
import io.enlace.adapter.RecoveredSession;
import io.enlace.internal.util.LinkedConcurrentMap;
import io.enlace.internal.util.LoopSafeFuture;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.Parser;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A namespace (Node's {@code Namespace}): its sockets, connection middlewares and listeners, server-side emit
 * listeners, observers and adapter. It is also the {@link AdapterContext} its adapter sees.
 *
 * <p>Connecting a socket ({@link #add}, on the connection's loop): with connection state recovery, the adapter is asked
 * for the session first (its answer comes back to the loop); then a {@link RealSocket} is made and its middlewares run
 * one after the other on the socket's {@link Dispatcher}, each {@code next} queuing the next step there; then
 * {@code doConnect}, one dispatcher task, registers the socket, sends the CONNECT reply and runs the connection
 * listeners (see there why it is one task). A refusal ({@code next.fail}, or the connection gone) ends in
 * {@link RealSocket#refuse}.
 *
 * <p>Threading: every public method may be called from any thread. The socket map is a concurrent map in insertion
 * order, the listener lists are copy-on-write, the per-loop dispatchers are made once per loop and shared by the
 * sockets of that loop; the observers are one immutable group in a volatile field, changed under the server's
 * monitor. No lock is held while application code runs.
 */
final class RealNamespace implements Namespace, AdapterContext, BroadcastsThrough {
    private static final Logger log = LoggerFactory.getLogger(RealNamespace.class);

    private final RealServer server;
    private final String name;
    private final RealParentNamespace parent;
    private final Adapter adapter;
    // in connection order, as Node's Map
    private final Map<String, RealSocket> sockets = new LinkedConcurrentMap<>();
    // dispatchers on an event loop hold no per-socket state: one per loop, shared by the sockets of that loop
    private final Map<EventLoop, Dispatcher> loopDispatchers = new ConcurrentHashMap<>();
    final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    final List<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<String, List<Socket.EventHandler>> serverSideListeners = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    private final RealBroadcastOperator all;
    // each server observer and what it observes here (guarded by the server's monitor), and their group: null when
    // nothing observes this namespace, so an unobserved socket pays one field check per event
    private final Map<ServerObserver, NamespaceObserver> observedBy = new LinkedHashMap<>();
    private volatile NamespaceObservers observers;

    RealNamespace(RealServer server, String name, RealParentNamespace parent) {
        this.server = server;
        this.name = name;
        this.parent = parent;
        this.adapter = server.options().adapter().create(this);
        this.adapter.init();
        this.all = new RealBroadcastOperator(this, Set.of(), Set.of(), BroadcastOptions.Flags.DEFAULT);
    }

    // ---------------------------------------------------------------- observers

    /** Asks a server observer for its observer of this namespace. Under the server's monitor. */
    void observe(ServerObserver observer) {
        NamespaceObserver o;
        try {
            o = observer.namespaceAdded(this);
        } catch (RuntimeException e) {
            log.warn("server observer {} failed for namespace {}", observer, name, e);
            o = null;
        }
        if (o == null) return;
        observedBy.put(observer, o);
        observers = new NamespaceObservers(observedBy.values().toArray(new NamespaceObserver[0]));
    }

    /** Forgets a server observer's observer of this namespace. Under the server's monitor. */
    void unobserve(ServerObserver observer) {
        if (observedBy.remove(observer) == null) return;
        observers = observedBy.isEmpty() ? null
                : new NamespaceObservers(observedBy.values().toArray(new NamespaceObserver[0]));
    }

    /** The observers of this namespace, or null. */
    NamespaceObservers observers() { return observers; }

    // ---------------------------------------------------------------- connection

    /** Adds a client to this namespace (Node's {@code _add}). Called on the connection's loop. */
    void add(Client client, JsonNode auth) {
        ServerOptions.Recovery recovery = server.options().connectionStateRecovery();
        JsonNode pid = auth == null ? null : auth.get("pid");
        JsonNode offset = auth == null ? null : auth.get("offset");
        if (recovery != null && client.protocol().recovers() && pid != null && pid.isTextual() && offset != null && offset.isTextual()) {
            adapter.restoreSession(pid.textValue(), offset.textValue()).whenComplete((session, err) -> {
                if (err != null) log.debug("session restore failed", err);
                client.conn().eventLoop().execute(() -> create(client, auth, err == null ? session : null));
            });
        } else {
            create(client, auth, null);
        }
    }

    private void create(Client client, JsonNode auth, RecoveredSession session) {
        RealSocket socket = new RealSocket(this, client, auth, session);
        ServerOptions.Recovery recovery = server.options().connectionStateRecovery();
        if (recovery != null && recovery.skipMiddlewares() && socket.recovered() && client.open()) {
            doConnect(socket);
            return;
        }
        socket.dispatcher().execute(() -> runMiddlewares(socket, 0));
    }

    private void runMiddlewares(RealSocket socket, int index) {
        if (index >= middlewares.size()) {
            afterMiddlewares(socket, null);
            return;
        }
        Middleware mw = middlewares.get(index);
        AtomicBoolean called = new AtomicBoolean();
        Socket.Next next = new Socket.Next() {
            @Override
            public void ok() {
                if (called.compareAndSet(false, true)) socket.dispatcher().execute(() -> runMiddlewares(socket, index + 1));
            }

            @Override
            public void fail(Throwable error) {
                if (called.compareAndSet(false, true)) {
                    socket.dispatcher().execute(() -> afterMiddlewares(socket, error == null ? new ConnectError("error") : error));
                }
            }
        };
        try {
            mw.handle(socket, next);
        } catch (Throwable t) {
            next.fail(t);
        }
    }

    private void afterMiddlewares(RealSocket socket, Throwable error) {
        if (!socket.client().open()) {
            socket.refuse(null);
            return;
        }
        if (error != null) {
            socket.refuse(error);
            NamespaceObservers o = observers;
            if (o != null) o.connectRefused(socket, error);
            return;
        }
        doConnect(socket);
    }

    /**
     * Node's {@code _doConnect}, as one task on the socket's dispatcher: register the socket with its client (from then
     * on packets for this namespace reach it) and this namespace, connect it (CONNECT reply), run the connection
     * listeners. The register is inside the task on purpose: the socket's packets can only be queued on its dispatcher
     * after it, so behind this task, and the listeners run before the first event without holding anything back.
     */
    private void doConnect(RealSocket socket) {
        socket.dispatcher().execute(() -> {
            Client client = socket.client();
            if (!client.register(socket)) { // the connection closed first
                socket.refuse(null);
                return;
            }
            sockets.put(socket.id(), socket);
            if (!socket.connect()) { // the connection closed since the register
                client.unregister(socket);
                socket.refuse(null);
                return;
            }
            NamespaceObservers o = observers;
            if (o != null) o.socketConnected(socket);
            for (Consumer<Socket> l : connectionListeners) {
                try {
                    l.accept(socket);
                } catch (Throwable t) {
                    HandlerErrors.report(log, "connection listener failed on " + name, t);
                }
            }
        });
    }

    /** Forgets a disconnected socket; drops an empty child of a dynamic namespace when the options say so. */
    void remove(RealSocket socket) {
        if (!sockets.remove(socket.id(), socket)) return;
        if (parent != null && server.options().cleanupEmptyChildNamespaces() && sockets.isEmpty()) {
            parent.removeChild(this);
        }
    }

    Collection<RealSocket> socketImpls() { return sockets.values(); }

    // ---------------------------------------------------------------- Namespace

    @Override
    public String name() { return name; }

    @Override
    public RealServer server() { return server; }

    /** The dispatcher of a new socket whose connection is on {@code loop}: shared per loop, or a serial queue per socket. */
    Dispatcher dispatcher(EventLoop loop) {
        ServerOptions options = server.options();
        if (options.serialHandlers()) return server.serialDispatcher();
        if (options.executor() != null) return Dispatcher.create(loop, options.executor(), options.blockedThreshold());
        return loopDispatchers.computeIfAbsent(loop, l -> Dispatcher.create(l, null, options.blockedThreshold()));
    }

    @Override
    public Adapter adapter() { return adapter; }

    @Override
    public Namespace parent() { return parent; }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Map<String, Socket> sockets() { return Collections.unmodifiableMap((Map) sockets); }

    @Override
    public Namespace use(Middleware middleware) {
        middlewares.add(middleware);
        return this;
    }

    @Override
    public Namespace onConnection(Consumer<Socket> listener) {
        connectionListeners.add(listener);
        return this;
    }

    @Override
    public Namespace on(String event, Consumer<Socket> listener) {
        checkNamespaceEvent(event);
        return onConnection(listener);
    }

    /** Node's namespace events are {@code connection} and {@code connect}; anything else fails with what to do. */
    static void checkNamespaceEvent(String event) {
        Objects.requireNonNull(event, "event");
        switch (event) {
            case "connection", "connect" -> { }
            case "new_namespace" -> throw new IllegalArgumentException(
                    "\"new_namespace\" is a server event: use io.onNewNamespace(namespace -> ...)");
            case "disconnect", "disconnecting", "error" -> throw new IllegalArgumentException("\"" + event
                    + "\" is a socket event, not a namespace event: io.onConnection(socket -> socket.on(\"" + event
                    + "\", ...))");
            default -> throw new IllegalArgumentException("\"" + event + "\" is not a namespace event: namespaces emit only "
                    + "\"connection\" (alias \"connect\"). Listen to client events on each socket: "
                    + "io.onConnection(socket -> socket.on(\"" + event + "\", ...)); to events from other servers of a "
                    + "cluster with onServerSideEmit(\"" + event + "\", ...)");
        }
    }

    @Override
    public boolean serverSideEmit(String event, Object... args) {
        checkServerSideEvent(event);
        adapter.serverSideEmit(Payloads.array(mapper(), event, args));
        return true;
    }

    @Override
    public CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        checkServerSideEvent(event);
        return LoopSafeFuture.of(adapter.serverSideEmitWithAck(Payloads.array(mapper(), event, args), timeout)
                .thenApply(answers -> {
                    List<Args> out = new ArrayList<>(answers.size());
                    for (ArrayNode a : answers) out.add(new Args(a, mapper()));
                    return List.copyOf(out);
                }));
    }

    private static void checkServerSideEvent(String event) {
        Payloads.checkEvent(event);
        if ("connection".equals(event) || "new_namespace".equals(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    @Override
    public Namespace onServerSideEmit(String event, Socket.EventHandler handler) {
        serverSideListeners.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    // ---------------------------------------------------------------- broadcast (all sockets)

    @Override
    public BroadcastOperator broadcasts() { return all; }

    // ---------------------------------------------------------------- AdapterContext

    @Override
    public Parser parser() { return server.options().parser(); }

    @Override
    public ObjectMapper mapper() { return server.options().objectMapper(); }

    @Override
    public LocalSocket socket(String id) { return sockets.get(id); }

    @Override
    public Collection<? extends LocalSocket> localSockets() { return sockets.values(); }

    @Override
    public long nextAckId() { return ackIds.getAndIncrement(); }

    @Override
    public Duration maxDisconnectionDuration() {
        ServerOptions.Recovery recovery = recovery();
        return recovery == null ? null : recovery.maxDisconnectionDuration();
    }

    /** Connection state recovery's settings, or null when it is off. */
    ServerOptions.Recovery recovery() { return server.options().connectionStateRecovery(); }

    @Override
    public ScheduledExecutorService scheduler() { return server.scheduler(); }

    @Override
    public Packet eventPacket(String event, Object... args) {
        return new Packet(PacketType.EVENT, name, Packet.NO_ID, Payloads.array(mapper(), event, args));
    }

    @Override
    public void onServerSideEmit(ArrayNode eventAndArgs, Consumer<ArrayNode> ack) {
        if (eventAndArgs.isEmpty()) return;
        String event = eventAndArgs.get(0).asText();
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        for (int i = 1; i < eventAndArgs.size(); i++) rest.add(eventAndArgs.get(i));
        List<Socket.EventHandler> handlers = serverSideListeners.get(event);
        if (handlers == null) return;
        if (server.options().serialHandlers()) {
            server.serialDispatcher().execute(() -> serverSideEmitted(handlers, rest, ack));
        } else {
            serverSideEmitted(handlers, rest, ack);
        }
    }

    private void serverSideEmitted(List<Socket.EventHandler> handlers, ArrayNode rest, Consumer<ArrayNode> ack) {
        for (Socket.EventHandler h : handlers) {
            RealAck a = ack == null ? RealAck.NONE : new RealAck(args -> ack.accept(Payloads.array(mapper(), null, args)));
            try {
                h.onEvent(new Args(rest, mapper()), a);
            } catch (Throwable t) {
                HandlerErrors.report(log, "serverSideEmit listener failed", t);
            }
        }
    }

    @Override
    public String toString() { return "Namespace{" + name + "}"; }
}
