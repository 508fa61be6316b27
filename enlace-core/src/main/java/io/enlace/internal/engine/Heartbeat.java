package io.enlace.internal.engine;

/**
 * How a session knows its peer is alive. Engine.IO v4: the server pings, the client answers
 * ({@link ServerPingHeartbeat}). Confined to the session's loop.
 */
interface Heartbeat {

    /** Starts the schedule (the session just opened). */
    void start();

    /** A pong from the peer: the schedule starts over. */
    void onPong();

    /**
     * Whether the peer's deadline has passed, even if the timer that notices it has not run yet (a busy loop), so
     * that requests and messages that arrive after the deadline find the session timed out.
     */
    boolean expired();

    /** Cancels every timer (the session closed). */
    void stop();
}
