package io.enlace.internal.socket;

/**
 * The lifecycle of a socket (Node's {@code Socket} has it spread over {@code connected} and the client's maps). A
 * socket is in exactly one state; {@link RealSocket} changes it by compare-and-set, so each transition happens once
 * whichever thread tries it (the connection's loop, a handler thread, a user thread closing the server).
 *
 * <pre>
 * CREATED ──┬─> REFUSED                        (a middleware failed, or the connection went away first)
 *           └─> CONNECTED ─> DISCONNECTING ─> DISCONNECTED
 * </pre>
 */
enum SocketState {
    /**
     * Made for a CONNECT packet; the namespace's middlewares run. Not yet known to its client (packets for its namespace
     * are refused as "invalid state"), no events, no acks.
     */
    CREATED,
    /** Never connected: a middleware failed (a CONNECT_ERROR was sent) or the connection closed first. Left its rooms. */
    REFUSED,
    /**
     * Registered with its client and namespace, CONNECT reply sent, in its own room; the connection listeners run
     * first, then its packets in order. {@link io.enlace.Socket#connected()} is true in this state only.
     */
    CONNECTED,
    /**
     * Leaving: no more events or acks are handled and the acks it awaited have failed; the disconnecting listeners run
     * with the rooms still set, and the session is kept if recoverable. Event middlewares already running may go on.
     */
    DISCONNECTING,
    /** Gone: out of its rooms and namespace; the disconnect listeners have run (or are running). */
    DISCONNECTED
}
