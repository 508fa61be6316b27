/**
 * The Engine.IO protocol core, without its network side: {@link io.enlace.internal.engine.EngineCore} (one engine:
 * options, open sessions, listeners, the request checks of {@link io.enlace.internal.engine.RequestCheck}) and
 * {@link io.enlace.internal.engine.Session} (one session and its state machine, {@code SessionState}), with its parts:
 * the transports ({@code PollingTransport}, {@link io.enlace.internal.engine.WebSocketTransport}, behind the
 * {@code Transport} interface), the upgrade sub-machine ({@code Upgrade}), the heartbeat ({@code Heartbeat}), the
 * outbound queue ({@code OutboundQueue}) and the listeners ({@code SessionListeners}). What differs between protocol
 * revisions is an {@link io.enlace.internal.engine.EngineProtocol}.
 *
 * <p>The network is reached through ports declared here and implemented in {@code internal.netty}:
 * {@link io.enlace.internal.engine.FrameChannel} (one WebSocket connection),
 * {@link io.enlace.internal.engine.HttpReply} and {@link io.enlace.internal.engine.PollExchange} (one HTTP request
 * awaiting its answer). This package knows no channel, pipeline or WebSocket frame type (rule A5 of
 * {@code ArchitectureTest}); the layer above, the Socket.IO client of a connection, is a
 * {@link io.enlace.internal.engine.SessionOwner}.
 *
 * <h2>Threading</h2>
 * A session is confined to one event loop, the loop of its handshake connection ({@code Session.eventLoop()}), for its
 * whole life; it does not move at an upgrade: {@code internal.netty} moves the upgrade's WebSocket connection to the
 * session's loop before the 101 (in an application's own pipeline the connection stays where it is and its messages
 * are handed over to the session's loop). All mutable state of a session and of
 * its transports, upgrade, heartbeat and queue is read and written on that loop only, and their timers are scheduled on
 * it. The few fields read from other threads are volatile: the state ({@code readyState()}, {@code isClosed()}), the
 * active WebSocket ({@code transportName()}, {@code upgraded()}), the transports' writability hints
 * ({@code writable()}) and the current {@code SessionListeners}, which a registration replaces by compare-and-set from
 * any thread. The public entry points of a session ({@code send}, {@code sendAll}, {@code close}, {@code pauseInbound})
 * may be called from any thread and hop to the loop; the request entry points ({@code onPollRequest},
 * {@code onPostBody}, ...) are queued there by {@code internal.netty} with {@code runQueued}, behind whatever other
 * threads queued first. The owner and the listeners are called on the loop. {@code EngineCore}, {@code SessionRegistry}
 * and {@code SharedTexts} are thread-safe; {@code RequestCheck} is pure. The ports are called on the session's loop;
 * their implementations hop to the channel's loop where they must.
 *
 * <h2>Buffers</h2>
 * The core keeps no {@code ByteBuf} from one task to the next. Outbound, a transport encodes the packets it flushes
 * into a new buffer (from the port's allocator; a binary WebSocket message wraps the application's array) and hands it
 * to {@code FrameChannel.write} or {@code PollExchange.respond}, which take ownership of it from that call on and
 * release it on every path, a closed connection included. Inbound, data reaches the core already copied out of Netty's
 * buffers, on the connection's loop: WebSocket messages as {@code String}/{@code byte[]}, POST bodies as decoded
 * {@code InPacket}s. Outbound packets hold the application's {@code String}s and {@code byte[]}s until they are
 * encoded.
 */
package io.enlace.internal.engine;
