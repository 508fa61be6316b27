package io.enlace.spring.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code enlace.*} properties: where the Socket.IO server listens, and the options of {@code ServerOptions} and
 * {@code EngineOptions} under Node's names (kebab-case) and defaults. What properties cannot say (an
 * {@code allowRequest} check, a CORS origin function, an adapter of your own...) goes into an
 * {@link EnlaceServerOptionsCustomizer} or {@link EnlaceNettyServerCustomizer} bean.
 */
@ConfigurationProperties(prefix = "enlace")
public class EnlaceProperties {

    /** Handler execution: where the handlers of a socket run (always one at a time, in order). */
    public enum Executor {
        /** On the connection's Netty event loop, like Node: handlers must not block. */
        EVENT_LOOP,
        /** On a virtual thread per task (JDK 21+; a cached thread pool before), in order per socket: handlers may block. */
        VIRTUAL_THREADS
    }

    /** The Redis adapter's protocol. */
    public enum RedisAdapterKind {
        /** PUBLISH/SUBSCRIBE, as @socket.io/redis-adapter's createAdapter. */
        CLASSIC,
        /** SPUBLISH/SSUBSCRIBE (Redis 7+), as createShardedAdapter. */
        SHARDED
    }

    /** Which shard channels the sharded adapter subscribes to. */
    public enum SubscriptionMode {
        /** Only the namespace channels. */
        STATIC,
        /** Also one channel per room that is not a socket id. */
        DYNAMIC,
        /** Also one channel per room, socket-id rooms included. */
        DYNAMIC_PRIVATE
    }

    /** The packet format. */
    public enum ParserKind {
        /** socket.io-parser (JSON), the default of every client. */
        JSON,
        /** socket.io-msgpack-parser; needs io.enlace:enlace-msgpack. */
        MSGPACK
    }

    /** Whether to create and start the Socket.IO server. */
    private boolean enabled = true;

    /** Address to listen on. */
    private String host = "0.0.0.0";

    /**
     * Port of the Socket.IO server (0 picks a free one, published as the local.enlace.port property). Enlace has its
     * own port: server.port stays the web server's (Actuator, MVC...).
     */
    private int port = 3000;

    /** Where the server answers, as Node's path option. */
    private String path = "/socket.io/";

    /** Netty event loop threads; 0 means Netty's default (2 x cores). */
    private int ioThreads = 0;

    /** An HTTP connection silent this long while no long-poll response is pending is closed. */
    private Duration idleTimeout = Duration.ofSeconds(60);

    /** How long closing waits for the sockets to be told (reason "server shutting down") and the port released. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /** Interval between the server's pings (pingInterval). */
    private Duration pingInterval = Duration.ofSeconds(25);

    /** How long the server waits for a pong before closing with "ping timeout" (pingTimeout). */
    private Duration pingTimeout = Duration.ofSeconds(20);

    /** An unfinished polling to WebSocket upgrade is cancelled after this (upgradeTimeout). */
    private Duration upgradeTimeout = Duration.ofSeconds(10);

    /** Largest HTTP POST body (413) and WebSocket message (close 1009), as maxHttpBufferSize (bytes by default). */
    @DataSizeUnit(DataUnit.BYTES)
    private DataSize maxHttpBufferSize = DataSize.ofBytes(1_000_000);

    /** Allowed transports: polling, websocket. */
    private List<String> transports = new ArrayList<>(List.of("polling", "websocket"));

    /** Whether polling sessions may upgrade to WebSocket (allowUpgrades). */
    private boolean allowUpgrades = true;

    /** gzip/deflate of polling responses (httpCompression). */
    private boolean httpCompression = true;

    /** Smallest polling response that gets compressed (bytes by default). */
    @DataSizeUnit(DataUnit.BYTES)
    private DataSize httpCompressionThreshold = DataSize.ofBytes(1024);

    /** WebSocket permessage-deflate compression (perMessageDeflate). */
    private boolean perMessageDeflate = false;

