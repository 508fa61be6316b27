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
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A socket: one client in one namespace (Node's {@code Socket}). It implements the application's {@link Socket} and
 * the adapter's {@link LocalSocket}.
 *
 * <p>Lifecycle ({@link SocketState}): made {@code CREATED} for a CONNECT packet; the namespace runs its middlewares,
 * then one task on the socket's {@link Dispatcher} registers it with its client and namespace, connects it
 * ({@link #connect}: CONNECT reply) and runs the connection listeners ({@link RealNamespace}); or it is
 * {@link #refuse refused}. {@link #onClose} takes it to {@code DISCONNECTING} and queues the disconnect work, which
 * ends in {@code DISCONNECTED}. Every transition is a compare-and-set of {@link #state}.
 *
 * <p>Threading: every public method may be called from any thread. Incoming packets arrive on the connection's event
 * loop ({@link #onPacket}) and are handled on the dispatcher, one at a time, in order: on that loop (the default) or on
 * a serial queue over the executor. ACKs are the exception: they complete at once on the loop ({@link AckRegistry}).
 * Registrations replace the immutable {@link SocketListeners} by compare-and-set; readers take the volatile snapshot.
 * No lock is held by this class: the handshake is built lazily by compare-and-set too (two threads may build it, one
 * wins), and the ack registry is created the same way at the first ack awaited.
 *
 * <p>Ordering of the connect: a packet for this namespace can only be routed here after the connect task registered
 * the socket, so its handling is queued behind that task on the same serial dispatcher (on the loop it cannot even
 * arrive before the task ends): the connection listeners always run before the first event, and a handler they
 * register sees it, however long they take. In queue mode (executor, serial) a waiting packet's bytes count against
 * {@code maxPendingInboundBytes} ({@link Client#inboundQueued}) until it is handled.
 */
final class RealSocket implements Socket, LocalSocket {
    private static final Logger log = LoggerFactory.getLogger(RealSocket.class);
    /** One handled event in this many (a power of two) is timed for the observers ({@code eventHandled}). */
    private static final int TIMED_EVERY = 16;
    private static final VarHandle STATE;
    private static final VarHandle LISTENERS;
    private static final VarHandle HANDSHAKE;
    private static final VarHandle ACKS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(RealSocket.class, "state", SocketState.class);
            LISTENERS = lookup.findVarHandle(RealSocket.class, "listeners", SocketListeners.class);
            HANDSHAKE = lookup.findVarHandle(RealSocket.class, "handshake", Handshake.class);
            ACKS = lookup.findVarHandle(RealSocket.class, "acks", AckRegistry.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RealNamespace nsp;
    private final Client client;
    private final String id;
    private final String pid;
    private final JsonNode auth; // the CONNECT auth payload, null when there was none
    private final long issued;
    private final boolean recovered;
    private final Dispatcher dispatcher;
    private final boolean queuesPackets; // handlers run on an executor or the serial queue: packets wait in it
    private volatile SocketState state = SocketState.CREATED;
    private volatile Object data;
    private volatile Handshake handshake; // made at its first use: most sockets never look at it
    private volatile AckRegistry acks; // made at the first ack awaited from the client: most sockets never await one
    // what the socket registered: immutable, replaced as a whole by compare-and-set (update), read once per use
    private volatile SocketListeners listeners = SocketListeners.EMPTY;
    private int handled; // events handled while observed (this socket's handlers run one at a time)

    RealSocket(RealNamespace nsp, Client client, JsonNode auth, RecoveredSession session) {
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
            this.id = client.protocol().socketId(nsp.name(), client.conn().id());
            this.pid = nsp.server().options().connectionStateRecovery() != null && client.protocol().recovers()
                    ? Payloads.newId() : null;
            this.recovered = false;
        }
    }

    Dispatcher dispatcher() { return dispatcher; }

    Client client() { return client; }

    // ---------------------------------------------------------------- lifecycle

    /** The state now (tests, and the namespace's connect task). */
    SocketState state() { return state; }

    /**
     * {@code CREATED -> CONNECTED}, in the connect task, after the client registered the socket: joins its own room and
     * writes the CONNECT reply. False when the connection closed since the register ({@link #onClose} refused it).
     */
    boolean connect() {
        if (!STATE.compareAndSet(this, SocketState.CREATED, SocketState.CONNECTED)) return false;
        join(id);
        JsonNode reply = client.protocol().connectReply(id, pid);
        writePacket(new Packet(PacketType.CONNECT, nsp.name(), Packet.NO_ID, reply), BroadcastOptions.Flags.DEFAULT);
        return true;
    }

    /**
     * {@code CREATED -> REFUSED} (or already refused): leaves every room and the namespace without events; with an
     * {@code error} (a middleware failed), writes the CONNECT_ERROR.
     */
    void refuse(Throwable error) {
        STATE.compareAndSet(this, SocketState.CREATED, SocketState.REFUSED);
        cleanup();
        if (error != null) sendConnectError(error);
    }

    private void sendConnectError(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        JsonNode data = error instanceof ConnectError ce && ce.data() != null ? Payloads.toNode(nsp.mapper(), ce.data()) : null;
        JsonNode body = client.protocol().connectError(message, data);
        writePacket(new Packet(PacketType.CONNECT_ERROR, nsp.name(), Packet.NO_ID, body), BroadcastOptions.Flags.DEFAULT);
    }

    /** Leaves every room and the namespace, without events. */
    private void cleanup() {
        nsp.adapter().delAll(id);
        nsp.remove(this);
    }

    /**
     * Node's {@code _onclose}: {@code CONNECTED -> DISCONNECTING} at once (unregistered, pending acks failed), then, on
     * the dispatcher behind the packets already queued: disconnecting listeners, the session persisted if recoverable,
     * rooms left, {@code DISCONNECTED}, disconnect listeners. A socket still {@code CREATED} (registered, its connect
     * task not done) is refused instead; any other state: nothing (it happens once).
     */
    void onClose(DisconnectReason reason, String description) {
        if (STATE.compareAndSet(this, SocketState.CREATED, SocketState.REFUSED)) return; // connect() fails, cleans up
        if (!STATE.compareAndSet(this, SocketState.CONNECTED, SocketState.DISCONNECTING)) return;
        client.unregister(this);
        // at once, not behind the handlers: a handler may be blocked waiting for one of these answers (executor mode)
        AckRegistry a = acks;
        if (a != null) a.cancelAll();
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
            state = SocketState.DISCONNECTED; // only this task leaves DISCONNECTING
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

    // ---------------------------------------------------------------- incoming

    /**
     * A packet for this socket, on the connection's loop (the socket is registered: its connect task has started).
     * Queued behind the socket's handlers, so behind the connect task and its connection listeners; except an ACK,
     * handled at once: it completes an {@code emitWithAck} future that a handler of this socket may be blocked on
     * (executor or serial mode), so it must not wait behind that handler. {@code weight}: the packet's size in bytes,
     * counted against {@code maxPendingInboundBytes} while it waits in a queue.
     */
    void onPacket(Packet packet, long weight) {
        PacketType type = packet.type();
        if (type == PacketType.ACK || type == PacketType.BINARY_ACK) {
            if (state == SocketState.CONNECTED) dispatcher.runNow(() -> onAck(packet));
            return;
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

    private void handlePacket(Packet packet) {
        if (state != SocketState.CONNECTED) return;
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
        RealAck ack = packet.hasId() ? newAck(packet.id()) : RealAck.NONE;
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

    private RealAck newAck(long ackId) {
        return new RealAck(ackArgs -> {
            ArrayNode payload = Payloads.array(nsp.mapper(), null, ackArgs);
            writePacket(new Packet(PacketType.ACK, nsp.name(), ackId, payload), BroadcastOptions.Flags.DEFAULT);
        });
    }

    private void runMiddlewares(String event, Args args, RealAck ack, int index) {
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
                        SocketState s = state;
                        if (s == SocketState.CONNECTED || s == SocketState.DISCONNECTING) runMiddlewares(event, args, ack, index + 1);
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

    private void dispatchEvent(String event, Args args, RealAck ack) {
        HandlerTable handlers = listeners.handlers;
        int first = handlers.first(event);
        if (first < 0) return;
        NamespaceObservers observers = nsp.observers();
        // one event in TIMED_EVERY is timed: two System.nanoTime() calls cost about 8 % of an echo on a VM's clock
        boolean timed = observers != null && (handled++ & (TIMED_EVERY - 1)) == 0;
        long start = timed ? System.nanoTime() : 0L;
        for (int i = first; i >= 0; i = handlers.next(event, i)) {
            try {
                handlers.handler(event, i).onEvent(args, ack);
            } catch (Throwable t) {
                reportError(t);
            }
        }
        if (timed) observers.eventHandled(this, event, System.nanoTime() - start);
    }

    private void onAck(Packet packet) {
        AckRegistry a = acks;
        if (a == null) return; // nothing awaited: unknown, ignored
        JsonNode data = packet.data();
        a.answer(packet.id(), data instanceof ArrayNode arr ? arr : JsonNodeFactory.instance.arrayNode()); // else ignored
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
        if (state != SocketState.CONNECTED) {
            future.completeExceptionally(new CancellationException("socket has been disconnected"));
            return future;
        }
        long ackId = nsp.nextAckId();
        Packet packet = new Packet(PacketType.EVENT, nsp.name(), ackId,
                Payloads.array(nsp.mapper(), event, args));
        NamespaceObservers observers = nsp.observers();
        long sentAt = observers != null ? System.nanoTime() : 0L;
        AckRegistry registry = acks();
        // the timeout runs on the server's timer, not the connection's loop: it fires even while that loop is busy
        registry.expect(ackId, response -> {
            if (observers != null) observers.ackReceived(this, System.nanoTime() - sentAt);
            future.complete(new Args(response, nsp.mapper()));
        }, future, flags.timeout());
        // closed meanwhile: the cancelAll of onClose may have run before the entry was there
        if (state != SocketState.CONNECTED && registry.cancel(ackId)) return future;
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
    public EventLoop eventLoop() { return client.conn().eventLoop(); }

    @Override
    public ObjectNode handshakeJson() { return HandshakeJson.toJson(handshake()); }

    @Override
    public Handshake handshake() {
        Handshake h = handshake;
        if (h != null) return h;
        Handshake built = client.handshake(auth, issued);
        Handshake first = (Handshake) HANDSHAKE.compareAndExchange(this, null, built); // a racing thread may have won
        return first != null ? first : built;
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
        return new RealBroadcastOperator(nsp, OrderedSets.copyOf(Arrays.asList(rooms)), Set.of(id), BroadcastOptions.Flags.DEFAULT);
    }

    @Override
    public BroadcastOperator except(String... rooms) {
        return new RealBroadcastOperator(nsp, Set.of(), Set.of(id), BroadcastOptions.Flags.DEFAULT).except(rooms);
    }

    @Override
    public BroadcastOperator broadcast() {
        return new RealBroadcastOperator(nsp, Set.of(), Set.of(id), BroadcastOptions.Flags.DEFAULT);
    }

    @Override
    public boolean connected() { return state == SocketState.CONNECTED; }

    @Override
    public boolean recovered() { return recovered; }

    @Override
    public void disconnect(boolean close) {
        if (state != SocketState.CONNECTED) return;
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
    public void expectAck(long ackId, Consumer<ArrayNode> callback) { acks().expect(ackId, timed(callback), null, null); }

    /** The callback is forgotten after {@code timeout} on the server's timer (the broadcast has its own timer). */
    @Override
    public void expectAck(long ackId, Consumer<ArrayNode> callback, Duration timeout) {
        acks().expect(ackId, timed(callback), null, timeout);
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

    /** Number of acks awaited from the client (tests). */
    int pendingAckCount() {
        AckRegistry a = acks;
        return a == null ? 0 : a.size();
    }

    /** The ack registry, made at the first use (by compare-and-set: a racing thread's one wins). */
    private AckRegistry acks() {
        AckRegistry a = acks;
        if (a != null) return a;
        AckRegistry made = new AckRegistry(nsp.server().scheduler());
        AckRegistry first = (AckRegistry) ACKS.compareAndExchange(this, null, made);
        return first != null ? first : made;
    }

    @Override
    public void joinRooms(Collection<String> rooms) { join(rooms); }

    @Override
    public void leaveRoom(String room) { leave(room); }

    @Override
    public String toString() { return "Socket{" + id + "@" + nsp.name() + "}"; }

    /** Flags for one socket's emits. */
    record FlaggedEmitter(RealSocket socket, BroadcastOptions.Flags flags) implements Emitter {
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
