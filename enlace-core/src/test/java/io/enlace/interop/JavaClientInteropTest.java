package io.enlace.interop;

import io.enlace.testing.JavaClientHttp;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The official Java client {@code io.socket:socket.io-client} 2.1.1 against Enlace. */
class JavaClientInteropTest {
    private SocketIoServer io;
    private NettyServer http;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        io = InteropServers.server(false);
        http = InteropServers.start(io);
    }

    @AfterEach
    void stop() {
        clients.forEach(Socket::close);
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    private IO.Options options(String mode, Map<String, String> auth) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = switch (mode) {
            case "websocket" -> new String[]{"websocket"};
            case "polling" -> new String[]{"polling"};
            default -> new String[]{"polling", "websocket"};
        };
        o.upgrade = "upgrade".equals(mode);
        if (auth != null) o.auth = auth;
        return o;
    }

    private Socket connect(String nsp, String mode, Map<String, String> auth) throws Exception {
        JavaClientHttp.install();
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + http.port() + nsp), options(mode, auth));
        CompletableFuture<Object> connected = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, a -> connected.complete(true));
        s.once(Socket.EVENT_CONNECT_ERROR, a -> connected.complete(a.length > 0 ? a[0] : null));
        clients.add(s);
        s.connect();
        Object r = connected.get(5, TimeUnit.SECONDS);
        if (!Boolean.TRUE.equals(r)) throw new AssertionError("connect_error " + r);
        return s;
    }

    private static Object[] ack(Socket s, String event, Object... args) throws Exception {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        Object[] all = new Object[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = (Ack) f::complete;
        s.emit(event, all);
        return f.get(5, TimeUnit.SECONDS);
    }

    private static void clientBinary(Socket s) throws Exception {
        JSONObject payload = new JSONObject().put("file", new byte[]{1, 2, 3})
                .put("list", new JSONArray().put(new byte[]{4}).put(new JSONObject().put("deep", new byte[]{5, 6})));
        JSONObject bin = (JSONObject) ack(s, "echo-binary", payload)[0];
        assertThat((byte[]) bin.get("file")).containsExactly(1, 2, 3);
        assertThat((byte[]) bin.getJSONArray("list").get(0)).containsExactly(4);
        assertThat((byte[]) bin.getJSONArray("list").getJSONObject(1).get("deep")).containsExactly(5, 6);
    }

    /**
     * engine.io-client-java 2.1.0 writes binary in polling payloads as base64 with a trailing line break (Android's
     * {@code Base64.DEFAULT}); Node's decoder ignores it, and so does the Enlace engine.
     */
    @org.junit.jupiter.api.Test
    void binaryFromTheClientOverPolling() throws Exception {
        clientBinary(connect("/", "polling", null));
    }

    @ParameterizedTest(name = "Java client 2.1.1 over {0}")
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void scenarios(String mode) throws Exception {
        Socket s = connect("/", mode, Map.of("token", "java"));
        JSONObject who = (JSONObject) ack(s, "whoami")[0];
        assertThat(who.getJSONObject("auth").getString("token")).isEqualTo("java");
        assertThat(who.getString("id")).isEqualTo(s.id()).hasSize(20);

        // events both ways
        BlockingQueue<Object[]> back = new LinkedBlockingQueue<>();
        s.on("message-back", back::add);
        s.emit("message", 1, "two", new JSONObject().put("three", new JSONArray().put(true)));
        Object[] m = back.poll(5, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
        assertThat(m[0]).isEqualTo(1);
        assertThat(m[1]).isEqualTo("two");
        assertThat(((JSONObject) m[2]).getJSONArray("three").getBoolean(0)).isTrue();

        // acks with several arguments
        Object[] echoed = ack(s, "echo", new JSONObject().put("a", 1), "b");
        assertThat(((JSONObject) echoed[0]).getInt("a")).isEqualTo(1);
        assertThat(echoed[1]).isEqualTo("b");

        // the server asks, the client answers
        BlockingQueue<Object[]> got = new LinkedBlockingQueue<>();
        s.on("question", a -> {
            try {
                ((Ack) a[a.length - 1]).call(new JSONObject().put("answer", ((Number) a[0]).intValue() * 2));
            } catch (org.json.JSONException ex) {
                throw new IllegalStateException(ex);
            }
        });
        s.on("server-got", got::add);
        s.emit("ask-me", 21);
        Object[] answer = got.poll(5, TimeUnit.SECONDS);
        assertThat(answer).isNotNull();
        assertThat(((JSONObject) answer[0]).getInt("answer")).isEqualTo(42);
        s.on("server-timeout", got::add);
        s.emit("ask-me-timeout");
        assertThat(got.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("operation has timed out");

        // binary both ways, nested and in acks (client to server over polling: see binaryFromTheClientOverPolling)
        if (!"polling".equals(mode)) clientBinary(s);
        s.on("binary-from-server", got::add);
        s.emit("send-me-binary");
        JSONObject fromServer = (JSONObject) got.poll(5, TimeUnit.SECONDS)[0];
        assertThat((byte[]) fromServer.get("data")).containsExactly(9, 8, 7);

        // rooms: the sender is excluded
        Socket other = connect("/", mode, null);
        ack(s, "join", "jroom");
        ack(other, "join", "jroom");
        BlockingQueue<Object[]> roomMsgs = new LinkedBlockingQueue<>();
        s.on("room-msg", roomMsgs::add);
        other.emit("to-room", "jroom", "hello");
        assertThat(roomMsgs.poll(5, TimeUnit.SECONDS)[0]).isEqualTo("hello");

        // namespaces: static, dynamic, and a middleware error with data
        assertThat(ack(connect("/admin", mode, null), "nsp")[0]).isEqualTo("/admin");
        assertThat(ack(connect("/dyn-9", mode, null), "nsp")[0]).isEqualTo("/dyn-9");
        JavaClientHttp.install();
        Socket denied = IO.socket(URI.create("http://127.0.0.1:" + http.port() + "/private"), options(mode, Map.of("token", "no")));
        clients.add(denied);
        CompletableFuture<Object> err = new CompletableFuture<>();
        denied.once(Socket.EVENT_CONNECT_ERROR, a -> err.complete(a[0]));
        denied.connect();
        JSONObject e = (JSONObject) err.get(5, TimeUnit.SECONDS);
        assertThat(e.getString("message")).isEqualTo("not authorized");
        assertThat(e.getJSONObject("data").getInt("code")).isEqualTo(42);

        // server-side disconnect
        CompletableFuture<Object> reason = new CompletableFuture<>();
        s.once(Socket.EVENT_DISCONNECT, a -> reason.complete(a[0]));
        s.emit("kick-me");
        assertThat(reason.get(5, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    }

    /**
     * {@code io.close()}: every client sees its connection end. Over WebSocket this client (OkHttp) does not act on the
     * server's close frame (it handles {@code onClosed}, not {@code onClosing}, and stops reading after the frame), so it
     * notices at its ping timeout: against Node's {@code io.close()} it says "ping timeout" too, after the same
     * pingInterval + pingTimeout (checked with socket.io 4.8.4: websocket and upgraded "ping timeout" after ~5 s with
     * 2 s + 3 s, polling "transport close" at once).
     */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void serverCloseIsNoticedByTheClient(String mode) throws Exception {
        Socket s = connect("/", mode, null);
        if (mode.equals("upgrade")) ack(s, "echo", "after the upgrade"); // a round trip, so the upgrade has had its chance
        CompletableFuture<Object> reason = new CompletableFuture<>();
        s.once(Socket.EVENT_DISCONNECT, a -> reason.complete(a.length > 0 ? a[0] : null));
        io.close().join();
        Object why = reason.get(20, TimeUnit.SECONDS);
        if (mode.equals("polling")) assertThat(why).isIn("transport close", "transport error");
        else assertThat(why).isIn("transport close", "transport error", "ping timeout");
    }
}
