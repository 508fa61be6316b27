/**
 * Enlace: a Socket.IO v5 server for the JVM (socket.io-client 3.x/4.x compatible). This package is the application's
 * API; everything under {@code io.enlace.internal} is implementation and not exported.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
 *         .cors(CorsOptions.builder().origin("*").build())
 *         .build());
 * io.onConnection(socket -> {
 *     socket.join("lobby");
 *     socket.on("chat", ChatMessage.class, (msg, ack) -> {
 *         io.to("lobby").emit("chat", msg);
 *         ack.send("ok");
 *     });
 * });
 * NettyServer http = io.listen(3000).join();
 * }</pre>
 *
 * <p>Entry points: {@link io.enlace.SocketIoServer} (server, main namespace), {@link io.enlace.Namespace},
 * {@link io.enlace.Socket}, {@link io.enlace.BroadcastOperator} (rooms, flags, bulk operations),
 * {@link io.enlace.ServerOptions}; observation hooks for metrics and the admin UI: {@link io.enlace.ServerObserver},
 * {@link io.enlace.NamespaceObserver}. Node's {@code volatile} flag is {@code asVolatile()}.
 *
 * <h2>Threading</h2>
 * Every method of {@code SocketIoServer}, {@code Namespace}, {@code Socket}, {@code BroadcastOperator},
 * {@code RemoteSocket} and {@code Ack} may be called from any thread; a write made off the connection's event loop hops
 * to it. A connection (one Engine.IO session) belongs to one Netty event loop for its whole life. The handlers of one
 * socket (middlewares, connection listeners, event handlers, disconnect listeners) run one at a time, in packet order:
 * on that event loop by default, on a per-socket serial queue over {@link io.enlace.ServerOptions.Builder#executor}
 * when one is set, or on one queue for the whole server with {@code serialHandlers(true)}. A handler on an event loop
 * must not block (a watchdog logs the ones that hold it past {@code blockedThreshold}); the futures Enlace returns
 * throw at once when joined, unfinished, on an event loop. ACKs from the client complete their futures on the event
 * loop at once, timeouts on the {@code enlace-timer} thread. The full table, with what runs where in each mode, is
 * {@code docs/threading.md}.
 *
 * <h2>Data and buffers</h2>
 * No Netty buffer crosses this API. Arguments and answers are Jackson trees ({@link io.enlace.Args} wraps an
 * {@code ArrayNode}); binary data is a {@code byte[]} (a {@code ByteBuffer} argument is copied). A {@code byte[]}
 * handed to {@code emit} or {@code ack.send} is sent as it is, without a copy, possibly after the call returned and to
 * many receivers: do not change it afterwards.
 *
 * <h2>Why Jackson types appear here</h2>
 * Jackson's tree ({@code JsonNode}, {@code ArrayNode}, {@code ObjectNode}, with {@code BinaryNode} for attachments) is
 * the data model of Socket.IO payloads in Enlace: the parser produces it, applications bind it with their own
 * {@code ObjectMapper} ({@link io.enlace.ServerOptions.Builder#objectMapper}), and the adapters put it on the cluster
 * wire. A type of our own would cost a conversion and an allocation per event; the price is that a move to Jackson 3
 * would be a major version of Enlace. The Netty types that appear ({@code EventLoop}, the HTTP header types) come from
 * {@link io.enlace.engine} and {@link io.enlace.netty}, whose package documentation gives the reasons.
 */
package io.enlace;
