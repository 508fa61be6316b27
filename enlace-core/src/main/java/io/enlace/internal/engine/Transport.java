package io.enlace.internal.engine;

/**
 * How a session's packets travel (Engine.IO's "transport"). Every method is called on the session's loop except
 * {@link #writable()}. Inbound data goes the other way, always through the session, which tells by identity whether it
 * comes from its current transport or from an upgrade's probe. The network side is behind the ports
 * ({@link FrameChannel}, {@link PollExchange}), implemented in {@code internal.netty}; transports are protocol-neutral
 * (the codecs do the framing).
 */
interface Transport {

    /** {@code "polling"} or {@code "websocket"}. */
    String name();

    /** Moves packets from {@code queue} to the wire as far as possible now. */
    void flush(OutboundQueue queue);

    /** Hint for volatile packets; readable from any thread. */
    boolean writable();

    /** Closes the transport (WebSocket: a close frame, bounded). */
    void close();

    /** Inbound backpressure: stop reading from the peer. */
    void suspendReads();

    /** Inbound backpressure: read again. */
    void resumeReads();
}
