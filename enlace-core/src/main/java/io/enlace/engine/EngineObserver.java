package io.enlace.engine;

/**
 * Observes the connections of an {@link EngineServer}, for metrics and monitoring tools: the engine part of the
 * observation SPI ({@link io.enlace.ServerObserver} adds the Socket.IO part). Every method does nothing by default;
 * implement the ones you need and add the observer with {@link EngineServer#addObserver}. Packets and bytes are not
 * reported one by one: the engine counts them itself, read the totals with {@link EngineServer#traffic()}.
 *
 * <pre>{@code
 * LongAdder upgrades = new LongAdder();
 * engine.addObserver(new EngineObserver() {
 *     @Override public void connectionUpgraded(EngineSocket conn) { upgrades.increment(); }
 * });
 * }</pre>
 *
 * <p>Threading: every call comes on the connection's event loop ({@link EngineSocket#eventLoop()}), in the order of
 * the events of that connection; calls for different connections come in parallel. An observer must be thread-safe,
 * quick, and must never block (count with {@code LongAdder}s, hand anything slow to another thread). An exception it
 * throws is logged and changes nothing else.
 *
 * <p>Cost: with no observer the engine checks one field where it would call one; with observers it makes the calls
 * and nothing more (no allocation per event).
 */
public interface EngineObserver {

    /**
     * A connection completed its handshake, on {@code conn.transportName()}; called before the
     * {@link EngineServer#onConnection} listeners.
     */
    default void connectionOpened(EngineSocket conn) {}

    /** A connection moved from HTTP long-polling to WebSocket ({@code conn.transportName()} is now {@code websocket}). */
    default void connectionUpgraded(EngineSocket conn) {}

    /**
     * A connection closed, once per opened connection (also for one opened before this observer was added), after
     * the {@link EngineSocket#onClose} listeners; {@code conn.transportName()} is its last transport.
     */
    default void connectionClosed(EngineSocket conn, CloseReason reason) {}
}
