package io.enlace.engine;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One Engine.IO session: a client connection that survives the switch from HTTP long-polling to WebSocket.
 *
 * <p>Threading: every session is owned by one Netty {@link EventLoop} ({@link #eventLoop()}); its listeners are
 * called on that loop, in order. {@link #send} and {@link #close} may be called from any thread: off the loop they
 * hop to it.
 *
 * <p>Messages: a text message is a {@link String}; a binary message is a {@code byte[]}. The engine never retains the
 * array after the write completes, and the caller must not mutate it after {@code send}.
 */
public interface EngineSocket {

    /** Ready states, as the reference names them. */
    enum ReadyState { OPENING, OPEN, CLOSING, CLOSED }

    /** The session id (20 characters, from a secure random source; never chosen by the client). */
    String id();

    /** The Engine.IO protocol revision (4). */
    int protocol();

    /** {@code "polling"} or {@code "websocket"}: the transport in use now. */
    String transportName();

    /** True once the session has moved from polling to WebSocket. */
    boolean upgraded();

    ReadyState readyState();

    /** The address of the peer of the handshake request. */
    SocketAddress remoteAddress();

    /** The handshake request: headers (read-only copy). */
    HttpHeaders requestHeaders();

    /** The handshake request: decoded query parameters. */
    Map<String, List<String>> query();

    /** The handshake request URI (path and query). */
    String url();

    /** True when the handshake came over TLS. */
    boolean secure();

    /** The event loop that owns this session. */
    EventLoop eventLoop();

    /**
     * True when the transport can take more data without queueing beyond its high-water mark. Volatile packets
     * are dropped when this is false.
     */
    boolean writable();

    /** Sends a text message (an Engine.IO {@code message} packet). */
    default void send(String text) { send(text, true); }

    /** Sends a text message; {@code compress} allows HTTP compression / permessage-deflate for it. */
    void send(String text, boolean compress);

    /** Sends a binary message. */
    default void send(byte[] data) { send(data, true); }

    /** Sends a binary message; {@code compress} allows compression for it. */
    void send(byte[] data, boolean compress);

    /**
     * Sends several messages as one batch: one flush (WebSocket) or one HTTP response (polling). Each element is a
     * {@link String} or a {@code byte[]}.
     */
    void sendAll(List<?> messages, boolean compress);

    /** Closes the session with reason {@code forced close}. Buffered packets are flushed first. */
    void close();

    // ---- events; each setter replaces nothing: listeners accumulate and are called in order ----

    /** A text ({@code String}) or binary ({@code byte[]}) message from the client. */
    void onMessage(Consumer<Object> listener);

    /** Any packet from the client (also pings/pongs), for diagnostics. */
    void onPacket(Consumer<EnginePacketInfo> listener);

    /** The transport has flushed everything that was queued. */
    void onDrain(Runnable listener);

    /** A WebSocket upgrade has started (probe received). */
    void onUpgrading(Runnable listener);

    /** The session now runs on WebSocket. */
    void onUpgrade(Runnable listener);

    /** The session is closed: reason is one of {@link CloseReason}, description may be null. Called once. */
    void onClose(CloseListener listener);

    /** A transport-level error (before close). */
    void onError(Consumer<Throwable> listener);

    /** Close listener. */
    @FunctionalInterface
    interface CloseListener {
        void onClose(CloseReason reason, String description);
    }

    /** A received packet: type character and whether it was binary. */
    record EnginePacketInfo(char type, boolean binary) {}
}
