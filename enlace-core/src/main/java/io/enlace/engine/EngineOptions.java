package io.enlace.engine;

import java.util.List;
import java.util.Objects;

/**
 * Engine.IO server options, with the reference server's names and defaults. Immutable; build with
 * {@link #builder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>path</td><td>{@code /engine.io/}</td></tr>
 *   <tr><td>pingInterval</td><td>25000 ms</td></tr>
 *   <tr><td>pingTimeout</td><td>20000 ms</td></tr>
 *   <tr><td>upgradeTimeout</td><td>10000 ms</td></tr>
 *   <tr><td>maxHttpBufferSize</td><td>1,000,000 bytes</td></tr>
 *   <tr><td>transports</td><td>polling, websocket</td></tr>
 *   <tr><td>allowUpgrades</td><td>true</td></tr>
 *   <tr><td>allowEIO3</td><td>false (Engine.IO v3 clients, i.e. Socket.IO v2 clients, refused)</td></tr>
 *   <tr><td>allowRequest</td><td>none (everything allowed)</td></tr>
 *   <tr><td>cors</td><td>off</td></tr>
 *   <tr><td>cookie</td><td>off</td></tr>
 *   <tr><td>httpCompression</td><td>on, threshold 1024 bytes</td></tr>
 *   <tr><td>perMessageDeflate</td><td>off</td></tr>
 *   <tr><td>initialPacket</td><td>none</td></tr>
 *   <tr><td>maxBufferedBytes</td><td>16 MiB queued per session while the transport is not writable (each packet
 *   counts its size plus 32 bytes); past it the session closes</td></tr>
 *   <tr><td>maxPendingInboundBytes</td><td>1 MiB received per connection and not yet handled; past it the
 *   connection is not read until half of it is handled</td></tr>
 * </table>
 */
public final class EngineOptions {
    private final String path;
    private final long pingInterval;
    private final long pingTimeout;
    private final long upgradeTimeout;
    private final int maxHttpBufferSize;
    private final List<String> transports;
    private final boolean allowUpgrades;
    private final boolean allowEIO3;
    private final AllowRequest allowRequest;
    private final CorsOptions cors;
    private final CookieOptions cookie;
    private final boolean httpCompression;
    private final int httpCompressionThreshold;
    private final boolean perMessageDeflate;
    private final String initialPacket;
    private final long maxBufferedBytes;
    private final long maxPendingInboundBytes;

    private EngineOptions(Builder b) {
        String p = b.path;
        if (!p.startsWith("/")) p = "/" + p;
        if (!p.endsWith("/")) p = p + "/";
        this.path = p;
        this.pingInterval = positive(b.pingInterval, "pingInterval");
        this.pingTimeout = positive(b.pingTimeout, "pingTimeout");
        this.upgradeTimeout = positive(b.upgradeTimeout, "upgradeTimeout");
        this.maxHttpBufferSize = (int) positive(b.maxHttpBufferSize, "maxHttpBufferSize");
        for (String t : b.transports) {
            if (!t.equals("polling") && !t.equals("websocket")) {
                throw new IllegalArgumentException("unknown transport: " + t);
            }
        }
        if (b.transports.isEmpty()) throw new IllegalArgumentException("transports must not be empty");
        this.transports = List.copyOf(b.transports);
        this.allowUpgrades = b.allowUpgrades;
        this.allowEIO3 = b.allowEIO3;
        this.allowRequest = b.allowRequest;
        this.cors = b.cors;
        this.cookie = b.cookie;
        this.httpCompression = b.httpCompression;
        this.httpCompressionThreshold = b.httpCompressionThreshold;
        this.perMessageDeflate = b.perMessageDeflate;
        this.initialPacket = b.initialPacket;
        this.maxBufferedBytes = positive(b.maxBufferedBytes, "maxBufferedBytes");
        this.maxPendingInboundBytes = positive(b.maxPendingInboundBytes, "maxPendingInboundBytes");
    }

