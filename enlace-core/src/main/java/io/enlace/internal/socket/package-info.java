/**
 * The Socket.IO server (Node's socket.io package) over Engine.IO sessions: {@link io.enlace.internal.socket.RealServer}
 * (namespaces, clients, the timer, close), {@code Client} (one per Engine.IO session, its {@code SessionOwner}: it
 * decodes packets and routes them by namespace under the protocol-state rules of {@code ClientProtocol}),
 * {@code RealNamespace} and {@code RealParentNamespace} (Node's dynamic namespaces), {@code RealSocket} (one client in
 * one namespace, with its lifecycle {@code SocketState}, its listeners {@code SocketListeners} built of
 * {@code ListenerList}s and a {@code HandlerTable}, and its awaited acknowledgements {@code AckRegistry}), the
 * broadcast operator, the remote-socket view of what an adapter found ({@code RealRemoteSocket}, with
 * {@code HandshakeJson} for the cluster wire's handshake shape), and how handlers run ({@code Dispatcher},
 * {@code Watchdog}, {@code HandlerErrors}). Everything here implements the API of {@link io.enlace} and the adapter
 * SPI; only {@code RealServer} is public, for {@code Seam}.
 *
 * <h2>Threading</h2>
 * A client runs on its session's event loop: Engine.IO messages arrive there, its parser decoder is confined there, and
 * it routes each packet to its socket there. The map from namespace to socket is a volatile immutable map, replaced
 * under the client's monitor. A socket's work (middlewares, the connect task, event handlers, disconnect listeners)
 * runs on its {@code Dispatcher}, one task at a time, in order: inline on the session's loop by default, or on a serial
 * queue over the user's executor, or on the server's single queue in serial mode. ACK packets skip that queue and
 * complete their futures on the loop at once ({@code AckRegistry}); ack timeouts fire on the server's
 * {@code enlace-timer} thread. A socket's lifecycle moves by compare-and-set of its {@code SocketState}, from whichever
 * thread gets there first; its listeners are an immutable {@code SocketListeners} replaced by compare-and-set and read
 * without a lock. No lock is held while application code runs, except the adapter's room lock around room listeners.
 * Every API method may be called from any thread: writes go through {@code EngineSocket.send}/{@code sendAll}, which
 * hop to the session's loop. The {@code Watchdog} daemon thread ({@code enlace-watchdog}) only reads the progress marks
 * of the watched tasks (and the stack of a thread it reports).
 *
 * <h2>Buffers</h2>
 * None: this package never sees a {@code ByteBuf} (rule A7 of {@code ArchitectureTest}: no Netty buffer, frame or
 * bridge type). Packets are Jackson trees with binary data as {@code byte[]} in {@code BinaryNode}s; a broadcast is
 * encoded once by the parser, on the thread that broadcasts, and the same list of {@code String}/{@code byte[]}
 * messages goes to every receiver.
 */
package io.enlace.internal.socket;
