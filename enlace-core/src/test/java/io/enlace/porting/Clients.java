package io.enlace.porting;

import io.enlace.testing.JavaClientHttp;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Official Java clients ({@code io.socket:socket.io-client} 2.1.1) against a server started on a free loopback port;
 * closes everything it opened.
 */
final class Clients implements AutoCloseable {
    final SocketIoServer io;
    final NettyServer http;
    private final List<Socket> sockets = new ArrayList<>();

    Clients(SocketIoServer io) {
        this(io, 0);
    }

    /** {@code ioThreads}: 0 for the default. */
    Clients(SocketIoServer io, int ioThreads) {
        this.io = io;
        NettyServer.Builder b = io.attach(NettyServer.builder().host("127.0.0.1").port(0));
        if (ioThreads > 0) b.ioThreads(ioThreads);
        this.http = b.build().start().join();
    }

    int port() { return http.port(); }

    /** Connects to {@code nsp} over {@code transport} (websocket, polling, upgrade) and waits for the connection. */
    Socket connect(String nsp, String transport, Map<String, String> auth, String query) throws Exception {
        return connect(nsp, transport, auth, query, s -> { });
    }

    /** Like the other {@code connect}; {@code setup} registers client handlers before the connection starts. */
    Socket connect(String nsp, String transport, Map<String, String> auth, String query,
                   java.util.function.Consumer<Socket> setup) throws Exception {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = switch (transport) {
            case "websocket" -> new String[] {"websocket"};
            case "polling" -> new String[] {"polling"};
            default -> new String[] {"polling", "websocket"};
        };
        o.upgrade = "upgrade".equals(transport);
        if (auth != null) o.auth = auth;
        if (query != null) o.query = query;
        JavaClientHttp.install();
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + port() + nsp), o);
        CompletableFuture<Object> connected = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, a -> connected.complete(Boolean.TRUE));
        s.once(Socket.EVENT_CONNECT_ERROR, a -> connected.complete(a.length > 0 ? a[0] : "connect_error"));
        synchronized (sockets) { sockets.add(s); }
        setup.accept(s);
        s.connect();
        Object r = connected.get(10, TimeUnit.SECONDS);
        if (!Boolean.TRUE.equals(r)) throw new AssertionError("connect_error " + r);
        return s;
    }

    Socket connect(String transport) throws Exception { return connect("/", transport, null, null); }

    /** Emits with an ack and waits for the answer's arguments. */
    static Object[] call(Socket s, String event, Object... args) throws Exception {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        Object[] all = new Object[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = (Ack) f::complete;
        s.emit(event, all);
        return f.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        synchronized (sockets) {
            sockets.forEach(Socket::close);
        }
        io.close().join();
        http.stop().join();
    }
}
