package io.enlace.internal.engine;

import io.enlace.engine.EngineSocket.ReadyState;

/**
 * Where a session is in its life (the state machine of the redesign's section 2.3). Written on the session's loop
 * only, read anywhere (a volatile field of the session).
 */
enum SessionState {
    /** Created and registered; the handshake is not answered yet. */
    NEW(ReadyState.OPENING),
    /** Open on long-polling, no upgrade under way. */
    POLLING(ReadyState.OPEN),
    /** A WebSocket upgrade for this session was accepted, its 101 is on its way (GETs now are not "while polling"). */
    UPGRADE_REQUESTED(ReadyState.OPEN),
    /** A probe WebSocket is attached; waiting for "2probe". */
    PROBING(ReadyState.OPEN),
    /** "3probe" sent: GETs are held (the 100 ms tick answers them with a noop); waiting for "5". */
    PROBED(ReadyState.OPEN),
    /** Open on WebSocket (from the start, or upgraded). */
    WEBSOCKET(ReadyState.OPEN),
    /** Closed by the server with no GET to say it: the next GET carries the queue and a close packet (30 s at most). */
    CLOSING(ReadyState.CLOSING),
    /** The end: requests get "Session ID unknown". */
    CLOSED(ReadyState.CLOSED);

    private final ReadyState readyState;

    SessionState(ReadyState readyState) {
        this.readyState = readyState;
    }

    /** The public projection ({@code EngineSocket.readyState()}). */
    ReadyState readyState() { return readyState; }

    /** Open: packets flow (every state whose ready state is {@code OPEN}). */
    boolean isOpen() { return readyState == ReadyState.OPEN; }

    /** An upgrade's probe is attached. */
    boolean isProbing() { return this == PROBING || this == PROBED; }
}
