/**
 * The adapter SPI (Node's socket.io-adapter): rooms and broadcasting for one namespace.
 * {@link io.enlace.adapter.InMemoryAdapter} is the default; a cluster adapter extends it, publishes what
 * {@link io.enlace.adapter.Adapter#broadcast} receives (the {@link io.enlace.parser.Packet} and the
 * {@link io.enlace.adapter.BroadcastOptions}) and answers the request/response operations for other servers.
 * {@link io.enlace.adapter.ClusterAdapter} is the base of the adapters that speak the messages of Node's
 * {@code ClusterAdapter} (socket.io-adapter 2.5): a subclass only moves messages. Plug one in with
 * {@link io.enlace.ServerOptions.Builder#adapter}.
 *
 * <p>The SPI knows the Socket.IO layer only through {@link io.enlace.adapter.LocalSocket} and
 * {@link io.enlace.adapter.AdapterContext}, which it defines; it depends on {@link io.enlace.parser} and on no other
 * Enlace package, so that the application API may expose it ({@code Namespace.adapter()}) without a package cycle.
 *
 * <h2>Threading</h2>
 * Every {@link io.enlace.adapter.Adapter} method may be called concurrently: from event loops (a handler that
 * broadcasts or joins a room in the default mode), from handler threads (an executor), from user threads and from a
 * cluster adapter's own receiving thread. {@code LocalSocket} and {@code AdapterContext} are thread-safe;
 * {@link io.enlace.adapter.LocalSocket#write} may be called from any thread and hops to the socket's event loop when
 * called elsewhere. {@link io.enlace.adapter.LocalSocket#eventLoop()} lets a broadcast be delivered as one task per
 * event loop rather than one per socket ({@code InMemoryAdapter} does so when called off the loops).
 * {@link io.enlace.adapter.AdapterContext#scheduler()} is a timer shared by the server: never block it. Room listeners
 * ({@link io.enlace.adapter.Adapter#onCreateRoom} and the like) run on the thread that changed the room, under the
 * adapter's room lock: keep them short, and never join or leave rooms from them.
 *
 * <h2>Data and buffers</h2>
 * No Netty buffer crosses the SPI. The {@code Packet} and the {@code encoded} list given to {@code broadcast} and
 * {@code LocalSocket.write} are shared by every receiver: never change them (copy the tree first, as the recovery
 * offset does). Values that other servers see use the cluster wire's shapes: acknowledgements and server-side emits are
 * {@code ArrayNode}s, a socket's handshake is the {@code ObjectNode} of Node's {@code socket.handshake}
 * ({@link io.enlace.adapter.LocalSocket#handshakeJson()}, a new tree per call).
 *
 * <h2>Why Netty and Jackson types appear here</h2>
 * Jackson trees are the payload model (see {@link io.enlace}) and the cluster wire's own shapes, so an adapter forwards
 * them without a conversion. {@code EventLoop} ({@code LocalSocket.eventLoop()}) is there so that an adapter can group
 * a broadcast's writes by the loop that owns each socket.
 */
package io.enlace.adapter;
