/**
 * Enlace's implementation, not API: nothing under {@code io.enlace.internal} is exported from the {@code io.enlace}
 * module, and any of it may change in any release. This package holds only {@link io.enlace.internal.Seam}, the static
 * factories through which the API packages reach the implementation ({@code SocketIoServer.create},
 * {@code EngineServer.create}, {@code NettyServer}): the one internal class API code may name, so that the package
 * graph has exactly one documented upward edge and no cycle (checked by {@code ArchitectureTest}).
 *
 * <p>Layout of the implementation, from the wire up: {@code internal.netty} (everything that knows a Netty pipeline:
 * HTTP dispatch, responses, WebSocket handshake and frames), {@code internal.engine} (Engine.IO sessions, their state
 * machine and transports, behind ports that {@code internal.netty} implements), {@code internal.engine.codec} and
 * {@code internal.engine.v3} (Engine.IO packet encodings), {@code internal.socket} (Socket.IO: clients, namespaces,
 * sockets, acks), {@code internal.client} (the served browser client), {@code internal.util} (collections and futures
 * any package may use).
 *
 * <p>Threading and buffers: {@code Seam} is stateless and holds nothing; each package says its own rules.
 */
package io.enlace.internal;
