package io.enlace.spring.testing;

import io.enlace.testing.JavaClientHttp;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Official Java client (io.socket:socket.io-client) connections for a test; {@link #close()} closes them all. */
public final class JavaClients implements AutoCloseable {

    private final List<Socket> open = new ArrayList<>();
    private final int port;

    public JavaClients(int port) {
        this.port = port;
    }

    /** Options: websocket only, no reconnection, a fresh manager. */
    public static IO.Options options(Map<String, String> auth, String query) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = new String[] {"websocket"};
        if (auth != null) o.auth = auth;
        if (query != null) o.query = query;
        return o;
    }

    /** A socket of {@code nsp}, not connected yet. */
    public Socket socket(String nsp, IO.Options options) {
        JavaClientHttp.install();
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + port + nsp), options);
        open.add(s);
        return s;
    }

    /** Connects to {@code nsp} and waits; fails with the connect_error otherwise. */
    public Socket connect(String nsp, Map<String, String> auth, String query) throws Exception {
        Socket s = socket(nsp, options(auth, query));
        Object r = connectResult(s);
        if (!Boolean.TRUE.equals(r)) throw new AssertionError("connect_error " + r);
        return s;
    }

    /** Connects and returns true, or the connect_error argument. */
    public static Object connectResult(Socket s) throws Exception {
        CompletableFuture<Object> connected = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, a -> connected.complete(true));
        s.once(Socket.EVENT_CONNECT_ERROR, a -> connected.complete(a.length > 0 ? a[0] : null));
        s.connect();
        return connected.get(10, TimeUnit.SECONDS);
    }

    /** Emits with an ack callback; the ack's arguments. */
    public static Object[] ack(Socket s, String event, Object... args) throws Exception {
        return ackAsync(s, event, args).get(10, TimeUnit.SECONDS);
    }

    /** Emits with an ack callback. */
    public static CompletableFuture<Object[]> ackAsync(Socket s, String event, Object... args) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        Object[] all = new Object[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = (Ack) f::complete;
        s.emit(event, all);
        return f;
    }

    /** The arguments of the next {@code event}. */
    public static CompletableFuture<Object[]> next(Socket s, String event) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        s.once(event, f::complete);
        return f;
    }

    @Override
    public void close() {
        open.forEach(Socket::close);
        open.clear();
    }
}
