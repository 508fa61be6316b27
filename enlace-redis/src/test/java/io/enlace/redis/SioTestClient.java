package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.testing.EngineTestKit;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/** A small Socket.IO v5 client over one WebSocket (default parser), enough for the cluster tests. */
final class SioTestClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Event(String name, ArrayNode args, long ackId) {}

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<String> sid = new CompletableFuture<>();
    final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final EngineTestKit.Ws ws;
    private final Thread reader;
    private volatile Function<Event, Object> autoAck;
    private volatile boolean closing;

    private SioTestClient(int port, String query) {
        ws = EngineTestKit.Ws.connect("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket" + query);
        reader = new Thread(this::read, "sio-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SioTestClient connect(int port) throws Exception { return connect(port, ""); }

    /** A client of {@code node} that sent {@code join room}, once the node has it in the room. */
    static SioTestClient joined(EnlaceNode node, String room) throws Exception {
        SioTestClient c = connect(node.port());
        c.emit("join", room);
        await().atMost(Duration.ofSeconds(5)).until(() -> node.io.sockets().adapter().rooms().getOrDefault(room, Set.of()).contains(c.id()));
        return c;
    }

    static SioTestClient connect(int port, String query) throws Exception {
        SioTestClient c = new SioTestClient(port, query);
        c.sid.get(10, TimeUnit.SECONDS);
        return c;
    }

    String id() { return sid.join(); }

    /** Answers every event that asks for an ack with {@code fn(event)}. */
    void autoAck(Function<Event, Object> fn) { this.autoAck = fn; }

    void emit(String event, Object... args) throws Exception {
        ArrayNode a = JSON.createArrayNode().add(event);
        for (Object o : args) a.add(JSON.valueToTree(o));
        ws.send("42" + JSON.writeValueAsString(a));
    }

    Event next(long ms) throws InterruptedException { return events.poll(ms, TimeUnit.MILLISECONDS); }

    /** The next event with this name (others are skipped), or null. */
    Event next(String name, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return null;
            Event e = events.poll(left, TimeUnit.MILLISECONDS);
            if (e == null) return null;
            if (e.name.equals(name)) return e;
        }
    }

    /** The next event with this name (others are skipped); fails when none comes within {@code ms}. */
    Event expect(String name, long ms) throws InterruptedException {
        Event e = next(name, ms);
        if (e == null) throw new AssertionError("no '" + name + "' event within " + ms + " ms");
        return e;
    }

    /** The name of the next event, whatever it is; fails when none comes within {@code ms}. */
    String nextName(long ms) throws InterruptedException {
        Event e = next(ms);
        if (e == null) throw new AssertionError("no event within " + ms + " ms");
        return e.name();
    }

    private void read() {
        String pendingText = null;
        List<byte[]> attachments = new ArrayList<>();
        int expected = 0;
        try {
            while (!closing) {
                Object m = ws.received.poll(200, TimeUnit.MILLISECONDS);
                if (ws.closed.isDone() && m == null) {
                    disconnected.complete(null);
                    return;
                }
                if (m == null) continue;
                if (m instanceof String s) {
                    if (s.equals("2")) ws.send("3");
                    else if (s.startsWith("0{")) ws.send("40");
                    else if (s.startsWith("40")) sid.complete(JSON.readTree(s.substring(2)).get("sid").asText());
                    else if (s.startsWith("41")) disconnected.complete(null);
                    else if (s.startsWith("42")) handle(s.substring(2), List.of());
                    else if (s.startsWith("45")) {
                        int dash = s.indexOf('-');
                        expected = Integer.parseInt(s.substring(2, dash));
                        pendingText = s.substring(dash + 1);
                        attachments.clear();
                    }
                } else if (m instanceof byte[] || m instanceof ByteBuffer) {
                    byte[] b = m instanceof byte[] bb ? bb : toBytes((ByteBuffer) m);
                    attachments.add(b);
                    if (attachments.size() == expected && pendingText != null) {
                        handle(pendingText, List.copyOf(attachments));
                        pendingText = null;
                    }
                }
            }
        } catch (Exception e) {
            if (!closing) e.printStackTrace();
        }
    }

    private static byte[] toBytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private void handle(String body, List<byte[]> attachments) throws Exception {
        int i = 0;
        while (i < body.length() && Character.isDigit(body.charAt(i))) i++;
        long ackId = i > 0 ? Long.parseLong(body.substring(0, i)) : -1;
        ArrayNode arr = (ArrayNode) replace(JSON.readTree(body.substring(i)), attachments);
        ArrayNode args = JSON.createArrayNode();
        for (int k = 1; k < arr.size(); k++) args.add(arr.get(k));
        Event e = new Event(arr.get(0).asText(), args, ackId);
        Function<Event, Object> fn = autoAck;
        if (ackId >= 0 && fn != null) {
            ws.send("43" + ackId + JSON.writeValueAsString(JSON.createArrayNode().add(JSON.valueToTree(fn.apply(e)))));
        }
        events.add(e);
    }

    private static JsonNode replace(JsonNode n, List<byte[]> attachments) {
        if (n.isObject() && n.path("_placeholder").asBoolean(false)) return BinaryNode.valueOf(attachments.get(n.get("num").asInt()));
        if (n.isArray()) {
            ArrayNode a = JSON.createArrayNode();
            n.forEach(c -> a.add(replace(c, attachments)));
            return a;
        }
        if (n.isObject()) {
            ObjectNode o = JSON.createObjectNode();
            n.fields().forEachRemaining(f -> o.set(f.getKey(), replace(f.getValue(), attachments)));
            return o;
        }
        return n;
    }

    @Override
    public void close() {
        closing = true;
        try {
            ws.abort();
        } catch (RuntimeException ignored) {
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
