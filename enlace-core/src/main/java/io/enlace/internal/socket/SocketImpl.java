package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.ConnectError;
import io.enlace.DisconnectReason;
import io.enlace.Emitter;
import io.enlace.Handshake;
import io.enlace.Namespace;
import io.enlace.Socket;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.LocalSocket;
import io.enlace.adapter.PersistedSession;
import io.enlace.adapter.RecoveredSession;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.util.LoopSafeFuture;
import io.enlace.internal.util.OrderedSets;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A socket: one client in one namespace (Node's {@code Socket}). */
final class SocketImpl implements Socket, LocalSocket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);
    private static final int FLAT_EVENTS = 8;
    private static final java.lang.invoke.VarHandle CLOSING;

    static {
        try {
            CLOSING = java.lang.invoke.MethodHandles.lookup().findVarHandle(SocketImpl.class, "closing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NamespaceImpl nsp;
    private final ClientImpl client;
    private final String id;
    private final String pid;
    private final JsonNode auth; // the CONNECT auth payload, null when there was none
    private final long issued;
    private volatile Handshake handshake; // made at its first use: most sockets never look at it
    private final boolean recovered;
    private final Dispatcher dispatcher;
    private volatile Object data;
    private volatile boolean connected;
    private volatile boolean closing; // set once, with CLOSING
    private final Object readyLock = new Object();
    private List<Packet> heldBack; // guarded by readyLock; created for the first packet held back
    private long heldBackWeight; // guarded by readyLock: the bytes of the packets held back
    private final boolean queuesPackets; // handlers run on an executor or the serial queue: packets wait in it
    private boolean ready; // guarded by readyLock
    // created at the first ack awaited from the client (most sockets never emit with ack)
    private volatile Map<Long, Consumer<ArrayNode>> acks;
    private volatile Map<Long, CompletableFuture<Args>> pendingAcks;
    // event -> handlers, replaced on change under readyLock (sockets register a few events, once): null, a flat
    // immutable array {event0, group0, event1, group1, ...} up to FLAT_EVENTS events, else an immutable map; each
    // group is the handler itself or an array for several (Listeners)
    private volatile Object handlers;
    // listener groups (Listeners): null, one listener, or an array; replaced (never changed in place) under readyLock
    private volatile Object anyListeners;
    private volatile Object anyOutgoing;
    private volatile Object middlewares;
    private volatile Object disconnecting;
    private volatile Object disconnect;
    private volatile Object errorListeners;

    SocketImpl(NamespaceImpl nsp, ClientImpl client, JsonNode auth, RecoveredSession session) {
        this.nsp = nsp;
        this.client = client;
        this.auth = auth;
        this.issued = System.currentTimeMillis();
        this.dispatcher = nsp.dispatcher(client.conn().eventLoop());
        this.queuesPackets = !(dispatcher instanceof Dispatcher.OnLoop); // an executor, or the server's serial queue
        if (session != null) {
            this.id = session.sid();
            this.pid = session.pid();
            this.data = session.data();
            this.recovered = true;
            nsp.adapter().addAll(id, session.rooms());
            for (ArrayNode missed : session.missedPackets()) {
                writePacket(new Packet(PacketType.EVENT, nsp.name(), Packet.NO_ID, missed), BroadcastOptions.Flags.DEFAULT);
            }
        } else {
            this.id = Payloads.newId();
            this.pid = nsp.server().options().connectionStateRecovery() != null ? Payloads.newId() : null;
            this.recovered = false;
        }
    }

    Dispatcher dispatcher() { return dispatcher; }

    ClientImpl client() { return client; }

    // ---------------------------------------------------------------- lifecycle

    void onConnect() {
        connected = true;
        join(id);
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("sid", id);
        if (pid != null) reply.put("pid", pid);
        writePacket(new Packet(PacketType.CONNECT, nsp.name(), Packet.NO_ID, reply), BroadcastOptions.Flags.DEFAULT);
    }

    void sendConnectError(Throwable error) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("message", error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        if (error instanceof ConnectError ce && ce.data() != null) {
            body.set("data", Payloads.toNode(nsp.mapper(), ce.data()));
        }
        writePacket(new Packet(PacketType.CONNECT_ERROR, nsp.name(), Packet.NO_ID, body), BroadcastOptions.Flags.DEFAULT);
    }

    /** Leaves every room and the namespace, without events (failed connection). */
    void cleanup() {
        nsp.adapter().delAll(id);
        nsp.remove(this);
    }

    /** Node's {@code _onclose}: fires disconnecting, persists the session if recoverable, cleans up, fires disconnect. */
    void onClose(DisconnectReason reason, String description) {
        if (!connected || !CLOSING.compareAndSet(this, false, true)) return;
        client.unregister(this);
        // at once, not behind the handlers: a handler may be blocked waiting for one of these answers (executor mode)
        failPendingAcks();
        dispatcher.execute(() -> {
            Object disconnectingGroup = disconnecting;
            for (int i = 0, n = Listeners.count(disconnectingGroup); i < n; i++) {
                DisconnectListener l = Listeners.get(disconnectingGroup, i);
                try {
                    l.onDisconnect(reason, description);
                } catch (Throwable t) {
                    reportError(t);
                }
            }
            if (pid != null && reason.recoverable()) {
                nsp.adapter().persistSession(new PersistedSession(id, pid, rooms(), data)); // copies the rooms
            }
            cleanup();
            connected = false;
            NamespaceObservers observers = nsp.observers();
            if (observers != null) observers.socketDisconnected(this, reason);
            Object disconnectGroup = disconnect;
            for (int i = 0, n = Listeners.count(disconnectGroup); i < n; i++) {
                DisconnectListener l = Listeners.get(disconnectGroup, i);
                try {
                    l.onDisconnect(reason, description);
                } catch (Throwable t) {
                    reportError(t);
                }
            }
        });
    }

    private void failPendingAcks() {
        Map<Long, Consumer<ArrayNode>> a = acks;
        if (a != null) a.clear();
        Map<Long, CompletableFuture<Args>> pending = pendingAcks;
        if (pending == null) return;
        for (Map.Entry<Long, CompletableFuture<Args>> e : pending.entrySet()) {
            e.getValue().completeExceptionally(new CancellationException("socket has been disconnected"));
        }
        pending.clear();
    }

    // ---------------------------------------------------------------- incoming

    /**
     * A packet for this socket, on the connection's loop. Held back until the connection listeners have run, then
     * queued behind the socket's handlers; except an ACK, handled at once: it completes an {@code emitWithAck} future
     * that a handler of this socket may be blocked on (executor or serial mode), so it must not wait behind that
     * handler. {@code weight}: the packet's size in bytes, counted against {@code maxPendingInboundBytes} while it
     * waits (held back, or in a queue).
     */
    void onPacket(Packet packet, long weight) {
        PacketType type = packet.type();
        if (type == PacketType.ACK || type == PacketType.BINARY_ACK) {
            if (connected && !closing) dispatcher.runNow(() -> onAck(packet));
            return;
        }
        synchronized (readyLock) {
            if (!ready) {
                if (heldBack == null) heldBack = new java.util.ArrayList<>(2);
                heldBack.add(packet);
                heldBackWeight += weight;
                client.inboundQueued(weight);
                return;
            }
        }
        if (!queuesPackets) {
            dispatcher.execute(() -> handlePacket(packet)); // on this loop, now
            return;
        }
        client.inboundQueued(weight);
        dispatcher.execute(() -> {
            try {
                handlePacket(packet);
            } finally {
                client.inboundHandled(weight);
            }
        });
    }

    /** The connection listeners have run (on the dispatcher): handles the packets held back, in order. */
    void markReady() {
        List<Packet> held;
        long weight;
        synchronized (readyLock) {
            ready = true;
            held = heldBack == null ? List.of() : heldBack;
            heldBack = null;
            weight = heldBackWeight;
            heldBackWeight = 0;
        }
        try {
            for (Packet p : held) handlePacket(p);
        } finally {
            if (weight > 0) client.inboundHandled(weight);
        }
    }

    private void handlePacket(Packet packet) {
        if (!connected || closing) return;
        switch (packet.type()) {
            case EVENT, BINARY_EVENT -> onEvent(packet);
            case DISCONNECT -> onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, null);
            default -> { }
        }
    }

    private void onEvent(Packet packet) {
        JsonNode data = packet.data();
        if (!(data instanceof ArrayNode arr) || arr.isEmpty()) return;
        String event = arr.get(0).asText();
        ArrayNode rest = JsonNodeFactory.instance.arrayNode(arr.size() - 1);
        for (int i = 1; i < arr.size(); i++) rest.add(arr.get(i));
        Args args = new Args(rest, nsp.mapper());
        AckImpl ack = packet.hasId() ? newAck(packet.id()) : AckImpl.NONE;
        NamespaceObservers observers = nsp.observers();
        if (observers != null) observers.eventReceived(this, event, args);
        Object any = anyListeners;
        for (int i = 0, n = Listeners.count(any); i < n; i++) {
            AnyListener l = Listeners.get(any, i);
            try {
                l.onEvent(event, args);
            } catch (Throwable t) {
                reportError(t);
            }
        }
        runMiddlewares(event, args, ack, 0);
    }

    private AckImpl newAck(long ackId) {
        return new AckImpl(ackArgs -> {
            ArrayNode payload = Payloads.array(nsp.mapper(), null, ackArgs);
            writePacket(new Packet(PacketType.ACK, nsp.name(), ackId, payload), BroadcastOptions.Flags.DEFAULT);
        });
    }

    private void runMiddlewares(String event, Args args, AckImpl ack, int index) {
        Object mws = middlewares;
        if (index >= Listeners.count(mws)) {
            dispatchEvent(event, args, ack);
            return;
        }
        AtomicBoolean called = new AtomicBoolean();
        Next next = new Next() {
            @Override
            public void ok() {
                if (called.compareAndSet(false, true)) {
                    dispatcher.execute(() -> {
                        if (connected) runMiddlewares(event, args, ack, index + 1);
                    });
                }
            }

            @Override
            public void fail(Throwable error) {
                if (called.compareAndSet(false, true)) dispatcher.execute(() -> reportError(error));
            }
        };
        try {
            Listeners.<EventMiddleware>get(mws, index).handle(event, args, next);
        } catch (Throwable t) {
            next.fail(t);
        }
    }

    private void dispatchEvent(String event, Args args, AckImpl ack) {
        Object group = handlersOf(handlers, event);
        int n = Listeners.count(group);
        if (n == 0) return;
        NamespaceObservers observers = nsp.observers();
        long start = observers != null ? System.nanoTime() : 0L;
        for (int i = 0; i < n; i++) {
            EventHandler h = Listeners.get(group, i);
            try {
                h.onEvent(args, ack);
            } catch (Throwable t) {
                reportError(t);
            }
        }
        if (observers != null) observers.eventHandled(this, event, System.nanoTime() - start);
    }

    private void onAck(Packet packet) {
        Map<Long, Consumer<ArrayNode>> a = acks;
        Consumer<ArrayNode> cb = a == null ? null : a.remove(packet.id());
        if (cb == null) return; // unknown, late or duplicate: ignored
        JsonNode data = packet.data();
        cb.accept(data instanceof ArrayNode arr ? arr : JsonNodeFactory.instance.arrayNode());
    }

    private void reportError(Throwable t) {
        Object group = errorListeners;
        int n = Listeners.count(group);
        if (n == 0) {
            HandlerErrors.report(log, "unhandled error on socket " + id + " of " + nsp.name()
                    + " (add socket.on(\"error\", ...) or socket.onError(...))", t);
            return;
        }
        for (int i = 0; i < n; i++) {
            Consumer<Throwable> l = Listeners.get(group, i);
            try {
                l.accept(t);
            } catch (Throwable t2) {
                HandlerErrors.report(log, "error listener failed", t2);
            }
        }
    }

    // ---------------------------------------------------------------- outgoing

    private void writePacket(Packet packet, BroadcastOptions.Flags flags) {
        client.write(nsp.parser().encode(packet), flags);
    }

    @Override
    public void write(Packet packet, List<Object> encoded, BroadcastOptions.Flags flags) {
        NamespaceObservers observers = nsp.observers();
        if (observers != null) observers.eventSent(this, packet);
        notifyOutgoing(packet);
        client.write(encoded, flags);
    }

    private void notifyOutgoing(Packet packet) {
        Object outgoing = anyOutgoing;
        if (outgoing == null || !(packet.data() instanceof ArrayNode arr) || arr.isEmpty()) return;
        String event = arr.get(0).asText();
        ArrayNode rest = JsonNodeFactory.instance.arrayNode(arr.size() - 1);
        for (int i = 1; i < arr.size(); i++) rest.add(arr.get(i));
        Args args = new Args(rest, nsp.mapper());
        for (int i = 0, n = Listeners.count(outgoing); i < n; i++) {
            AnyListener l = Listeners.get(outgoing, i);
            try {
                l.onEvent(event, args);
            } catch (Throwable t) {
                reportError(t);
            }
        }
    }

    boolean emitWith(BroadcastOptions.Flags flags, String event, Object[] args) {
        Payloads.checkEvent(event);
        Packet packet = nsp.eventPacket(event, args);
        if (nsp.recovery() != null) {
            nsp.adapter().broadcast(packet, new BroadcastOptions(Set.of(id), Set.of(), flags));
        } else {
            NamespaceObservers observers = nsp.observers();
            if (observers != null) observers.eventSent(this, packet);
            notifyOutgoing(packet);
            writePacket(packet, flags);
        }
        return true;
    }

    CompletableFuture<Args> emitWithAckWith(BroadcastOptions.Flags flags, String event, Object[] args) {
        Payloads.checkEvent(event);
        CompletableFuture<Args> future = new LoopSafeFuture<>();
        if (!connected || closing) {
            future.completeExceptionally(new CancellationException("socket has been disconnected"));
            return future;
        }
        long ackId = nsp.nextAckId();
        Packet packet = new Packet(PacketType.EVENT, nsp.name(), ackId,
                Payloads.array(nsp.mapper(), event, args));
        ScheduledFuture<?> timer;
        Duration timeout = flags.timeout();
        if (timeout != null) {
            // on the server's timer, not the connection's loop: the timeout fires even while that loop is busy
            timer = nsp.server().scheduler().schedule(() -> {
                if (acks().remove(ackId) == null) return; // answered (or cancelled) first
                pendingAcks().remove(ackId);
                future.completeExceptionally(new TimeoutException("operation has timed out"));
            }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
        pendingAcks().put(ackId, future);
        NamespaceObservers observers = nsp.observers();
        long sentAt = observers != null ? System.nanoTime() : 0L;
        acks().put(ackId, response -> {
            if (timer != null) timer.cancel(false);
            pendingAcks().remove(ackId);
            if (observers != null) observers.ackReceived(this, System.nanoTime() - sentAt);
            future.complete(new Args(response, nsp.mapper()));
        });
        if (closing && pendingAcks().remove(ackId) != null) { // closed meanwhile: failPendingAcks may have run before
            acks().remove(ackId);
            if (timer != null) timer.cancel(false);
            future.completeExceptionally(new CancellationException("socket has been disconnected"));
            return future;
        }
        if (observers != null) observers.eventSent(this, packet);
        notifyOutgoing(packet);
        writePacket(packet, flags);
        return future;
    }

    // ---------------------------------------------------------------- Socket API

    @Override
    public String id() { return id; }

    @Override
    public Namespace nsp() { return nsp; }

    @Override
    public EngineSocket conn() { return client.conn(); }

    @Override
    public io.netty.channel.EventLoop eventLoop() { return client.conn().eventLoop(); }

    @Override
    public Handshake handshake() {
        Handshake h = handshake;
        if (h == null) {
            synchronized (readyLock) {
                h = handshake;
                if (h == null) handshake = h = client.handshake(auth, issued);
            }
        }
        return h;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T data() { return (T) data; }

    @Override
    public Object userData() { return data; }

    @Override
    public Socket data(Object data) {
        this.data = data;
        NamespaceObservers observers = nsp.observers();
        if (observers != null) observers.socketDataChanged(this);
        return this;
    }

    @Override
    public Set<String> rooms() {
        Set<String> r = nsp.adapter().socketRooms(id);
        return r == null ? Set.of() : r;
    }

    @Override
    public Socket join(String... rooms) { return join(Arrays.asList(rooms)); }

    @Override
    public Socket join(Collection<String> rooms) {
        nsp.adapter().addAll(id, OrderedSets.copyOf(rooms));
        return this;
    }

    @Override
    public Socket leave(String room) {
        nsp.adapter().del(id, room);
        return this;
    }

    @Override
    public BroadcastOperator to(String... rooms) {
        return new BroadcastOperatorImpl(nsp, OrderedSets.copyOf(Arrays.asList(rooms)), Set.of(id), BroadcastOptions.Flags.DEFAULT);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return new BroadcastOperatorImpl(nsp, Set.of(), Set.of(id), BroadcastOptions.Flags.DEFAULT).except(rooms);
    }

    @Override
    public BroadcastOperator broadcast() {
        return new BroadcastOperatorImpl(nsp, Set.of(), Set.of(id), BroadcastOptions.Flags.DEFAULT);
    }

    @Override
    public boolean connected() { return connected && !closing; }

    @Override
    public boolean recovered() { return recovered; }

    @Override
    public void disconnect(boolean close) {
        if (!connected || closing) return;
        if (close) {
            client.disconnectAll();
        } else {
            writePacket(new Packet(PacketType.DISCONNECT, nsp.name(), Packet.NO_ID, null), BroadcastOptions.Flags.DEFAULT);
            onClose(DisconnectReason.SERVER_NAMESPACE_DISCONNECT, null);
        }
    }

    @Override
    public Socket on(String event, EventHandler handler) {
        java.util.Objects.requireNonNull(event, "event");
        java.util.Objects.requireNonNull(handler, "handler");
        switch (event) {
            // Node's reserved events of a server-side socket: the lifecycle ones work as in Node, the others fail
            case "disconnect", "disconnecting" -> {
                ReservedHandler l = new ReservedHandler(event, handler, nsp.mapper());
                synchronized (readyLock) {
                    if ("disconnect".equals(event)) disconnect = Listeners.append(disconnect, l);
                    else disconnecting = Listeners.append(disconnecting, l);
                }
                return this;
            }
            case "error" -> {
                ReservedHandler l = new ReservedHandler(event, handler, nsp.mapper());
                synchronized (readyLock) { errorListeners = Listeners.append(errorListeners, l); }
                return this;
            }
            case "connect", "connect_error" -> throw new IllegalArgumentException("\"" + event
                    + "\" is never emitted on a server-side socket: the socket is connected when the connection "
                    + "listeners run (io.onConnection(socket -> ...)), and a refused connection never gets a socket "
                    + "(see the middlewares, io.use((socket, next) -> ...))");
            case "newListener", "removeListener" -> throw new IllegalArgumentException("\"" + event
                    + "\" (an EventEmitter event of Node) is not supported: Enlace sockets do not report their own "
                    + "listeners; call your code where you call socket.on / socket.off");
            default -> { }
        }
        synchronized (readyLock) {
            handlers = withHandlers(handlers, event, Listeners.append(handlersOf(handlers, event), handler));
        }
        return this;
    }

    @Override
    public Socket on(String event, NoArgsHandler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        return on(event, (args, ack) -> handler.onEvent());
    }

    /**
     * A handler added with {@code on("disconnect" | "disconnecting" | "error", handler)}: called with Node's listener
     * arguments, {@code (reason, description)} (strings; the description only when there is one) or {@code (error)}
     * (the {@link Throwable} in a {@code POJONode}: {@code args.get(0, Throwable.class)}), and no ack.
     */
    private record ReservedHandler(String event, EventHandler handler, com.fasterxml.jackson.databind.ObjectMapper mapper)
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
                handler.onEvent(new Args(a, mapper), AckImpl.NONE);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new java.lang.reflect.UndeclaredThrowableException(e, "the " + event + " handler failed: " + e);
            }
        }
    }

    /** {@code group} without the {@link ReservedHandler}s. */
    private static Object withoutReserved(Object group) {
        Object out = null;
        for (int i = 0, n = Listeners.count(group); i < n; i++) {
            Object l = Listeners.get(group, i);
            if (!(l instanceof ReservedHandler)) out = Listeners.append(out, l);
        }
        return out;
    }

    /** The handler group of {@code event} in a handler table, or null. */
    @SuppressWarnings("unchecked")
    static Object handlersOf(Object table, String event) {
        if (table instanceof Object[] flat) {
            for (int i = 0; i < flat.length; i += 2) {
                if (flat[i].equals(event)) return flat[i + 1];
            }
            return null;
        }
        return table == null ? null : ((Map<String, Object>) table).get(event);
    }

    /** A new handler table where {@code event} has {@code group} (removed when null); the others keep theirs. */
    @SuppressWarnings("unchecked")
    static Object withHandlers(Object table, String event, Object group) {
        java.util.LinkedHashMap<String, Object> entries = new java.util.LinkedHashMap<>();
        if (table instanceof Object[] flat) {
            for (int i = 0; i < flat.length; i += 2) entries.put((String) flat[i], flat[i + 1]);
        } else if (table != null) {
            entries.putAll((Map<String, Object>) table);
        }
        if (group == null) entries.remove(event);
        else entries.put(event, group);
        if (entries.isEmpty()) return null;
        if (entries.size() > FLAT_EVENTS) return Map.copyOf(entries);
        Object[] flat = new Object[2 * entries.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            flat[i++] = e.getKey();
            flat[i++] = e.getValue();
        }
        return flat;
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedHandler<T> handler) {
        return on(event, (args, ack) -> handler.onEvent(args.get(0, type), ack));
    }

    @Override
    public Socket off(String event) {
        switch (event) {
            case "disconnect" -> {
                synchronized (readyLock) { disconnect = withoutReserved(disconnect); }
                return this;
            }
            case "disconnecting" -> {
                synchronized (readyLock) { disconnecting = withoutReserved(disconnecting); }
                return this;
            }
            case "error" -> {
                synchronized (readyLock) { errorListeners = withoutReserved(errorListeners); }
                return this;
            }
            default -> { }
        }
        synchronized (readyLock) {
            if (handlersOf(handlers, event) != null) handlers = withHandlers(handlers, event, null);
        }
        return this;
    }

    @Override
    public Socket onAny(AnyListener listener) {
        synchronized (readyLock) { anyListeners = Listeners.append(anyListeners, listener); }
        return this;
    }

    @Override
    public Socket prependAny(AnyListener listener) {
        synchronized (readyLock) { anyListeners = Listeners.prepend(anyListeners, listener); }
        return this;
    }

    @Override
    public Socket offAny(AnyListener listener) {
        synchronized (readyLock) { anyListeners = Listeners.remove(anyListeners, listener); }
        return this;
    }

    @Override
    public Socket offAny() {
        synchronized (readyLock) { anyListeners = null; }
        return this;
    }

    @Override
    public Socket onAnyOutgoing(AnyListener listener) {
        synchronized (readyLock) { anyOutgoing = Listeners.append(anyOutgoing, listener); }
        return this;
    }

    @Override
    public Socket prependAnyOutgoing(AnyListener listener) {
        synchronized (readyLock) { anyOutgoing = Listeners.prepend(anyOutgoing, listener); }
        return this;
    }

    @Override
    public Socket offAnyOutgoing(AnyListener listener) {
        synchronized (readyLock) { anyOutgoing = Listeners.remove(anyOutgoing, listener); }
        return this;
    }

    @Override
    public Socket use(EventMiddleware middleware) {
        synchronized (readyLock) { middlewares = Listeners.append(middlewares, middleware); }
        return this;
    }

    @Override
    public Socket onDisconnecting(DisconnectListener listener) {
        synchronized (readyLock) { disconnecting = Listeners.append(disconnecting, listener); }
        return this;
    }

    @Override
    public Socket onDisconnect(DisconnectListener listener) {
        synchronized (readyLock) { disconnect = Listeners.append(disconnect, listener); }
        return this;
    }

    @Override
    public Socket onError(Consumer<Throwable> listener) {
        synchronized (readyLock) { errorListeners = Listeners.append(errorListeners, listener); }
        return this;
    }

    // ---------------------------------------------------------------- Emitter

    @Override
    public boolean emit(String event, Object... args) { return emitWith(BroadcastOptions.Flags.DEFAULT, event, args); }

    @Override
    public CompletableFuture<Args> emitWithAck(String event, Object... args) {
        return emitWithAckWith(BroadcastOptions.Flags.DEFAULT, event, args);
    }

    @Override
    public Emitter timeout(Duration timeout) { return new FlaggedEmitter(this, BroadcastOptions.Flags.DEFAULT.withTimeout(timeout)); }

    @Override
    public Emitter asVolatile() { return new FlaggedEmitter(this, BroadcastOptions.Flags.DEFAULT.withVolatile(true)); }

    @Override
    public Emitter compress(boolean compress) { return new FlaggedEmitter(this, BroadcastOptions.Flags.DEFAULT.withCompress(compress)); }

    // ---------------------------------------------------------------- LocalSocket

    @Override
    public void expectAck(long ackId, Consumer<ArrayNode> callback) { acks().put(ackId, timed(callback)); }

    @Override
    public void expectAck(long ackId, Consumer<ArrayNode> callback, Duration timeout) {
        Consumer<ArrayNode> cb = timed(callback);
        acks().put(ackId, cb);
        if (timeout != null) {
            client.conn().eventLoop().schedule(() -> acks().remove(ackId, cb),
                    Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** {@code callback}, reporting the round trip to the observers when the namespace is observed. */
    private Consumer<ArrayNode> timed(Consumer<ArrayNode> callback) {
        NamespaceObservers observers = nsp.observers();
        if (observers == null) return callback;
        long sentAt = System.nanoTime();
        return response -> {
            observers.ackReceived(this, System.nanoTime() - sentAt);
            callback.accept(response);
        };
    }

    /** Number of acks awaited from the client (for tests). */
    int pendingAckCount() {
        Map<Long, Consumer<ArrayNode>> a = acks;
        return a == null ? 0 : a.size();
    }

    private Map<Long, Consumer<ArrayNode>> acks() {
        Map<Long, Consumer<ArrayNode>> a = acks;
        if (a != null) return a;
        synchronized (readyLock) {
            if (acks == null) acks = new ConcurrentHashMap<>(4);
            return acks;
        }
    }

    private Map<Long, CompletableFuture<Args>> pendingAcks() {
        Map<Long, CompletableFuture<Args>> p = pendingAcks;
        if (p != null) return p;
        synchronized (readyLock) {
            if (pendingAcks == null) pendingAcks = new ConcurrentHashMap<>(4);
            return pendingAcks;
        }
    }

    @Override
    public void joinRooms(Collection<String> rooms) { join(rooms); }

    @Override
    public void leaveRoom(String room) { leave(room); }

    @Override
    public String toString() { return "Socket{" + id + "@" + nsp.name() + "}"; }

    /** Flags for one socket's emits. */
    record FlaggedEmitter(SocketImpl socket, BroadcastOptions.Flags flags) implements Emitter {
        @Override
        public boolean emit(String event, Object... args) { return socket.emitWith(flags, event, args); }

        @Override
        public CompletableFuture<Args> emitWithAck(String event, Object... args) { return socket.emitWithAckWith(flags, event, args); }

        @Override
        public Emitter timeout(Duration timeout) { return new FlaggedEmitter(socket, flags.withTimeout(timeout)); }

        @Override
        public Emitter asVolatile() { return new FlaggedEmitter(socket, flags.withVolatile(true)); }

        @Override
        public Emitter compress(boolean compress) { return new FlaggedEmitter(socket, flags.withCompress(compress)); }
    }
}