    /** Accept Socket.IO v2 clients (Engine.IO v3) next to v4 clients (allowEIO3). */
    private boolean allowEio3 = false;

    /** A message sent right after the handshake (initialPacket); none when empty. */
    private String initialPacket;

    /** Queued per session while the transport is not writable; past it the session closes (bytes by default). */
    @DataSizeUnit(DataUnit.BYTES)
    private DataSize maxBufferedBytes = DataSize.ofMegabytes(16);

    /** A connection that joins no namespace in this time is closed (connectTimeout). */
    private Duration connectTimeout = Duration.ofSeconds(45);

    /** Drop the child namespaces of a dynamic namespace when their last socket leaves. */
    private boolean cleanupEmptyChildNamespaces = false;

    /** Serve the official client bundle at {path}socket.io.js and its siblings (serveClient). */
    private boolean serveClient = true;

    /** Where the handlers run. */
    private Executor executor = Executor.EVENT_LOOP;

    /** A handler holding an event loop longer than this is logged; 0 turns the check off. */
    private Duration blockedThreshold = Duration.ofSeconds(2);

    /** The packet format. */
    private ParserKind parser = ParserKind.JSON;

    /**
     * Bind payloads with a copy of the application's Jackson ObjectMapper (its modules, naming and coercion settings;
     * compact output); false uses Enlace's own mapper.
     */
    private boolean applicationObjectMapper = true;

    private final Ssl ssl = new Ssl();
    private final Cors cors = new Cors();
    private final Cookie cookie = new Cookie();
    private final Recovery connectionStateRecovery = new Recovery();
    private final Redis redis = new Redis();
    private final Metrics metrics = new Metrics();

    /** HTTPS/WSS on Enlace's port. */
    public static class Ssl {
        /** PEM certificate chain file; with private-key, Enlace serves HTTPS/WSS. */
        private File certificate;

        /** PEM private key file (PKCS#8). */
        private File privateKey;

        public File getCertificate() { return certificate; }
        public void setCertificate(File certificate) { this.certificate = certificate; }
        public File getPrivateKey() { return privateKey; }
        public void setPrivateKey(File privateKey) { this.privateKey = privateKey; }
    }

    /** Cross-origin requests (Node's cors option); off unless origins or origin-patterns are set. */
    public static class Cors {
        /** Allowed origins, e.g. https://example.com; "*" allows any. */
        private List<String> origins = new ArrayList<>();

        /** Allowed origins as regular expressions (whole match), e.g. https://.*\.example\.com. */
        private List<String> originPatterns = new ArrayList<>();

        /** Access-Control-Allow-Credentials (cookies, authorization headers). */
        private boolean credentials = false;

        /** Allowed methods. */
        private List<String> methods = new ArrayList<>(List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"));

        /** Allowed request headers; unset reflects Access-Control-Request-Headers. */
        private List<String> allowedHeaders;

        /** Headers the browser may read. */
        private List<String> exposedHeaders = new ArrayList<>();

        /** How long browsers may cache a preflight answer. */
        private Duration maxAge;

        public List<String> getOrigins() { return origins; }
        public void setOrigins(List<String> origins) { this.origins = origins; }
        public List<String> getOriginPatterns() { return originPatterns; }
        public void setOriginPatterns(List<String> originPatterns) { this.originPatterns = originPatterns; }
        public boolean isCredentials() { return credentials; }
        public void setCredentials(boolean credentials) { this.credentials = credentials; }
        public List<String> getMethods() { return methods; }
        public void setMethods(List<String> methods) { this.methods = methods; }
        public List<String> getAllowedHeaders() { return allowedHeaders; }
        public void setAllowedHeaders(List<String> allowedHeaders) { this.allowedHeaders = allowedHeaders; }
        public List<String> getExposedHeaders() { return exposedHeaders; }
        public void setExposedHeaders(List<String> exposedHeaders) { this.exposedHeaders = exposedHeaders; }
        public Duration getMaxAge() { return maxAge; }
        public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    }

