package io.enlace.examples.chat;

import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat of the official socket.io examples ({@code examples/chat}), ported to Enlace: people pick a name, then
 * everyone sees who joins and leaves, the messages and who is typing, with the number of participants.
 *
 * <p>Events, as in the original: the client sends {@code add user (name)}, {@code new message (text)},
 * {@code typing}, {@code stop typing}; the server answers {@code login {numUsers}} to the newcomer and broadcasts
 * {@code user joined {username, numUsers}}, {@code new message {username, message}}, {@code typing {username}},
 * {@code stop typing {username}} and {@code user left {username, numUsers}} to the others.
 *
 * <p>The port keeps the original's shared counter as a plain {@code int}: {@code serialHandlers(true)} runs every
 * handler of the server one at a time, as Node does (by default, handlers of different sockets run in parallel and
 * the counter would need an {@code AtomicInteger}).
 *
 * <p>Run: {@code java -cp ... io.enlace.examples.chat.ChatExample [port]} (default 3000), then open
 * {@code http://localhost:3000/}.
 */
public final class ChatExample {
    private final SocketIoServer io;
    private final NettyServer http;
    private int numUsers; // touched by handlers only: one at a time (serialHandlers)

    private ChatExample(int port) {
        io = SocketIoServer.create(ServerOptions.builder().serialHandlers(true).build());
        io.on("connection", this::onConnection);
        byte[] page = resource("index.html");
        http = io.attach(NettyServer.builder().port(port))
                .fallback(request -> "/".equals(request.uri()) || "/index.html".equals(request.uri()) ? html(page) : null)
                .build();
        http.start().join();
    }

    /** Starts the chat on {@code port} (0: any free port). */
    public static ChatExample start(int port) { return new ChatExample(port); }

    /** The port it listens on. */
    public int port() { return http.port(); }

    /** The Socket.IO server. */
    public SocketIoServer io() { return io; }

    /** Disconnects everyone and stops the HTTP server. */
    public void close() {
        io.close().join();
        http.stop().join();
    }

    private void onConnection(Socket socket) {
        boolean[] addedUser = {false};
        String[] username = {null};

        socket.on("new message", (args, ack) ->
                socket.broadcast().emit("new message", obj("username", username[0], "message", args.node(0))));

        socket.on("add user", String.class, (name, ack) -> {
            if (addedUser[0]) return;
            username[0] = name;
            ++numUsers;
            addedUser[0] = true;
            socket.emit("login", obj("numUsers", numUsers));
            socket.broadcast().emit("user joined", obj("username", name, "numUsers", numUsers));
        });

        socket.on("typing", () -> socket.broadcast().emit("typing", obj("username", username[0])));

        socket.on("stop typing", () -> socket.broadcast().emit("stop typing", obj("username", username[0])));

        socket.on("disconnect", () -> {
            if (!addedUser[0]) return;
            --numUsers;
            socket.broadcast().emit("user left", obj("username", username[0], "numUsers", numUsers));
        });
    }

    /** A JSON object with the keys in this order. */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ChatExample.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FullHttpResponse html(byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return res;
    }

    /** Entry point: {@code [port]} (default 3000). */
    public static void main(String[] args) {
        ChatExample chat = start(args.length > 0 ? Integer.parseInt(args[0]) : 3000);
        System.out.println("chat on http://localhost:" + chat.port() + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(chat::close));
    }
}
