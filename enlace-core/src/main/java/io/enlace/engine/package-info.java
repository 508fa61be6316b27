/**
 * Raw Engine.IO v4 for applications that want the transport without Socket.IO: {@link io.enlace.engine.EngineServer}
 * (create one with {@link io.enlace.engine.EngineServer#create}, mount it on a {@link io.enlace.netty.NettyServer}),
 * its sessions ({@link io.enlace.engine.EngineSocket}), options, errors and observation hook. {@code SocketIoServer}
 * runs on one of these; {@link io.enlace.SocketIoServer#engine()} gives it.
 *
 * <h2>Threading</h2>
 * A session belongs to one Netty event loop, the loop of the connection that made its handshake, for its whole life
 * ({@link io.enlace.engine.EngineSocket#eventLoop()}); an upgrade to WebSocket does not move it: a
 * {@link io.enlace.netty.NettyServer} moves the WebSocket's connection to the session's loop instead, when it was
 * accepted on another one (in a pipeline of your own, {@code NettyServer.channelHandler}, your channel stays on its loop
 * and its frames are handed to the session's loop). The session's
 * listeners ({@code onMessage}, {@code onClose}, ...) and the engine's {@code onConnection} listeners run on that loop,
 * one at a time, in order, as do the {@link io.enlace.engine.EngineObserver} calls for it: none of them may block.
 * {@code send}, {@code sendAll} and {@code close} may be called from any thread and hop to the loop. The headers hooks
 * ({@code onHeaders}, {@code onInitialHeaders}) and {@code onConnectionError} run on the event loop that answers the
 * request (the request's connection, or the session's loop for a request the session refuses).
 * {@link io.enlace.engine.AllowRequest#check} is called on the request's event loop and must not block: it returns a
 * stage completed later when it needs I/O.
 *
 * <h2>Data and buffers</h2>
 * No {@code ByteBuf} crosses this API: a text message is a {@code String}, a binary message a {@code byte[]}. Received
 * data is copied out of Netty's buffers on the connection's loop before it reaches a listener, so a listener may keep
 * it. A {@code byte[]} handed to {@code send} is written as it is: the caller must not change it afterwards; the engine
 * keeps no reference once the write has completed.
 *
 * <h2>Why Netty types appear here</h2>
 * {@code EventLoop} ({@code EngineSocket.eventLoop()}) is the threading contract itself: which thread runs the
 * listeners, where to schedule work that must run in order with them. {@code HttpHeaders} and {@code HttpRequest}
 * ({@code EngineSocket.requestHeaders()}, {@code AllowRequest}, the headers hooks, {@code ConnectionError}) are
 * read-only HTTP data: a case-insensitive multimap that a type of our own would have to copy on every handshake. No
 * channel or pipeline type is part of this package; the pipeline side is {@link io.enlace.netty}.
 *
 * <p>{@code EngineServer} and {@code EngineSocket} are not for implementation: {@code NettyServer} mounts only engines
 * made by {@code EngineServer.create}, and says so at configuration time for any other.
 */
package io.enlace.engine;