    /** The session cookie on the handshake (Node's cookie option). */
    public static class Cookie {
        /** Set io=&lt;sid&gt; on the handshake response. */
        private boolean enabled = false;

        /** Cookie name. */
        private String name = "io";

        /** Cookie path. */
        private String path = "/";

        /** HttpOnly flag. */
        private boolean httpOnly = true;

        /** SameSite value; empty omits it. */
        private String sameSite = "Lax";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public boolean isHttpOnly() { return httpOnly; }
        public void setHttpOnly(boolean httpOnly) { this.httpOnly = httpOnly; }
        public String getSameSite() { return sameSite; }
        public void setSameSite(String sameSite) { this.sameSite = sameSite; }
    }

    /** Connection state recovery (Node's connectionStateRecovery). */
    public static class Recovery {
        /** Keep the session of a disconnected socket so that it can resume with its rooms and missed packets. */
        private boolean enabled = false;

        /** How long a disconnected session is kept. */
        private Duration maxDisconnectionDuration = Duration.ofMinutes(2);

        /** A recovered socket skips the connection middlewares. */
        private boolean skipMiddlewares = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getMaxDisconnectionDuration() { return maxDisconnectionDuration; }
        public void setMaxDisconnectionDuration(Duration d) { this.maxDisconnectionDuration = d; }
        public boolean isSkipMiddlewares() { return skipMiddlewares; }
        public void setSkipMiddlewares(boolean skipMiddlewares) { this.skipMiddlewares = skipMiddlewares; }
    }

    /** Enlace's Micrometer meters (needs io.enlace:enlace-micrometer and Spring Boot Actuator). */
    public static class Metrics {
        /**
         * Bind Enlace's meters (socketio.*: sockets, connections, events, disconnect reasons, bytes, handler and ack
         * timers) to the application's MeterRegistry, when io.enlace:enlace-micrometer and Actuator are on the class
         * path.
         */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }

    /** The Redis adapter (needs io.enlace:enlace-redis): nodes sharing a Redis form one cluster, Node.js nodes too. */
    public static class Redis {
        /** Redis URI, e.g. redis://127.0.0.1:6379; unset keeps the in-memory adapter. */
        private String uri;

        /** classic (PUBLISH, as @socket.io/redis-adapter's createAdapter) or sharded (SPUBLISH, Redis 7+). */
        private RedisAdapterKind adapter = RedisAdapterKind.CLASSIC;

        /** Channel prefix; every node of the cluster, Java or Node, uses the same (key, or channelPrefix). */
        private String key = "socket.io";

        /** How long cluster requests (fetchSockets, serverSideEmit acks) wait for answers (requestsTimeout). */
        private Duration requestsTimeout = Duration.ofSeconds(5);

        /** Answers go to the requester's own channel (publishOnSpecificResponseChannel); all nodes must agree. */
        private boolean publishOnSpecificResponseChannel = false;

        /** Sharded adapter: static, dynamic or dynamic-private (subscriptionMode). */
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

        /** Longest pause between two attempts to reach Redis at start. */
        private Duration reconnectDelayMax = Duration.ofSeconds(5);

