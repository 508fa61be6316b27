package io.enlace.micrometer;

import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.Namespace;
import io.enlace.NamespaceObserver;
import io.enlace.ServerObserver;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.TrafficTotals;
import io.enlace.parser.Packet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The server observer of one {@link SocketIoMetrics#bindTo} call: the traffic meters read the engine's own totals
 * ({@link EngineServer#traffic()}), the meters of each {@code namespace} tag value are resolved the first time a
 * namespace with that value is seen, then only incremented.
 *
 * <p>What changes per event (events, broadcasts, handler and ack times) is counted in {@link LongAdder}s that the
 * registry reads when it publishes ({@link FunctionCounter}, {@link FunctionTimer}): an uncontended add each, where a
 * {@code Counter} or {@code Timer} of most registries costs more (a {@code Timer} also keeps a rotating maximum). So
 * the timers have a count and a total, no maximum.
 */
final class MetricsObserver implements ServerObserver {
    private final SocketIoServer io;
    private final MeterRegistry registry;
    private final Tags tags;
    private final Function<Namespace, String> namespaceTag;
    private final Map<String, NamespaceMeters> byTag = new ConcurrentHashMap<>();

    MetricsObserver(SocketIoServer io, MeterRegistry registry, Tags tags, Function<Namespace, String> namespaceTag) {
        this.io = io;
        this.registry = registry;
        this.tags = tags;
        this.namespaceTag = namespaceTag;
        EngineServer engine = io.engine();
        traffic("socketio.received.bytes", engine, TrafficTotals::bytesReceived, "bytes",
                "Engine.IO bytes received from clients (WebSocket messages, polling request bodies)");
        traffic("socketio.sent.bytes", engine, TrafficTotals::bytesSent, "bytes",
                "Engine.IO bytes sent to clients (WebSocket frames, polling response bodies before compression)");
        traffic("socketio.received.packets", engine, TrafficTotals::packetsReceived, "packets",
                "Engine.IO packets received from clients");
        traffic("socketio.sent.packets", engine, TrafficTotals::packetsSent, "packets", "Engine.IO packets sent to clients");
    }

    /** A counter the registry reads from the engine's own traffic totals (nothing is counted here per packet). */
    private void traffic(String name, EngineServer engine, ToLongFunction<TrafficTotals> part, String unit, String description) {
        FunctionCounter.builder(name, engine, e -> part.applyAsLong(e.traffic())).tags(tags).baseUnit(unit)
                .description(description).register(registry);
    }

    /** A counter the registry reads from {@code adder} (held by this observer, which the server keeps). */
    private void counter(String name, Tags meterTags, LongAdder adder, String unit, String description) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).tags(meterTags).baseUnit(unit).description(description)
                .register(registry);
    }

    /** A timer's count and total time in nanoseconds. */
    private static final class TimeSum {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void add(long n) {
            count.increment();
            nanos.add(n);
        }
    }

    private void timer(String name, Tags meterTags, TimeSum sum, String description) {
        FunctionTimer.builder(name, sum, t -> t.count.sum(), t -> t.nanos.sum(), TimeUnit.NANOSECONDS).tags(meterTags)
                .description(description).register(registry);
    }

    MeterRegistry registry() { return registry; }

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
        private final LongAdder received = new LongAdder();
        private final LongAdder sent = new LongAdder();
        private final LongAdder broadcasts = new LongAdder();
        private final TimeSum handlers = new TimeSum();
        private final TimeSum acks = new TimeSum();
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
            counter("socketio.events.received", nspTags, received, null, "Events received from clients");
            counter("socketio.events.sent", nspTags, sent, null,
                    "Events written to sockets (a broadcast counts once per receiver)");
            counter("socketio.broadcasts", nspTags, broadcasts, null, "Broadcasts emitted from this server");
            timer("socketio.handler.duration", nspTags, handlers,
                    "Time spent in the handlers of an event (a sample: one event in 16 of each socket is timed)");
            timer("socketio.ack.roundtrip", nspTags, acks, "Time from an emit with acknowledgement to the client's answer");
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
        public void eventHandled(Socket socket, String event, long nanos) { handlers.add(nanos); }

        @Override
        public void eventSent(Socket socket, Packet packet) { sent.increment(); }

        @Override
        public void ackReceived(Socket socket, long nanos) { acks.add(nanos); }

        @Override
        public void broadcast(Packet packet, BroadcastOptions options) { broadcasts.increment(); }

        @Override
        public String toString() { return "SocketIoMetrics{namespace=" + tag + "}"; }
    }
}
