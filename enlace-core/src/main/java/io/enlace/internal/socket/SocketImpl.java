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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A socket: one client in one namespace (Node's {@code Socket}). */
final class SocketImpl implements Socket, LocalSocket {
    private static final Logger log = LoggerFactory.getLogger(SocketImpl.class);
    private static final java.lang.invoke.VarHandle CLOSING;
    private static final VarHandle LISTENERS;

    static {
        try {
            CLOSING = java.lang.invoke.MethodHandles.lookup().findVarHandle(SocketImpl.class, "closing", boolean.class);
            LISTENERS = MethodHandles.lookup().findVarHandle(SocketImpl.class, "listeners", SocketListeners.class);
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
    // what the socket registered: immutable, replaced as a whole by compare-and-set (update), read once per use
    private volatile SocketListeners listeners = SocketListeners.EMPTY;

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
            ListenerList<DisconnectListener> disconnectingGroup = listeners.disconnecting;
            for (int i = 0, n = disconnectingGroup.size(); i < n; i++) {
                try {
                    disconnectingGroup.get(i).onDisconnect(reason, description);
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
            ListenerList<DisconnectListener> disconnectGroup = listeners.disconnect;
            for (int i = 0, n = disconnectGroup.size(); i < n; i++) {
                try {
                    disconnectGroup.get(i).onDisconnect(reason, description);
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
        ListenerList<AnyListener> any = listeners.any;
        for (int i = 0, n = any.size(); i < n; i++) {
            try {
                any.get(i).onEvent(event, args);
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
        ListenerList<EventMiddleware> mws = listeners.middlewares;
        if (index >= mws.size()) {
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
            mws.get(index).handle(event, args, next);
        } catch (Throwable t) {
            next.fail(t);
        }
    }

    private void dispatchEvent(String event, Args args, AckImpl ack) {
        HandlerTable.Entry first = listeners.handlers.first(event);
        if (first == null) return;
        NamespaceObservers observers = nsp.observers();
        long start = observers != null ? System.nanoTime() : 0L;
        for (HandlerTable.Entry e = first; e != null; e = e.next(event)) {
            try {
                e.handler().onEvent(args, ack);
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
        ListenerList<Consumer<Throwable>> group = listeners.errors;
        int n = group.size();
        if (n == 0) {
            HandlerErrors.report(log, "unhandled error on socket " + id + " of " + nsp.name()
                    + " (add socket.on(\"error\", ...) or socket.onError(...))", t);
            return;
        }
        for (int i = 0; i < n; i++) {
            try {
                group.get(i).accept(t);
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
        ListenerList<AnyListener> outgoing = listeners.anyOutgoing;
        if (outgoing.isEmpty() || !(packet.data() instanceof ArrayNode arr) || arr.isEmpty()) return;
        String event = arr.get(0).asText();
        ArrayNode rest = JsonNodeFactory.instance.arrayNode(arr.size() - 1);
        for (int i = 1; i < arr.size(); i++) rest.add(arr.get(i));
        Args args = new Args(rest, nsp.mapper());
        for (int i = 0, n = outgoing.size(); i < n; i++) {
            try {
                outgoing.get(i).onEvent(event, args);
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

    // ---------------------------------------------------------------- registration

    /**
     * Replaces the listeners by {@code change(current)}, retried on a concurrent change (registrations are rare; no
     * lock). {@code change} must not have side effects; it may throw (a reserved event name), changing nothing.
     */
    private Socket update(UnaryOperator<SocketListeners> change) {
        SocketListeners current;
        SocketListeners next;
        do {
            current = listeners;
            next = change.apply(current);
        } while (next != current && !LISTENERS.compareAndSet(this, current, next));
        return this;
    }

    @Override
    public Socket on(String event, EventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        return update(l -> l.on(event, handler, nsp.mapper()));
    }

    @Override
    public Socket on(String event, NoArgsHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return on(event, (args, ack) -> handler.onEvent());
    }

    @Override
    public <T> Socket on(String event, Class<T> type, TypedHandler<T> handler) {
        return on(event, (args, ack) -> handler.onEvent(args.get(0, type), ack));
    }

    @Override
    public Socket off(String event) { return update(l -> l.off(event)); }

    @Override
    public Socket onAny(AnyListener listener) { return update(l -> l.withAny(l.any.plus(listener))); }

    @Override
    public Socket prependAny(AnyListener listener) { return update(l -> l.withAny(l.any.prepend(listener))); }

    @Override
    public Socket offAny(AnyListener listener) { return update(l -> l.withAny(l.any.minus(listener))); }

    @Override
    public Socket offAny() { return update(l -> l.withAny(ListenerList.empty())); }

    @Override
    public Socket onAnyOutgoing(AnyListener listener) { return update(l -> l.withAnyOutgoing(l.anyOutgoing.plus(listener))); }

    @Override
    public Socket prependAnyOutgoing(AnyListener listener) {
        return update(l -> l.withAnyOutgoing(l.anyOutgoing.prepend(listener)));
    }

    @Override
    public Socket offAnyOutgoing(AnyListener listener) { return update(l -> l.withAnyOutgoing(l.anyOutgoing.minus(listener))); }

    @Override
    public Socket use(EventMiddleware middleware) { return update(l -> l.withMiddlewares(l.middlewares.plus(middleware))); }

    @Override
    public Socket onDisconnecting(DisconnectListener listener) {
        return update(l -> l.withDisconnecting(l.disconnecting.plus(listener)));
    }

    @Override
    public Socket onDisconnect(DisconnectListener listener) { return update(l -> l.withDisconnect(l.disconnect.plus(listener))); }

    @Override
    public Socket onError(Consumer<Throwable> listener) { return update(l -> l.withErrors(l.errors.plus(listener))); }

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
