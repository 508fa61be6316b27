/**
 * Enlace: a Socket.IO v5 server for the JVM (socket.io-client 3.x/4.x compatible).
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
 * {@link io.enlace.ServerOptions}. Threading: see {@code docs/threading.md}. Node's {@code volatile} flag is
 * {@code asVolatile()}.
 */
package io.enlace;
