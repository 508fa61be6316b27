package io.enlace.engine;

/** Why an Engine.IO session closed, with the reference server's strings. */
public enum CloseReason {
    /** The client closed the transport (WebSocket closed, or a close packet). */
    TRANSPORT_CLOSE("transport close"),
    /** The transport failed (connection reset, request aborted, write failure, backpressure bound exceeded). */
    TRANSPORT_ERROR("transport error"),
    /** No pong within {@code pingTimeout}. */
    PING_TIMEOUT("ping timeout"),
    /** The client sent something that is not Engine.IO. */
    PARSE_ERROR("parse error"),
    /** The server closed the session ({@link EngineSocket#close()}, server shutdown). */
    FORCED_CLOSE("forced close");

    private final String reason;

    CloseReason(String reason) { this.reason = reason; }

    /** The reference server's string for this reason, e.g. {@code "ping timeout"}. */
    public String reason() { return reason; }

    @Override
    public String toString() { return reason; }
}
