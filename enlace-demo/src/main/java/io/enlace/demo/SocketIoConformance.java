package io.enlace.demo;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.engine.CorsOptions;
import io.enlace.netty.NettyServer;

/**
 * The {@code /socket.io/} part of the conformance app, with the settings the socket.io-protocol test suite expects:
 * pingInterval 300, pingTimeout 200, maxHttpBufferSize 1e6, connectTimeout 1000, CORS origin {@code *}, recovery off.
 * <ul>
 *   <li>{@code /}: on connection emits {@code auth} with the handshake auth; echoes {@code message} as
 *       {@code message-back}; acks {@code message-with-ack} with its arguments.</li>
 *   <li>{@code /custom}: on connection emits {@code auth} with the handshake auth.</li>
 * </ul>
 */
public final class SocketIoConformance {
    private SocketIoConformance() {}

    /** The Socket.IO server of the conformance app. */
    public static SocketIoServer server() {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .pingInterval(300)
                .pingTimeout(200)
                .maxHttpBufferSize(1_000_000)
                .connectTimeout(1000)
                .cors(CorsOptions.builder().origin("*").build())
                .build());
        io.onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
            socket.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
        });
        io.of("/custom").onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
        return io;
    }

    /** Mounts a new conformance Socket.IO server on the builder. */
    public static NettyServer.Builder mount(NettyServer.Builder builder) {
        return server().attach(builder);
    }
}
