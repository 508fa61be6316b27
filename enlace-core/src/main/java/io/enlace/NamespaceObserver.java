package io.enlace;

import io.enlace.adapter.BroadcastOptions;
import io.enlace.parser.Packet;

/**
 * Observes the sockets of one namespace; returned by {@link ServerObserver#namespaceAdded}. Every method does nothing
 * by default. Threading and cost: see {@link ServerObserver}.
 *
 * <pre>{@code
 * // counters resolved once for the namespace, then only incremented
 * LongAdder connects = new LongAdder(), events = new LongAdder();
 * NamespaceObserver observer = new NamespaceObserver() {
 *     @Override public void socketConnected(Socket socket) { connects.increment(); }
 *     @Override public void eventReceived(Socket socket, String event, Args args) { events.increment(); }
 * };
 * }</pre>
 *
 * <p>Rooms are observed on the namespace's adapter ({@link io.enlace.adapter.Adapter#onJoinRoom} and its siblings),
 * the transport of a connection with {@link io.enlace.engine.EngineSocket#onUpgrade} or the engine part of
 * {@link ServerObserver}.
 */
public interface NamespaceObserver {

    /**
     * A socket connected: its CONNECT packet is sent and it is in its own room; called before the connection
     * listeners (Node's {@code prependListener("connection")}). {@link Socket#recovered()} tells a session restored
     * by connection state recovery.
     */
    default void socketConnected(Socket socket) {}

    /**
     * A connection to the namespace was refused by a middleware (the client gets {@code connect_error} with
     * {@code error}'s message). {@code socket} never connected: only its id and {@link Socket#handshake()} are
     * meaningful.
     */
    default void connectRefused(Socket socket, Throwable error) {}

    /** A socket left the namespace; called after its {@code disconnecting} listeners, once it left its rooms. */
    default void socketDisconnected(Socket socket, DisconnectReason reason) {}

    /** {@link Socket#data(Object)} was called (Node's admin UI reports it as {@code socket_updated}). */
    default void socketDataChanged(Socket socket) {}

    /**
     * An event arrived from the client, before the per-event middlewares and the handlers ({@code args} without the
     * ack, as {@link Socket#onAny} gets them).
     */
    default void eventReceived(Socket socket, String event, Args args) {}

    /**
     * The handlers of an incoming event returned, {@code nanos} after the first was called (the synchronous part of
     * the handling; not called when a middleware dropped the event). Called for a sample: the 1st, 17th, 33rd...
     * handled event of each socket (one in 16), because reading the clock twice per event costs more than the rest of
     * the observation (about 8 % of an echo on a virtual machine's clock). Count events with {@link #eventReceived}.
     */
    default void eventHandled(Socket socket, String event, long nanos) {}

    /**
     * An EVENT packet is written to this socket: an {@code emit} to it, or its copy of a broadcast (called once per
     * receiving socket, on the thread delivering it). {@code packet.data()} is {@code [event, ...args]}, shared
     * between receivers: do not change it.
     */
    default void eventSent(Socket socket, Packet packet) {}

    /**
     * An acknowledgement the server asked for arrived ({@link Socket#emitWithAck}, or one client's answer to a
     * broadcast with ack), {@code nanos} after the packet was emitted.
     */
    default void ackReceived(Socket socket, long nanos) {}

    /**
     * A broadcast was emitted from this server ({@code io.to(room).emit(...)}, {@code socket.broadcast().emit(...)},
     * with or without ack), once per broadcast, before it is delivered.
     */
    default void broadcast(Packet packet, BroadcastOptions options) {}
}
