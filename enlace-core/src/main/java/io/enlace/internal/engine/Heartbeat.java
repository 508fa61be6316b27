package io.enlace.internal.engine;

/**
 * How a session knows its peer is alive. Engine.IO v4: the server pings, the client answers
 * ({@link ServerPingHeartbeat}); v3: the client pings, the server answers ({@link ClientPingHeartbeat}). Which side may
 * send which packet is the heartbeat's rule: the session closes on a packet it says is not allowed
 * ({@code invalid heartbeat direction}). Confined to the session's loop.
 */
interface Heartbeat {

    /** Starts the schedule (the session just opened). */
    void start();

    /** A ping from the peer; true when allowed (then the session answers with a pong), false when not. */
    boolean onPing();

    /** A pong from the peer (the schedule starts over); true when allowed, false when not. */
    boolean onPong();

    /**
     * Whether the peer's deadline has passed, even if the timer that notices it has not run yet (a busy loop), so
     * that requests and messages that arrive after the deadline find the session timed out.
     */
    boolean expired();

    /** Cancels every timer (the session closed). */
    void stop();
}
