import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import org.json.JSONArray;
import org.json.JSONObject;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official Java client 1.x ({@code io.socket:socket.io-client} 1.0.2: Socket.IO v2 over Engine.IO v3) against
 * /socket.io/ of a server implementing the app contract of interop/v2/node-server.js (interop/v2/README.md).
 *
 * <pre>java -cp "$(cat interop/v2/java/target/classpath.txt)" interop/v2/java/V2JavaClient.java http://127.0.0.1:PORT</pre>
 *
 * or with the jars of {@code enlace-core/target/v2-java-client/} (copied by enlace-core's build) on the class path, as
 * {@code V2JavaClientInteropTest} runs it against Enlace.
 *
 * Prints {@code ok - <case>} / {@code not ok - <case>: <why>} and a closing {@code N passed, N failed} line; exit code
 * 1 when a case failed. Every wait is bounded (5 s); the whole run ends within a minute.
 */
public final class V2JavaClient {
    private static String base;
    private static final List<Socket> opened = new ArrayList<>();
    private static int passed;
    private static int failed;

    interface Case { void run() throws Exception; }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].matches("http://127\\.\\d+\\.\\d+\\.\\d+:\\d+/?")) {
            System.err.println("usage: java -cp <client 1.0.2 classpath> V2JavaClient.java http://127.0.0.1:<port>");
            System.exit(2);
        }
        base = args[0].replaceAll("/$", "");

        run("websocket: connects to \"/\" at once, the socket id is the engine id, echo with ack", () -> basics(WebSocket.NAME));
        run("polling: the same, and 20 acked emits in a burst", () -> {
            Socket s = basics(Polling.NAME);
            List<CompletableFuture<Object[]>> acks = new ArrayList<>();
            for (int i = 0; i < 20; i++) acks.add(emitAck(s, "echo", i));
            for (int i = 0; i < 20; i++) check(Integer.valueOf(i).equals(get(acks.get(i))[0]), "ack " + i);
        });
        run("default transports: polling, then the upgrade to websocket", () -> {
            Socket s = connect("", null, null);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!"websocket".equals(transportName(s)) && System.nanoTime() < end) Thread.sleep(20);
            check("websocket".equals(transportName(s)), "transport " + transportName(s));
            check("after".equals(get(emitAck(s, "echo", "after"))[0]), "echo after the upgrade");
        });
        run("binary: byte[] in, byte[] out (nested too)", () -> {
            for (String transport : new String[] {WebSocket.NAME, Polling.NAME}) {
                Socket s = connect("", transport, null);
                Object[] a = get(emitAck(s, "bin", (Object) new byte[] {1, 2, 3, (byte) 250}));
                JSONObject facts = (JSONObject) a[0];
                check(facts.getInt("length") == 4 && facts.getBoolean("isBuffer"), transport + ": facts " + facts);
                check(Arrays.equals((byte[]) a[1], new byte[] {(byte) 250, 3, 2, 1}), transport + ": reversed " + Arrays.toString((byte[]) a[1]));
                Object nested = ((JSONObject) a[2]).getJSONArray("nested").get(0);
                check(nested instanceof byte[] b && b.length == 1 && b[0] == 1, transport + ": nested " + nested);
            }
        });
        run("server-to-client ack: the server asks, the client answers through the ack", () -> {
            Socket s = connect("", WebSocket.NAME, null);
            s.on("question", args1 -> ((Ack) args1[args1.length - 1]).call(args1[0] + "!"));
            BlockingQueue<Object[]> answers = events(s, "answer");
            s.emit("ask", "why");
            Object[] answer = answers.poll(5, TimeUnit.SECONDS);
            check(answer != null && "why!".equals(answer[0]), "answer " + (answer == null ? null : Arrays.toString(answer)));
        });
        run("namespace /chat with query name=x: the query is the auth; said comes back", () -> {
            Socket s = IO.socket(base + "/chat", options(WebSocket.NAME, "name=x"));
            opened.add(s);
            BlockingQueue<Object[]> welcome = events(s, "welcome");
            BlockingQueue<Object[]> said = events(s, "said");
            s.connect();
            Object[] w = welcome.poll(5, TimeUnit.SECONDS);
            check(w != null, "no welcome");
            JSONObject d = (JSONObject) w[0];
            check("x".equals(d.getString("name")) && "x".equals(d.getJSONObject("auth").getString("name")), "welcome " + d);
            s.emit("say", "hola");
            Object[] x = said.poll(5, TimeUnit.SECONDS);
            check(x != null && "hola".equals(((JSONObject) x[0]).getString("text")), "said");
        });
        run("namespace refused by a middleware: an `error` event with \"not allowed\"", () -> {
            Socket s = IO.socket(base + "/private", options(WebSocket.NAME, null));
            opened.add(s);
            BlockingQueue<Object[]> errors = events(s, Socket.EVENT_ERROR);
            s.connect();
            Object[] e = errors.poll(5, TimeUnit.SECONDS);
            check(e != null && "not allowed".equals(e[0]), "error " + (e == null ? null : Arrays.toString(e)));
            check(!s.connected(), "connected");
        });
        run("refused with an object (err.data): client 1.0.2 cannot decode it (its parser takes only a string "
                + "for ERROR): no `error` event, never connected, the Engine.IO connection stays open", () -> {
            Socket s = IO.socket(base + "/private-data", options(WebSocket.NAME, null));
            opened.add(s);
            BlockingQueue<Object[]> errors = events(s, Socket.EVENT_ERROR);
            s.connect();
            Object[] e = errors.poll(1, TimeUnit.SECONDS);
            check(e == null, "error " + (e == null ? null : Arrays.toString(e)));
            check(!s.connected(), "connected");
            check("open".equalsIgnoreCase(engineState(s)), "engine " + engineState(s));
        });
        run("server-side disconnect: `disconnect` with \"io server disconnect\"", () -> {
            Socket s = connect("", WebSocket.NAME, null);
            BlockingQueue<Object[]> d = events(s, Socket.EVENT_DISCONNECT);
            s.emit("disconnect-me");
            Object[] reason = d.poll(5, TimeUnit.SECONDS);
            check(reason != null && "io server disconnect".equals(reason[0]), "reason " + (reason == null ? null : Arrays.toString(reason)));
        });
        run("heartbeat: pings answered for 2.5 s (pingInterval 1000)", () -> {
            Socket s = connect("", WebSocket.NAME, null);
            BlockingQueue<Object[]> pongs = events(s, Socket.EVENT_PONG);
            Thread.sleep(2500);
            check(pongs.size() >= 2, pongs.size() + " pongs");
            check(s.connected(), "still connected");
        });

        for (Socket s : opened) s.close();
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    static Socket basics(String transport) throws Exception {
        Socket s = connect("", transport, "name=zoe");
        check(transport.equals(transportName(s)), "transport " + transportName(s));
        check(s.id() != null && s.id().equals(engineId(s)), "socket id " + s.id() + " vs engine id " + engineId(s));
        JSONObject h = (JSONObject) get(emitAck(s, "handshake"))[0];
        check(h.getInt("protocol") == 3 && "/".equals(h.getString("nsp")) && h.getJSONObject("auth").length() == 0, "server view " + h);
        check("zoe".equals(h.getJSONObject("query").getString("name")), "query " + h.getJSONObject("query"));
        JSONObject obj = new JSONObject().put("n", new JSONArray().put(1).put(JSONObject.NULL));
        Object[] back = get(emitAck(s, "echo", "héllo 😀", 42, obj));
        check("héllo 😀".equals(back[0]) && Integer.valueOf(42).equals(back[1]), "echo " + Arrays.toString(back));
        check(back[2].toString().equals(obj.toString()), "object " + back[2]);
        return s;
    }

    static IO.Options options(String transport, String query) {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.timeout = 5000;
        if (transport != null) o.transports = new String[] {transport};
        o.query = query;
        return o;
    }

    static Socket connect(String nsp, String transport, String query) throws Exception {
        Socket s = IO.socket(base + nsp, options(transport, query));
        opened.add(s);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, a -> connected.complete(null));
        s.once(Socket.EVENT_CONNECT_ERROR, a -> connected.completeExceptionally(new AssertionError("connect_error " + Arrays.toString(a))));
        s.once(Socket.EVENT_ERROR, a -> connected.completeExceptionally(new AssertionError("error " + Arrays.toString(a))));
        s.connect();
        connected.get(5, TimeUnit.SECONDS);
        return s;
    }

    static CompletableFuture<Object[]> emitAck(Socket s, String event, Object... args) {
        CompletableFuture<Object[]> f = new CompletableFuture<>();
        s.emit(event, args, f::complete);
        return f;
    }

    static Object[] get(CompletableFuture<Object[]> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    static BlockingQueue<Object[]> events(Socket s, String event) {
        BlockingQueue<Object[]> q = new ArrayBlockingQueue<>(100);
        s.on(event, q::offer);
        return q;
    }

    /** The engine of a socket's manager (a package-private field of client 1.0.2, read by reflection). */
    static io.socket.engineio.client.Socket engine(Socket s) throws Exception {
        Field f = Manager.class.getDeclaredField("engine");
        f.setAccessible(true);
        return (io.socket.engineio.client.Socket) f.get(s.io());
    }

    static String engineId(Socket s) throws Exception {
        return engine(s).id();
    }

    static String transportName(Socket s) throws Exception {
        Field f = io.socket.engineio.client.Socket.class.getDeclaredField("transport");
        f.setAccessible(true);
        Object t = f.get(engine(s));
        return t == null ? null : ((io.socket.engineio.client.Transport) t).name;
    }

    static String engineState(Socket s) throws Exception {
        Field f = io.socket.engineio.client.Socket.class.getDeclaredField("readyState");
        f.setAccessible(true);
        return String.valueOf(f.get(engine(s)));
    }

    static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    static void run(String name, Case c) {
        long start = System.nanoTime();
        try {
            c.run();
            passed++;
            System.out.println("ok - " + name + " (" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms)");
        } catch (Throwable e) {
            failed++;
            System.out.println("not ok - " + name + ": " + e);
        }
    }
}
