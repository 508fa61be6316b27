/**
 * Everything of the server that knows a Netty pipeline: the bootstrap ({@link io.enlace.internal.netty.ServerRuntime}:
 * epoll or NIO, TLS, connection cap), the handlers of a connection (in pipeline order {@code HttpReadGate}, the HTTP
 * codec, the idle timeout, {@link io.enlace.internal.netty.EngineChannelHandler}; after a WebSocket handshake
 * {@code WebSocketFrameHandler} instead, with permessage-deflate when enabled; the names are in {@code PipelineNames}),
 * the HTTP side of an engine ({@code EngineHttpEndpoint}, {@code HttpResponses}, {@code HttpPollExchange}), the
 * WebSocket handshake and pipeline change ({@code WebSocketUpgrader}), WebSocket connections
 * ({@link io.enlace.internal.netty.WebSocketConnection}) and their per-loop flushing ({@code LoopFlusher}), and
 * {@link io.enlace.internal.netty.RealEngineServer}, the one {@code EngineServer} implementation, which hosts an
 * {@code EngineCore}. It implements the ports of {@code internal.engine} ({@code FrameChannel}, {@code HttpReply},
 * {@code PollExchange}); the engine core never sees a channel.
 *
 * <h2>Threading</h2>
 * Handlers run on their channel's event loop, as everything Netty calls. A request's verdict, {@code allowRequest}, the
 * handshake and the WebSocket upgrade are decided on the request's loop; what concerns an existing session (a long-poll
 * GET, a POST body, an upgrade offer) is then queued to the session's loop ({@code Session.runQueued}), which may be
 * another one. The port implementations ({@code WebSocketConnection}, {@code HttpPollExchange}) are called on the
 * session's loop and write through the {@code Channel}, which hops to the channel's loop when that is another; inbound
 * WebSocket messages go the other way, from the channel's loop to the session's, where they are counted against
 * {@code maxPendingInboundBytes} and the channel stops reading past it. A {@code WebSocketConnection} written during a
 * loop turn is flushed once, after the turn's I/O, by the {@code LoopFlusher} of the thread that wrote (one per
 * event-loop thread, confined to it); off an event loop it is flushed at once. {@code HttpResponses} and
 * {@code RealEngineServer} are thread-safe; {@code ServerRuntime} serializes start and stop.
 *
 * <h2>Buffers</h2>
 * Netty's reference-counting rules, written out for each class. {@code WebSocketFrameHandler} releases every frame it
 * receives once handled, and the pieces of a fragmented message (kept in one {@code CompositeByteBuf}) when the message
 * completes, on error, when the channel goes inactive and when the handler is removed; what it hands on is a
 * {@code String} or a {@code byte[]}. {@code EngineChannelHandler} keeps a request's body as retained components of one
 * {@code CompositeByteBuf}, releases every {@code HttpContent} it reads, and releases the body after
 * {@code BodySink.onBody} (which borrows it), on oversize, on abort and on removal; a plain route gets a retained
 * duplicate of it, released after the handler returns. {@code HttpReadGate} holds at most about one read's worth while
 * a request waits for the previous response, releases it when the channel closes, and passes it on when it is removed
 * for a WebSocket upgrade (those bytes are the client's first frames). Responses and frames written are released by the
 * encoders, or by Netty when the write fails on a closed channel; {@code HttpResponses.poll} owns the payload it is
 * handed: it releases it when a compressed copy replaces it, and sends it uncompressed when compression fails.
 * {@link io.enlace.internal.netty.CloseAfterWrite} bounds how long a last write may hold a connection open.
 */
package io.enlace.internal.netty;
