package io.enlace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why a {@link Socket} left its namespace, with the reference server's strings ({@code socket-types.ts}).
 *
 * <pre>{@code
 * socket.onDisconnect((reason, description) -> log.info("{} left: {}", socket.id(), reason.reason()));
 * }</pre>
 */
public enum DisconnectReason {
    /** The server called {@link Socket#disconnect(boolean) socket.disconnect(false)}. */
    SERVER_NAMESPACE_DISCONNECT("server namespace disconnect"),
    /** The client sent a DISCONNECT packet for this namespace. */
    CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect"),
    /** {@link SocketIoServer#close()} was called. */
    SERVER_SHUTTING_DOWN("server shutting down"),
    /** The client stopped answering pings. */
    PING_TIMEOUT("ping timeout"),
    /** The client closed the connection. */
    TRANSPORT_CLOSE("transport close"),
    /** The connection failed. */
    TRANSPORT_ERROR("transport error"),
    /** The client sent a packet that could not be decoded. */
    PARSE_ERROR("parse error"),
    /** The underlying Engine.IO session was closed by the server. */
    FORCED_CLOSE("forced close"),
    /** The server closed the whole connection ({@code disconnect(true)}, connect timeout, protocol violation). */
    FORCED_SERVER_CLOSE("forced server close");

    private static final Set<DisconnectReason> RECOVERABLE =
            EnumSet.of(TRANSPORT_ERROR, TRANSPORT_CLOSE, FORCED_CLOSE, PING_TIMEOUT, SERVER_SHUTTING_DOWN, FORCED_SERVER_CLOSE);

    private final String reason;

    DisconnectReason(String reason) { this.reason = reason; }

    /** The reference string, e.g. {@code "ping timeout"} (also its JSON form). */
    @JsonValue
    public String reason() { return reason; }

    /** True when connection state recovery keeps the session for this reason. */
    public boolean recoverable() { return RECOVERABLE.contains(this); }

    /** The reason for a reference string, or null (also used to read it from JSON). */
    @JsonCreator
    public static DisconnectReason of(String reason) {
        for (DisconnectReason r : values()) {
            if (r.reason.equals(reason)) return r;
        }
        return null;
    }

    @Override
    public String toString() { return reason; }
}
