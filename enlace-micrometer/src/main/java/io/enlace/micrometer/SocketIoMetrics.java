package io.enlace.micrometer;

import io.enlace.Namespace;
import io.enlace.SocketIoServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Micrometer meters for a {@link SocketIoServer}: bind it to any {@link MeterRegistry} (Prometheus, OTLP, JMX, a
 * Spring Boot application's registry...).
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create();
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * new SocketIoMetrics(io).bindTo(registry);
 * // registry.scrape() now holds socketio_sockets_connected{namespace="/"}, socketio_events_received_total, ...
 * }</pre>
 *
 * <table>
 *   <caption>Meters (Prometheus names in the README)</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>socketio.sockets.connected</td><td>gauge</td><td>namespace</td><td>sockets connected to this server</td></tr>
 *   <tr><td>socketio.engine.connections</td><td>gauge</td><td>transport</td><td>Engine.IO connections now, by transport (polling, websocket)</td></tr>
 *   <tr><td>socketio.connects</td><td>counter</td><td>namespace</td><td>sockets that connected</td></tr>
 *   <tr><td>socketio.connect.errors</td><td>counter</td><td>namespace</td><td>connections refused by a middleware</td></tr>
 *   <tr><td>socketio.disconnects</td><td>counter</td><td>namespace, reason</td><td>sockets that left, by Socket.IO reason</td></tr>
 *   <tr><td>socketio.connection.recoveries</td><td>counter</td><td>namespace</td><td>sockets restored by connection state recovery</td></tr>
 *   <tr><td>socketio.events.received</td><td>counter</td><td>namespace</td><td>events from clients</td></tr>
 *   <tr><td>socketio.events.sent</td><td>counter</td><td>namespace</td><td>events written to sockets (a broadcast counts once per receiver)</td></tr>
 *   <tr><td>socketio.broadcasts</td><td>counter</td><td>namespace</td><td>broadcasts emitted from this server</td></tr>
 *   <tr><td>socketio.handler.duration</td><td>timer</td><td>namespace</td><td>time in the handlers of an event</td></tr>
 *   <tr><td>socketio.ack.roundtrip</td><td>timer</td><td>namespace</td><td>from an emit with ack to the client's answer</td></tr>
 *   <tr><td>socketio.received.bytes / socketio.sent.bytes</td><td>counter</td><td></td><td>Engine.IO bytes from and to clients</td></tr>
 *   <tr><td>socketio.received.packets / socketio.sent.packets</td><td>counter</td><td></td><td>Engine.IO packets from and to clients</td></tr>
 * </table>
 *
 * <p>Tag values stay bounded: the {@code namespace} tag of a namespace created by a parent
 * ({@link SocketIoServer#of(java.util.regex.Pattern)}) is the parent's name ({@code /_0}, ...), unless
 * {@link Builder#namespaceTag} says otherwise; {@code reason} is one of the nine {@link io.enlace.DisconnectReason}s.
 *
 * <p>Cost: unbound, nothing (the server checks one field). Bound, each event increments counters resolved once per
 * namespace (no allocation, no lock; Micrometer's counters are adders); each event handled takes two
 * {@code System.nanoTime()} calls for the handler timer. Each {@link #bindTo} adds one observer to the server;
 * {@link #close()} removes them.
 */
public final class SocketIoMetrics implements MeterBinder, AutoCloseable {
    private final SocketIoServer io;
    private final Tags tags;
    private final Function<Namespace, String> namespaceTag;
    private final List<MetricsObserver> bound = new ArrayList<>();

    /** Meters for {@code io}, with the default namespace tags and no extra tags. */
    public SocketIoMetrics(SocketIoServer io) { this(builder(io)); }

    private SocketIoMetrics(Builder b) {
        this.io = b.io;
        this.tags = b.tags;
        this.namespaceTag = b.namespaceTag;
    }

    /** A builder for {@code io}'s meters. */
    public static Builder builder(SocketIoServer io) { return new Builder(io); }

    /**
     * The default {@code namespace} tag: a namespace's name, or its parent's name for a namespace created by a parent
     * (so that dynamic namespaces do not make one time series each).
     */
    public static String defaultNamespaceTag(Namespace nsp) {
        Namespace parent = nsp.parent();
        return parent != null ? parent.name() : nsp.name();
    }

    /** Registers the meters in {@code registry}; a second call with the same registry has no effect. */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        MetricsObserver observer;
        synchronized (bound) {
            for (MetricsObserver o : bound) if (o.registry() == registry) return;
            observer = new MetricsObserver(io, registry, tags, namespaceTag);
            bound.add(observer);
        }
        for (String transport : new String[] {"polling", "websocket"}) {
            Gauge.builder("socketio.engine.connections", io.engine(), e -> e.clientsCount(transport))
                    .tags(tags).tag("transport", transport)
                    .description("Engine.IO connections open on this server, by current transport")
                    .strongReference(true)
                    .register(registry);
        }
        io.addObserver(observer);
    }

    /** Stops updating the meters of every registry this was bound to (the meters stay in the registries). */
    @Override
    public void close() {
        synchronized (bound) {
            for (MetricsObserver o : bound) io.removeObserver(o);
            bound.clear();
        }
    }

    /** Options of {@link SocketIoMetrics}. */
    public static final class Builder {
        private final SocketIoServer io;
        private Tags tags = Tags.empty();
        private Function<Namespace, String> namespaceTag = SocketIoMetrics::defaultNamespaceTag;

        private Builder(SocketIoServer io) { this.io = Objects.requireNonNull(io, "io"); }

        /** Tags added to every meter (e.g. {@code Tags.of("app", "chat")}). */
        public Builder tags(Iterable<Tag> tags) {
            this.tags = Tags.of(tags);
            return this;
        }

        /**
         * The {@code namespace} tag value of a namespace, asked once per namespace (default
         * {@link #defaultNamespaceTag}). Return few distinct values: each one is a time series per meter.
         *
         * <pre>{@code
         * Namespace rooms = io.of(Pattern.compile("^/room-\\d+$"));
         * SocketIoMetrics.builder(io).namespaceTag(nsp -> nsp.parent() == rooms ? "/room-*" : nsp.name()).build();
         * }</pre>
         */
        public Builder namespaceTag(Function<Namespace, String> namespaceTag) {
            this.namespaceTag = Objects.requireNonNull(namespaceTag, "namespaceTag");
            return this;
        }

        /** The binder. */
        public SocketIoMetrics build() { return new SocketIoMetrics(this); }
    }
}