        public String getUri() { return uri; }
        public void setUri(String uri) { this.uri = uri; }
        public RedisAdapterKind getAdapter() { return adapter; }
        public void setAdapter(RedisAdapterKind adapter) { this.adapter = adapter; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public Duration getRequestsTimeout() { return requestsTimeout; }
        public void setRequestsTimeout(Duration requestsTimeout) { this.requestsTimeout = requestsTimeout; }
        public boolean isPublishOnSpecificResponseChannel() { return publishOnSpecificResponseChannel; }
        public void setPublishOnSpecificResponseChannel(boolean on) { this.publishOnSpecificResponseChannel = on; }
        public SubscriptionMode getSubscriptionMode() { return subscriptionMode; }
        public void setSubscriptionMode(SubscriptionMode mode) { this.subscriptionMode = mode; }
        public Duration getReconnectDelayMax() { return reconnectDelayMax; }
        public void setReconnectDelayMax(Duration reconnectDelayMax) { this.reconnectDelayMax = reconnectDelayMax; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public int getIoThreads() { return ioThreads; }
    public void setIoThreads(int ioThreads) { this.ioThreads = ioThreads; }
    public Duration getIdleTimeout() { return idleTimeout; }
    public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
    public Duration getShutdownTimeout() { return shutdownTimeout; }
    public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    public Duration getPingInterval() { return pingInterval; }
    public void setPingInterval(Duration pingInterval) { this.pingInterval = pingInterval; }
    public Duration getPingTimeout() { return pingTimeout; }
    public void setPingTimeout(Duration pingTimeout) { this.pingTimeout = pingTimeout; }
    public Duration getUpgradeTimeout() { return upgradeTimeout; }
    public void setUpgradeTimeout(Duration upgradeTimeout) { this.upgradeTimeout = upgradeTimeout; }
    public DataSize getMaxHttpBufferSize() { return maxHttpBufferSize; }
    public void setMaxHttpBufferSize(DataSize maxHttpBufferSize) { this.maxHttpBufferSize = maxHttpBufferSize; }
    public List<String> getTransports() { return transports; }
    public void setTransports(List<String> transports) { this.transports = transports; }
    public boolean isAllowUpgrades() { return allowUpgrades; }
    public void setAllowUpgrades(boolean allowUpgrades) { this.allowUpgrades = allowUpgrades; }
    public boolean isHttpCompression() { return httpCompression; }
    public void setHttpCompression(boolean httpCompression) { this.httpCompression = httpCompression; }
    public DataSize getHttpCompressionThreshold() { return httpCompressionThreshold; }
    public void setHttpCompressionThreshold(DataSize threshold) { this.httpCompressionThreshold = threshold; }
    public boolean isPerMessageDeflate() { return perMessageDeflate; }
    public void setPerMessageDeflate(boolean perMessageDeflate) { this.perMessageDeflate = perMessageDeflate; }
    public boolean isAllowEio3() { return allowEio3; }
    public void setAllowEio3(boolean allowEio3) { this.allowEio3 = allowEio3; }
    public String getInitialPacket() { return initialPacket; }
    public void setInitialPacket(String initialPacket) { this.initialPacket = initialPacket; }
    public DataSize getMaxBufferedBytes() { return maxBufferedBytes; }
    public void setMaxBufferedBytes(DataSize maxBufferedBytes) { this.maxBufferedBytes = maxBufferedBytes; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }
    public boolean isCleanupEmptyChildNamespaces() { return cleanupEmptyChildNamespaces; }
    public void setCleanupEmptyChildNamespaces(boolean on) { this.cleanupEmptyChildNamespaces = on; }
    public boolean isServeClient() { return serveClient; }
    public void setServeClient(boolean serveClient) { this.serveClient = serveClient; }
    public Executor getExecutor() { return executor; }
    public void setExecutor(Executor executor) { this.executor = executor; }
    public Duration getBlockedThreshold() { return blockedThreshold; }
    public void setBlockedThreshold(Duration blockedThreshold) { this.blockedThreshold = blockedThreshold; }
    public ParserKind getParser() { return parser; }
    public void setParser(ParserKind parser) { this.parser = parser; }
    public boolean isApplicationObjectMapper() { return applicationObjectMapper; }
    public void setApplicationObjectMapper(boolean on) { this.applicationObjectMapper = on; }
    public Ssl getSsl() { return ssl; }
    public Cors getCors() { return cors; }
    public Cookie getCookie() { return cookie; }
    public Recovery getConnectionStateRecovery() { return connectionStateRecovery; }
    public Redis getRedis() { return redis; }
    public Metrics getMetrics() { return metrics; }
}