    private static long positive(long v, String name) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be > 0, got " + v);
        return v;
    }

    public static Builder builder() { return new Builder(); }

    /** A builder holding these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path; b.pingInterval = pingInterval; b.pingTimeout = pingTimeout; b.upgradeTimeout = upgradeTimeout;
        b.maxHttpBufferSize = maxHttpBufferSize; b.transports = transports; b.allowUpgrades = allowUpgrades;
        b.allowRequest = allowRequest; b.cors = cors; b.cookie = cookie; b.httpCompression = httpCompression;
        b.httpCompressionThreshold = httpCompressionThreshold; b.perMessageDeflate = perMessageDeflate;
        b.initialPacket = initialPacket; b.maxBufferedBytes = maxBufferedBytes;
        b.maxPendingInboundBytes = maxPendingInboundBytes; b.allowEIO3 = allowEIO3;
        return b;
    }

    /** Always starts and ends with {@code /}. */
    public String path() { return path; }
    public long pingInterval() { return pingInterval; }
    public long pingTimeout() { return pingTimeout; }
    public long upgradeTimeout() { return upgradeTimeout; }
    public int maxHttpBufferSize() { return maxHttpBufferSize; }
    public List<String> transports() { return transports; }
    public boolean allowUpgrades() { return allowUpgrades; }

    /**
     * Whether Engine.IO v3 clients are accepted (Node's {@code allowEIO3}): a handshake whose {@code EIO} is not
     * {@code 4} opens a v3 session (length-prefixed polling payloads, binary payloads for XHR2 clients, JSONP, the
     * client-driven heartbeat, WebSocket binary messages with their type byte) on the same path as v4 clients. Off, such
     * a handshake is refused with code 5 {@code Unsupported protocol version}. Default false.
     */
    public boolean allowEIO3() { return allowEIO3; }
    /** May be null. */
    public AllowRequest allowRequest() { return allowRequest; }
    /** Null when CORS is off. */
    public CorsOptions cors() { return cors; }
    /** Null when the cookie is off. */
    public CookieOptions cookie() { return cookie; }
    public boolean httpCompression() { return httpCompression; }
    public int httpCompressionThreshold() { return httpCompressionThreshold; }
    public boolean perMessageDeflate() { return perMessageDeflate; }
    /** May be null. */
    public String initialPacket() { return initialPacket; }
    public long maxBufferedBytes() { return maxBufferedBytes; }

    /**
     * Bytes of messages received on one connection and not yet handled: queued for the handlers (Socket.IO with an
     * executor), held until the Socket.IO connection listeners have run, or waiting for the session's event loop.
     * Past it the connection is not read (a WebSocket) or its next POST is not answered (polling) until half of it
     * has been handled; the client's own buffers then fill and it slows down. Nothing is dropped.
     */
    public long maxPendingInboundBytes() { return maxPendingInboundBytes; }

    /** Builder with the reference defaults. */
    public static final class Builder {
        private String path = "/engine.io/";
        private long pingInterval = 25_000;
        private long pingTimeout = 20_000;
        private long upgradeTimeout = 10_000;
        private long maxHttpBufferSize = 1_000_000;
        private List<String> transports = List.of("polling", "websocket");
        private boolean allowUpgrades = true;
        private boolean allowEIO3;
        private AllowRequest allowRequest;
        private CorsOptions cors;
        private CookieOptions cookie;
        private boolean httpCompression = true;
        private int httpCompressionThreshold = 1024;
        private boolean perMessageDeflate;
        private String initialPacket;
        private long maxBufferedBytes = 16L * 1024 * 1024;
        private long maxPendingInboundBytes = 1024L * 1024;

        public Builder path(String path) { this.path = Objects.requireNonNull(path); return this; }
        public Builder pingInterval(long ms) { this.pingInterval = ms; return this; }
        public Builder pingTimeout(long ms) { this.pingTimeout = ms; return this; }
        public Builder upgradeTimeout(long ms) { this.upgradeTimeout = ms; return this; }
        public Builder maxHttpBufferSize(long bytes) { this.maxHttpBufferSize = bytes; return this; }
        public Builder transports(List<String> transports) { this.transports = Objects.requireNonNull(transports); return this; }
        public Builder allowUpgrades(boolean allow) { this.allowUpgrades = allow; return this; }
        /** See {@link EngineOptions#allowEIO3()} (default false). */
        public Builder allowEIO3(boolean allow) { this.allowEIO3 = allow; return this; }
        public Builder allowRequest(AllowRequest allowRequest) { this.allowRequest = allowRequest; return this; }
        public Builder cors(CorsOptions cors) { this.cors = cors; return this; }
        public Builder cookie(CookieOptions cookie) { this.cookie = cookie; return this; }
        public Builder httpCompression(boolean on) { this.httpCompression = on; return this; }
        public Builder httpCompressionThreshold(int bytes) { this.httpCompressionThreshold = bytes; return this; }
        public Builder perMessageDeflate(boolean on) { this.perMessageDeflate = on; return this; }
        public Builder initialPacket(String message) { this.initialPacket = message; return this; }
        public Builder maxBufferedBytes(long bytes) { this.maxBufferedBytes = bytes; return this; }
        /** See {@link EngineOptions#maxPendingInboundBytes()} (default 1 MiB). */
        public Builder maxPendingInboundBytes(long bytes) { this.maxPendingInboundBytes = bytes; return this; }

        public EngineOptions build() { return new EngineOptions(this); }
    }
}
