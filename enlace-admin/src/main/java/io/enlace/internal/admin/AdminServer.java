package io.enlace.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.DisconnectReason;
import io.enlace.Namespace;
import io.enlace.NamespaceObserver;
import io.enlace.ServerObserver;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.adapter.Adapter;
import io.enlace.adapter.InMemoryAdapter;
import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineSocket;
import io.enlace.engine.TrafficTotals;
import io.enlace.parser.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server side of the admin UI on one {@link SocketIoServer} (the reference {@code instrument(io, options)}): the
 * admin namespace with its auth middleware, {@code config} and {@code all_sockets} for each UI, the UI's commands,
 * {@code server_stats} every 2 s, and (development mode) an event for every socket change. Everything is emitted to the
 * admin namespace, so through a cluster adapter every node's UI sees every node.
 *
 * <p>It is a {@link ServerObserver}: the engine part counts the aggregated events (connections, disconnections by
 * reason, packets and bytes in and out) in adders; the namespace part (development mode only) turns socket changes
 * into admin events.
 */
public final class AdminServer implements ServerObserver {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] COMMANDS = {"emit", "join", "leave", "_disconnect"};

    private final SocketIoServer io;
    private final AdminSettings options;
    private final Namespace admin;
    private final AdminAuth auth;
    private final Serializer serializer;
    private final boolean development;
    private final List<String> features;
    private final String hostname;
    private final ScheduledExecutorService timer;
    private final Set<Namespace> roomsObserved = ConcurrentHashMap.newKeySet();
    private final LongAdder rawConnections = new LongAdder();
    private TrafficTotals lastTraffic; // the engine's totals at the previous stats (guarded by this)
    private final LongAdder[] rawDisconnections = new LongAdder[CloseReason.values().length];
    private volatile boolean closed;

    public AdminServer(SocketIoServer io, AdminSettings options) {
        this.io = io;
        this.options = options;
        this.admin = io.of(options.namespaceName());
        this.auth = new AdminAuth(options);
        this.serializer = new Serializer(io.options().objectMapper());
        this.development = options.development();
        List<String> f = new ArrayList<>();
        if (!options.readonly()) f.addAll(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"));
        f.add("AGGREGATED_EVENTS");
        if (development) f.add("ALL_EVENTS");
        this.features = List.copyOf(f);
        this.hostname = hostname();
        for (int i = 0; i < rawDisconnections.length; i++) rawDisconnections[i] = new LongAdder();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "enlace-admin-stats");
            t.setDaemon(true);
            return t;
        });
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** The admin namespace. */
    public Namespace namespace() { return admin; }

    /** Installs the middleware, the connection listener and the observer, and starts the stats. */
    public void start() {
        admin.use(auth);
        admin.onConnection(this::onAdminConnection);
        synchronized (this) {
            lastTraffic = io.engine().traffic(); // the stats count what comes from now on
        }
        io.addObserver(this);
        timer.scheduleAtFixedRate(this::emitStats, 0, 2, TimeUnit.SECONDS);
        log.info("admin UI on namespace {} ({} mode, {}{})", admin.name(), development ? "development" : "production",
                options.authEnabled() ? "basic auth" : "NO AUTH", options.readonly() ? ", read-only" : "");
    }

    /** Stops everything: no more stats or events, and new admin connections are refused. */
    public void close() {
        closed = true;
        io.removeObserver(this);
        auth.close();
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- the UI's socket

    private void onAdminConnection(Socket socket) {
        String session = auth.takeSession(socket);
        if (session != null) socket.emit("session", session);
        for (String command : COMMANDS) {
            socket.on(command, (args, ack) -> command(socket, command, args));
        }
        ObjectNode config = F.objectNode();
        ArrayNode f = config.putArray("supportedFeatures");
        features.forEach(f::add);
        socket.emit("config", config);
        if (development) allSockets().thenAccept(list -> socket.emit("all_sockets", list));
    }

    /** Every socket of every namespace, cluster-wide ({@code fetchSockets}); a namespace that fails is left out. */
    CompletableFuture<ArrayNode> allSockets() {
        List<CompletableFuture<List<ObjectNode>>> parts = new ArrayList<>();
        for (Namespace nsp : io.namespaces()) {
            parts.add(nsp.fetchSockets().thenApply(found -> {
                List<ObjectNode> out = new ArrayList<>(found.size());
                for (var r : found) out.add(serializer.fetched(r, nsp.sockets().get(r.id()), nsp.name()));
                return out;
            }).exceptionally(e -> {
                log.warn("admin UI: fetchSockets of {} failed: {}", nsp.name(), e.toString());
                return List.of();
            }));
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            ArrayNode all = F.arrayNode();
            for (CompletableFuture<List<ObjectNode>> p : parts) p.join().forEach(all::add);
            return all;
        });
    }

    private void command(Socket from, String command, Args args) {
        if (options.readonly()) {
            log.warn("admin UI command {} from {} refused: the admin UI is read-only", command, from.handshake().address());
            return;
        }
        String nsp = args.string(0);
        if (nsp == null || !nsp.startsWith("/")) {
            log.warn("admin UI command {} ignored: the namespace must be a string starting with /, got {}", command, args.node(0));
            return;
        }
        try {
            switch (command) {
                case "emit" -> {
                    String event = args.string(2);
                    if (event == null) {
                        log.warn("admin UI command emit ignored: the event name must be a string, got {}", args.node(2));
                        return;
                    }
                    List<JsonNode> rest = args.toList();
                    target(nsp, args.node(1)).emit(event, rest.subList(3, rest.size()).toArray());
                }
                case "join", "leave" -> {
                    String room = args.string(1);
                    if (room == null) {
                        log.warn("admin UI command {} ignored: the room must be a string, got {}", command, args.node(1));
                        return;
                    }
                    BroadcastOperator target = target(nsp, args.node(2));
                    if (command.equals("join")) target.socketsJoin(room);
                    else target.socketsLeave(room);
                }
                case "_disconnect" -> target(nsp, args.node(2)).disconnectSockets(args.node(1).asBoolean(false));
                default -> throw new IllegalStateException(command);
            }
        } catch (RuntimeException e) {
            log.warn("admin UI command {} on {} failed: {}", command, nsp, e.getMessage());
        }
    }

    /** The sockets of {@code nsp}, in the room {@code filter} when it is a non-empty string. */
    private BroadcastOperator target(String nsp, JsonNode filter) {
        Namespace n = io.of(nsp);
        return filter != null && filter.isTextual() && !filter.textValue().isEmpty() ? n.in(filter.textValue()) : n;
    }

    // ---------------------------------------------------------------- stats

    void emitStats() {
        if (closed) return;
        try {
            long now = System.currentTimeMillis();
            long second = now - now % 1000;
            ArrayNode events = F.arrayNode();
            aggregated(events, second, "rawConnection", null, rawConnections.sumThenReset());
            CloseReason[] reasons = CloseReason.values();
            for (int i = 0; i < reasons.length; i++) {
                aggregated(events, second, "rawDisconnection", reasons[i].reason(), rawDisconnections[i].sumThenReset());
            }
            TrafficTotals traffic = trafficSinceLastStats();
            aggregated(events, second, "packetsIn", null, traffic.packetsReceived());
            aggregated(events, second, "packetsOut", null, traffic.packetsSent());
            aggregated(events, second, "bytesIn", null, traffic.bytesReceived());
            aggregated(events, second, "bytesOut", null, traffic.bytesSent());
            ObjectNode stats = F.objectNode();
            stats.put("serverId", options.serverId());
            stats.put("hostname", hostname);
            stats.put("pid", ProcessHandle.current().pid());
            stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
            stats.put("clientsCount", io.engine().clientsCount());
            stats.put("pollingClientsCount", io.engine().clientsCount("polling"));
            stats.set("aggregatedEvents", events);
            ArrayNode namespaces = stats.putArray("namespaces");
            for (Namespace nsp : io.namespaces()) {
                namespaces.addObject().put("name", nsp.name()).put("socketsCount", nsp.sockets().size());
            }
            if (!nobodyWatching()) admin.emit("server_stats", stats);
        } catch (RuntimeException e) {
            log.warn("admin UI: server_stats failed", e);
        }
    }

    private static void aggregated(ArrayNode out, long timestamp, String type, String subType, long count) {
        if (count == 0) return;
        ObjectNode e = out.addObject();
        e.put("timestamp", timestamp);
        e.put("type", type);
        if (subType != null) e.put("subType", subType);
        e.put("count", count);
    }

    /**
     * True when no UI can get what is emitted now: no admin socket here and the in-memory adapter (no other node).
     * Then the per-event work is skipped.
     */
    private boolean nobodyWatching() {
        Adapter a = admin.adapter();
        return admin.sockets().isEmpty() && a != null && a.getClass() == InMemoryAdapter.class;
    }

    private void emit(String event, Object... args) {
        if (closed) return;
        try {
            admin.emit(event, args);
        } catch (RuntimeException e) {
            log.warn("admin UI: {} not sent: {}", event, e.toString());
        }
    }

    // ---------------------------------------------------------------- ServerObserver: engine part (aggregated events)

    @Override
    public void connectionOpened(EngineSocket conn) { rawConnections.increment(); }

    @Override
    public void connectionClosed(EngineSocket conn, CloseReason reason) { rawDisconnections[reason.ordinal()].increment(); }

    /** The engine's traffic since the previous stats (or since {@link #start}). */
    private synchronized TrafficTotals trafficSinceLastStats() {
        TrafficTotals now = io.engine().traffic();
        TrafficTotals before = lastTraffic != null ? lastTraffic : now;
        lastTraffic = now;
        return new TrafficTotals(now.packetsReceived() - before.packetsReceived(), now.bytesReceived() - before.bytesReceived(),
                now.packetsSent() - before.packetsSent(), now.bytesSent() - before.bytesSent());
    }

    // ---------------------------------------------------------------- ServerObserver: namespace part (development mode)

    @Override
    public NamespaceObserver namespaceAdded(Namespace nsp) {
        if (!development) return null;
        Adapter adapter = nsp.adapter();
        if (adapter != null && roomsObserved.add(nsp)) {
            String name = nsp.name();
            adapter.onJoinRoom((room, id) -> {
                if (!nobodyWatching()) emit("room_joined", name, room, id, Serializer.now());
            });
            adapter.onLeaveRoom((room, id) -> {
                if (!nobodyWatching()) emit("room_left", name, room, id, Serializer.now());
            });
        }
        return new Verbose(nsp.name(), nsp == admin);
    }

    /** The development-mode events of one namespace ({@code registerVerboseListeners}). */
    private final class Verbose implements NamespaceObserver {
        private final String nsp;
        private final boolean isAdmin;

        Verbose(String nsp, boolean isAdmin) {
            this.nsp = nsp;
            this.isAdmin = isAdmin;
        }

        @Override
        public void socketConnected(Socket socket) {
            if (!nobodyWatching()) emit("socket_connected", serializer.local(socket), Serializer.now());
            EngineSocket conn = socket.conn();
            if (!conn.upgraded() && "polling".equals(conn.transportName())) {
                conn.onUpgrade(() -> {
                    if (socket.connected() && !nobodyWatching()) {
                        ObjectNode update = F.objectNode().put("id", socket.id()).put("nsp", nsp).put("transport", conn.transportName());
                        emit("socket_updated", update);
                    }
                });
            }
        }

        @Override
        public void socketDisconnected(Socket socket, DisconnectReason reason) {
            if (!nobodyWatching()) emit("socket_disconnected", nsp, socket.id(), reason.reason(), Serializer.now());
        }

        @Override
        public void socketDataChanged(Socket socket) {
            if (nobodyWatching()) return;
            ObjectNode update = F.objectNode().put("id", socket.id()).put("nsp", nsp);
            update.set("data", serializer.data(socket.data()));
            emit("socket_updated", update);
        }

        @Override
        public void eventReceived(Socket socket, String event, Args args) {
            if (isAdmin || nobodyWatching()) return;
            ArrayNode all = F.arrayNode(args.size() + 1);
            all.add(event);
            all.addAll(args.nodes());
            emit("event_received", nsp, socket.id(), all, Serializer.now());
        }

        @Override
        public void eventSent(Socket socket, Packet packet) {
            if (isAdmin || nobodyWatching()) return;
            emit("event_sent", nsp, socket.id(), packet.data(), Serializer.now());
        }

        @Override
        public String toString() { return "AdminUi{" + nsp + "}"; }
    }
}
