package io.enlace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.adapter.AdapterFactory;
import io.enlace.adapter.InMemoryAdapter;
import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineOptions;
import io.enlace.parser.JsonParser;
import io.enlace.parser.Parser;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Socket.IO server options, with Node's names and defaults. Immutable; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>path</td><td>{@code /socket.io/}</td></tr>
 *   <tr><td>engine options (pingInterval, pingTimeout, maxHttpBufferSize, cors, transports, allowEIO3...)</td><td>see {@link EngineOptions}</td></tr>
 *   <tr><td>connectTimeout</td><td>45000 ms</td></tr>
 *   <tr><td>connectionStateRecovery</td><td>off ({@link Recovery#defaults()}: 120000 ms, skipMiddlewares)</td></tr>
 *   <tr><td>cleanupEmptyChildNamespaces</td><td>false</td></tr>
 *   <tr><td>adapter</td><td>{@link InMemoryAdapter}</td></tr>
 *   <tr><td>parser</td><td>{@link JsonParser} (socket.io-parser)</td></tr>
 *   <tr><td>serveClient</td><td>true: the official client bundle is served at {@code <path>/socket.io.js} and siblings</td></tr>
 *   <tr><td>executor</td><td>none: handlers run on the connection's event loop, like Node</td></tr>
 *   <tr><td>serialHandlers</td><td>false: handlers of different sockets run in parallel (unlike Node)</td></tr>
 *   <tr><td>blockedThreshold</td><td>2000 ms: a handler holding an event loop longer is logged</td></tr>
 *   <tr><td>objectMapper</td><td>a mapper writing compact JSON, nulls kept, declaration order</td></tr>
 * </table>
 *
 * <pre>{@code
 * ServerOptions opts = ServerOptions.builder()
 *     .pingInterval(10_000)
 *     .cors(CorsOptions.builder().origin("*").build())
 *     .connectionStateRecovery(ServerOptions.Recovery.defaults())
 *     .executor(ServerOptions.virtualThreadExecutor())     // JDK 21+: blocking handlers are fine
 *     .build();
 * }</pre>
 */
public final class ServerOptions {

    /**
     * Connection state recovery settings (Node's {@code connectionStateRecovery}).
     *
     * @param maxDisconnectionDuration how long a disconnected session is kept
     * @param skipMiddlewares          whether a recovered socket skips the connection middlewares
     */
    public record Recovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {
        /** Node's defaults: 2 minutes, middlewares skipped. */
        public static Recovery defaults() { return new Recovery(Duration.ofMinutes(2), true); }
    }

    private final EngineOptions engine;
    private final long connectTimeout;
    private final Recovery recovery;
    private final boolean cleanupEmptyChildNamespaces;
    private final AdapterFactory adapter;
    private final Parser parser;
    private final boolean serveClient;
    private final Executor executor;
    private final boolean serialHandlers;
    private final long blockedThreshold;
    private final ObjectMapper objectMapper;

    private ServerOptions(Builder b) {
        this.engine = b.engine.path(b.path).build();
        this.connectTimeout = b.connectTimeout;
        this.recovery = b.recovery;
        this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
        this.adapter = b.adapter;
        this.objectMapper = b.objectMapper != null ? b.objectMapper : JsonParser.defaultMapper();
        this.parser = b.parser != null ? b.parser : new JsonParser(objectMapper);
        this.serveClient = b.serveClient;
        this.executor = b.executor;
        this.serialHandlers = b.serialHandlers;
        this.blockedThreshold = b.blockedThreshold;
    }

    /** A builder with the defaults. */
    public static Builder builder() { return new Builder(); }

    /** The engine options (their path is {@link #path()}). */
    public EngineOptions engine() { return engine; }

    /** The path, starting and ending with {@code /}. */
    public String path() { return engine.path(); }

    /** Milliseconds a connection may stay without joining a namespace. */
    public long connectTimeout() { return connectTimeout; }

    /** Recovery settings, or null when off. */
    public Recovery connectionStateRecovery() { return recovery; }

    /** Whether an empty child of a parent namespace is removed. */
    public boolean cleanupEmptyChildNamespaces() { return cleanupEmptyChildNamespaces; }

    /** The adapter factory (one adapter per namespace). */
    public AdapterFactory adapter() { return adapter; }

    /** The packet parser. */
    public Parser parser() { return parser; }

    /** Node's {@code serveClient}: whether {@link SocketIoServer#attach} also serves the client bundle. */
    public boolean serveClient() { return serveClient; }

    /** The executor for handlers, or null for the event loop. */
    public Executor executor() { return executor; }

    /** Whether all handlers of the server run one at a time ({@link Builder#serialHandlers}). */
    public boolean serialHandlers() { return serialHandlers; }

    /** Milliseconds after which a handler holding an event loop is logged. */
    public long blockedThreshold() { return blockedThreshold; }

    /** The mapper used to turn arguments into JSON and back. */
    public ObjectMapper objectMapper() { return objectMapper; }

    /**
     * An executor starting one virtual thread per task (JDK 21+); falls back to a cached thread pool of daemon
     * threads on older JDKs. Use it with {@link Builder#executor} so that handlers may block.
     */
    public static ExecutorService virtualThreadExecutor() {
        try {
            return (ExecutorService) Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "enlace-handler");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Builder. */
    public static final class Builder {
        private EngineOptions.Builder engine = EngineOptions.builder();
        private String path = "/socket.io/";
        private long connectTimeout = 45_000;
        private Recovery recovery;
        private boolean cleanupEmptyChildNamespaces;
        private AdapterFactory adapter = InMemoryAdapter::new;
        private Parser parser;
        private boolean serveClient = true;
        private Executor executor;
        private boolean serialHandlers;
        private long blockedThreshold = 2000;
        private ObjectMapper objectMapper;

        private Builder() {}

        /** The path (default {@code /socket.io/}). */
        public Builder path(String path) { this.path = Objects.requireNonNull(path); return this; }

        /** Engine options; their path is replaced by {@link #path}. */
        public Builder engine(EngineOptions options) { this.engine = options.toBuilder(); return this; }

        /** Engine option: ms between pings (default 25000). */
        public Builder pingInterval(long ms) { engine.pingInterval(ms); return this; }

        /** Engine option: ms to wait for a pong (default 20000). */
        public Builder pingTimeout(long ms) { engine.pingTimeout(ms); return this; }

        /** Engine option: largest message in bytes (default 1e6). */
        public Builder maxHttpBufferSize(long bytes) { engine.maxHttpBufferSize(bytes); return this; }

        /**
         * Engine option: bytes received per connection and not yet handled (default 1 MiB); past it the connection
         * is not read until half of it is handled. Matters with an {@link #executor}, whose queue it bounds.
         */
        public Builder maxPendingInboundBytes(long bytes) { engine.maxPendingInboundBytes(bytes); return this; }

        /** Engine option: CORS. */
        public Builder cors(CorsOptions cors) { engine.cors(cors); return this; }

        /** Engine option: allowed transports ({@code polling}, {@code websocket}). */
        public Builder transports(List<String> transports) { engine.transports(transports); return this; }

        /**
         * Engine option: accept Socket.IO v2 clients (Engine.IO v3) next to v4 clients, as Node's {@code allowEIO3}
         * (default false). They speak Socket.IO's protocol 4: they join {@code /} when they connect, their
         * {@code auth} is the query of the namespace they ask for, and they get no connection state recovery
         * (docs/socketio.md, "Socket.IO v2 clients").
         */
        public Builder allowEIO3(boolean allow) { engine.allowEIO3(allow); return this; }

        /** Ms a connection may stay without joining a namespace (default 45000). */
        public Builder connectTimeout(long ms) { this.connectTimeout = ms; return this; }

        /** Turns connection state recovery on (null = off). */
        public Builder connectionStateRecovery(Recovery recovery) { this.recovery = recovery; return this; }

        /** Removes child namespaces of a parent once their last socket left (default false). */
        public Builder cleanupEmptyChildNamespaces(boolean on) { this.cleanupEmptyChildNamespaces = on; return this; }

        /** The adapter factory (default {@code InMemoryAdapter::new}). */
        public Builder adapter(AdapterFactory factory) { this.adapter = Objects.requireNonNull(factory); return this; }

        /** The parser (default {@link JsonParser}). */
        public Builder parser(Parser parser) { this.parser = Objects.requireNonNull(parser); return this; }

        /** Node's {@code serveClient} (default true): serve the official client bundle under the path. */
        public Builder serveClient(boolean on) { this.serveClient = on; return this; }

        /**
         * Runs handlers on a per-socket serial queue over this executor instead of the event loop: handlers may block
         * (JDBC, HTTP calls, {@code emitWithAck(...).join()}); those of one socket still run one at a time, in order.
         */
        public Builder executor(Executor executor) { this.executor = executor; return this; }

        /**
         * Node's threading model, for a first port: every handler of the server (connection middlewares and
         * listeners, event handlers, disconnect listeners, {@code onServerSideEmit} listeners), of every socket and
         * namespace, runs one at a time, in arrival order, so handlers may share plain state ({@code ++numUsers})
         * without locks. Handlers run on the {@link #executor} when one is set, else on one thread of their own
         * ({@code enlace-handlers}); never on the event loops. A handler that blocks holds every other handler of the
         * server meanwhile (as synchronous code in Node). Default false: handlers of different sockets run in
         * parallel. Continuations of futures ({@code emitWithAck(...).thenAccept(...)}) are not handlers: they run
         * where the future completes (see docs/threading.md).
         *
         * <pre>{@code
         * int[] numUsers = {0};   // a plain counter: one handler at a time, no AtomicInteger needed
         * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().serialHandlers(true).build());
         * io.onConnection(socket -> {
         *     numUsers[0]++;
         *     socket.on("disconnect", () -> numUsers[0]--);
         * });
         * }</pre>
         */
        public Builder serialHandlers(boolean on) { this.serialHandlers = on; return this; }

        /** Ms after which a handler holding an event loop is logged (default 2000; 0 = off). */
        public Builder blockedThreshold(long ms) { this.blockedThreshold = ms; return this; }

        /** The Jackson mapper for arguments (default {@link JsonParser#defaultMapper()}). */
        public Builder objectMapper(ObjectMapper mapper) { this.objectMapper = Objects.requireNonNull(mapper); return this; }

        /** Builds the options. */
        public ServerOptions build() { return new ServerOptions(this); }
    }
}
