package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.DisconnectReason;
import io.enlace.Namespace;
import io.enlace.NamespaceMatcher;
import io.enlace.ServerObserver;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.engine.EngineServer;
import io.enlace.internal.engine.EngineCore;
import io.enlace.internal.engine.Session;
import io.enlace.internal.util.LoopSafeFuture;
import io.enlace.netty.NettyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Socket.IO server (Node's {@code Server}) over one Engine.IO engine: every engine session becomes a
 * {@link Client} (through {@link EngineCore#onSession}, on the session's loop); namespaces are made on demand,
 * static ones by {@link #of} and dynamic ones by a matching parent when a client asks for them. Public only because
 * {@code Seam} makes it ({@code SocketIoServer.create}).
 *
 * <p>It owns the server-wide resources: the timer thread {@code enlace-timer} (ack timeouts, adapter timers; a
 * {@code LoopSafeFuture.TimerThread}, so nothing joins an Enlace future on it), and in serial mode the one queue every
 * handler runs on (over the executor, or its own thread {@code enlace-handlers}). {@link #close()} disconnects every
 * socket ({@code server shutting down}), closes the clients, the adapters and the engine, stops the HTTP servers it
 * started, then the timer, and the serial thread after the disconnect listeners queued on it.
 *
 * <p>Threading: every public method may be called from any thread. Namespaces, parents and clients are concurrent
 * collections; creating a namespace and changing the observers take this object's monitor, so that a new namespace
 * gets every observer exactly once.
 */
public final class RealServer implements SocketIoServer, BroadcastsThrough {
    private static final Logger log = LoggerFactory.getLogger(RealServer.class);
    private static final AtomicInteger PARENT_COUNT = new AtomicInteger();

    private final ServerOptions options;
    private final EngineServer engine;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, RealNamespace> nsps = new ConcurrentHashMap<>();
    private final List<RealParentNamespace> parents = new CopyOnWriteArrayList<>();
    private final Map<RealParentNamespace, Pattern> parentPatterns = new ConcurrentHashMap<>();
    private final List<Consumer<Namespace>> newNamespaceListeners = new CopyOnWriteArrayList<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final RealNamespace main;
    private final List<NettyServer> listening = new CopyOnWriteArrayList<>();
    // serialHandlers: one queue for every socket of the server; its own thread when no executor is given
    private final ExecutorService serialThread;
    private final Dispatcher serial;
    private final List<ServerObserver> observers = new ArrayList<>(); // guarded by this

    /**
     * A server on this engine: {@code core} is {@code engine}'s core, whose sessions become Socket.IO clients (this
     * server owns each of them, through {@link EngineCore#onSession}).
     */
    public RealServer(ServerOptions options, EngineCore core, EngineServer engine) {
        this.options = Objects.requireNonNull(options);
        this.engine = Objects.requireNonNull(engine);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> new LoopSafeFuture.TimerThread(r, "enlace-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        if (options.serialHandlers()) {
            serialThread = options.executor() != null ? null : Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "enlace-handlers");
                t.setDaemon(true);
                return t;
            });
            serial = new Dispatcher.Serial(options.executor() != null ? options.executor() : serialThread,
                    options.blockedThreshold());
        } else {
            serialThread = null;
            serial = null;
        }
        this.main = new RealNamespace(this, "/", null);
        nsps.put("/", main);
        core.onSession(this::onSession);
    }

    /** Takes a new Engine.IO session (called on its loop, before the engine's connection listeners). */
    private void onSession(Session session) {
        clients.add(new Client(this, session));
    }

    void clientClosed(Client client) { clients.remove(client); }

    /** The namespaces (static and dynamic children) and the connections this server holds now. For tests. */
    int namespaceCount() { return nsps.size(); }

    int clientCount() { return clients.size(); }

    ScheduledExecutorService scheduler() { return scheduler; }

    /** The queue every handler runs on in serial mode (null otherwise). */
    Dispatcher serialDispatcher() { return serial; }

    // ---------------------------------------------------------------- namespaces

    private static String normalize(String name) {
        Objects.requireNonNull(name, "name");
        return name.startsWith("/") ? name : "/" + name;
    }

    /** The existing namespace, or one created by a matching parent, or null. */
    RealNamespace namespaceFor(String name, JsonNode auth) {
        RealNamespace nsp = nsps.get(name);
        if (nsp != null) return nsp;
        for (RealParentNamespace parent : parents) {
            boolean ok;
            try {
                ok = parent.matcher.matches(name, auth != null ? auth : JsonNodeFactory.instance.objectNode());
            } catch (RuntimeException e) {
                HandlerErrors.report(log, "namespace matcher failed for " + name, e);
                ok = false;
            }
            if (ok) {
                synchronized (this) {
                    RealNamespace existing = nsps.get(name);
                    return existing != null ? existing : parent.createChild(name);
                }
            }
        }
        return null;
    }

    synchronized void registerNamespace(RealNamespace nsp) {
        for (ServerObserver o : observers) nsp.observe(o);
        nsps.put(nsp.name(), nsp);
        for (Consumer<Namespace> l : newNamespaceListeners) {
            try {
                l.accept(nsp);
            } catch (RuntimeException e) {
                HandlerErrors.report(log, "new_namespace listener failed", e);
            }
        }
    }

    void unregisterNamespace(RealNamespace nsp) { nsps.remove(nsp.name(), nsp); }

    /** True when a namespace of this name exists now. */
    boolean hasNamespace(String name) { return nsps.containsKey(name); }

    @Override
    public Namespace sockets() { return main; }

    @Override
    public synchronized Namespace of(String name) {
        String n = normalize(name);
        RealNamespace nsp = nsps.get(n);
        if (nsp != null) return nsp;
        for (Map.Entry<RealParentNamespace, Pattern> e : parentPatterns.entrySet()) {
            if (e.getValue().matcher(n).matches()) return e.getKey().createChild(n);
        }
        nsp = new RealNamespace(this, n, null);
        registerNamespace(nsp);
        return nsp;
    }

    @Override
    public Namespace of(Pattern pattern) {
        RealParentNamespace p = newParent((name, auth) -> pattern.matcher(name).matches());
        parentPatterns.put(p, pattern);
        return p;
    }

    @Override
    public Namespace of(NamespaceMatcher matcher) { return newParent(Objects.requireNonNull(matcher)); }

    private RealParentNamespace newParent(NamespaceMatcher matcher) {
        RealParentNamespace p = new RealParentNamespace(this, "/_" + PARENT_COUNT.getAndIncrement(), matcher);
        parents.add(p);
        return p;
    }

    // ---------------------------------------------------------------- SocketIoServer

    @Override
    public ServerOptions options() { return options; }

    @Override
    public EngineServer engine() { return engine; }

    @Override
    public SocketIoServer use(Namespace.Middleware middleware) { main.use(middleware); return this; }

    @Override
    public SocketIoServer onConnection(Consumer<Socket> listener) { main.onConnection(listener); return this; }

    @Override
    public SocketIoServer on(String event, Consumer<Socket> listener) { main.on(event, listener); return this; }

    @Override
    public SocketIoServer onNewNamespace(Consumer<Namespace> listener) { newNamespaceListeners.add(listener); return this; }

    @Override
    public List<Namespace> namespaces() { return List.copyOf(nsps.values()); }

    @Override
    public synchronized void addObserver(ServerObserver observer) {
        Objects.requireNonNull(observer, "observer");
        if (observers.contains(observer)) return;
        engine.addObserver(observer); // first: an engine without observers refuses, and nothing is half-added
        observers.add(observer);
        for (RealNamespace nsp : nsps.values()) nsp.observe(observer);
    }

    @Override
    public synchronized void removeObserver(ServerObserver observer) {
        if (!observers.remove(observer)) return;
        engine.removeObserver(observer);
        for (RealNamespace nsp : nsps.values()) nsp.unobserve(observer);
    }

    @Override
    public boolean serverSideEmit(String event, Object... args) { return main.serverSideEmit(event, args); }

    @Override
    public CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        return main.serverSideEmitWithAck(timeout, event, args);
    }

    @Override
    public CompletableFuture<NettyServer> listen(int port) {
        return LoopSafeFuture.of(attach(NettyServer.builder().port(port)).build().start().thenApply(http -> {
            listening.add(http);
            return http;
        }));
    }

    @Override
    public CompletableFuture<Void> close() {
        for (RealNamespace nsp : new ArrayList<>(nsps.values())) {
            for (RealSocket s : new ArrayList<>(nsp.socketImpls())) {
                s.onClose(DisconnectReason.SERVER_SHUTTING_DOWN, null);
            }
        }
        for (Client c : new ArrayList<>(clients)) c.shutdown();
        for (RealNamespace nsp : nsps.values()) nsp.adapter().close();
        return LoopSafeFuture.of(engine.close().handle((v, e) -> (Void) null).thenCompose(v -> {
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (NettyServer http : listening) stops.add(http.stop());
            listening.clear();
            return CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0]));
        }).whenComplete((v, e) -> {
            scheduler.shutdown();
            // after the disconnect listeners queued above
            if (serialThread != null) serial.execute(serialThread::shutdown);
        }));
    }

    @Override public BroadcastOperator broadcasts() { return main; }
    // SocketIoServer re-declares these two: they must be implemented here
    @Override public BroadcastOperator to(String... rooms) { return main.to(rooms); }
    @Override public BroadcastOperator to(Collection<String> rooms) { return main.to(rooms); }
}
