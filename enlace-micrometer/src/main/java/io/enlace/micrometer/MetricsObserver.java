package io.enlace.micrometer;

import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.Namespace;
import io.enlace.NamespaceObserver;
import io.enlace.ServerObserver;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.engine.EngineSocket;
import io.enlace.parser.Packet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The server observer of one {@link SocketIoMetrics#bindTo} call: engine counters resolved at construction, the
 * meters of each {@code namespace} tag value resolved the first time a namespace with that value is seen, then only
 * incremented.
 */
final class MetricsObserver implements ServerObserver {
    private final SocketIoServer io;
    private final MeterRegistry registry;
    private final Tags tags;
    private final Function<Namespace, String> namespaceTag;
    private final Map<String, NamespaceMeters> byTag = new ConcurrentHashMap<>();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter packetsIn;
    private final Counter packetsOut;

    MetricsObserver(SocketIoServer io, MeterRegistry registry, Tags tags, Function<Namespace, String> namespaceTag) {
        this.io = io;
        this.registry = registry;
        this.tags = tags;
        this.namespaceTag = namespaceTag;
        this.bytesIn = Counter.builder("socketio.received.bytes").tags(tags).baseUnit("bytes")
                .description("Engine.IO bytes received from clients (WebSocket messages, polling request bodies)").register(registry);
        this.bytesOut = Counter.builder("socketio.sent.bytes").tags(tags).baseUnit("bytes")
                .description("Engine.IO bytes sent to clients (WebSocket frames, polling response bodies before compression)").register(registry);
        this.packetsIn = Counter.builder("socketio.received.packets").tags(tags).baseUnit("packets")
                .description("Engine.IO packets received from clients").register(registry);
        this.packetsOut = Counter.builder("socketio.sent.packets").tags(tags).baseUnit("packets")
                .description("Engine.IO packets sent to clients").register(registry);
    }

    MeterRegistry registry() { return registry; }

    @Override
    public void packetsReceived(EngineSocket conn, int packets, int bytes) {
        packetsIn.increment(packets);
        bytesIn.increment(bytes);
    }

    @Override
    public void packetsSent(EngineSocket conn, int packets, int bytes) {
        packetsOut.increment(packets);
        bytesOut.increment(bytes);
    }

    @Override
    public NamespaceObserver namespaceAdded(Namespace nsp) {
        String tag = namespaceTag.apply(nsp);
        if (tag == null) tag = nsp.name();
        return byTag.computeIfAbsent(tag, NamespaceMeters::new);
    }

    /** Sockets connected now in every namespace whose tag is {@code tag}. */
    private double connected(String tag) {
        long n = 0;
        for (Namespace nsp : io.namespaces()) {
            String t = namespaceTag.apply(nsp);
            if (tag.equals(t != null ? t : nsp.name())) n += nsp.sockets().size();
        }
        return n;
    }

    /** The meters of one {@code namespace} tag value, shared by every namespace with that value. */
    private final class NamespaceMeters implements NamespaceObserver {
        private final String tag;
        private final Tags nspTags;
        private final Counter connects;
        private final Counter connectErrors;
        private final Counter recoveries;
        private final Counter received;
        private final Counter sent;
        private final Counter broadcasts;
        private final Timer handlers;
        private final Timer acks;
        // by DisconnectReason.ordinal(), registered at the first disconnection with that reason
        private final AtomicReferenceArray<Counter> disconnects = new AtomicReferenceArray<>(DisconnectReason.values().length);

        NamespaceMeters(String tag) {
            this.tag = tag;
            this.nspTags = tags.and("namespace", tag);
            Gauge.builder("socketio.sockets.connected", () -> connected(tag)).tags(nspTags)
                    .description("Sockets connected to this server").strongReference(true).register(registry);
            connects = Counter.builder("socketio.connects").tags(nspTags).description("Sockets that connected").register(registry);
            connectErrors = Counter.builder("socketio.connect.errors").tags(nspTags)
                    .description("Connections refused by a namespace middleware").register(registry);
            recoveries = Counter.builder("socketio.connection.recoveries").tags(nspTags)
                    .description("Sockets restored by connection state recovery").register(registry);
            received = Counter.builder("socketio.events.received").tags(nspTags)
                    .description("Events received from clients").register(registry);
            sent = Counter.builder("socketio.events.sent").tags(nspTags)
                    .description("Events written to sockets (a broadcast counts once per receiver)").register(registry);
            broadcasts = Counter.builder("socketio.broadcasts").tags(nspTags)
                    .description("Broadcasts emitted from this server").register(registry);
            handlers = Timer.builder("socketio.handler.duration").tags(nspTags)
                    .description("Time spent in the handlers of an event").register(registry);
            acks = Timer.builder("socketio.ack.roundtrip").tags(nspTags)
                    .description("Time from an emit with acknowledgement to the client's answer").register(registry);
        }

        @Override
        public void socketConnected(Socket socket) {
            connects.increment();
            if (socket.recovered()) recoveries.increment();
        }

        @Override
        public void connectRefused(Socket socket, Throwable error) { connectErrors.increment(); }

        @Override
        public void socketDisconnected(Socket socket, DisconnectReason reason) {
            Counter c = disconnects.get(reason.ordinal());
            if (c == null) {
                c = Counter.builder("socketio.disconnects").tags(nspTags).tag("reason", reason.reason())
                        .description("Sockets that left, by Socket.IO disconnect reason").register(registry);
                disconnects.set(reason.ordinal(), c); // the registry returns the same counter to a racing thread
            }
            c.increment();
        }

        @Override
        public void eventReceived(Socket socket, String event, Args args) { received.increment(); }

        @Override
        public void eventHandled(Socket socket, String event, long nanos) { handlers.record(nanos, TimeUnit.NANOSECONDS); }

        @Override
        public void eventSent(Socket socket, Packet packet) { sent.increment(); }

        @Override
        public void ackReceived(Socket socket, long nanos) { acks.record(nanos, TimeUnit.NANOSECONDS); }

        @Override
        public void broadcast(Packet packet, BroadcastOptions options) { broadcasts.increment(); }

        @Override
        public String toString() { return "SocketIoMetrics{namespace=" + tag + "}"; }
    }
}
