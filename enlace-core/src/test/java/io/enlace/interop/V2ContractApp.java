package io.enlace.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Enlace twin of {@code interop/v2/node-server.js}, the app contract the v2 scripts check (interop/v2/README.md),
 * on 127.0.0.1 and a free port, {@code allowEIO3} as asked for both halves:
 * <ul>
 *   <li>{@code /engine.io/}: a plain Engine.IO echo (text as text, binary as binary) with pingInterval 300,
 *       pingTimeout 200, maxHttpBufferSize 1e6;</li>
 *   <li>{@code /socket.io/}: Socket.IO with pingInterval 1000, pingTimeout 2000, maxHttpBufferSize 1e6 and the
 *       namespaces {@code /} (echo, handshake, ask, bin, join, leave, to-room, disconnect-me), {@code /chat},
 *       {@code /private} and {@code /private-data}, as the header of {@code node-server.js} lists them.</li>
 * </ul>
 */
final class V2ContractApp implements AutoCloseable {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final SocketIoServer io;
    private final NettyServer server;

    V2ContractApp(boolean allowEIO3) {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(300).pingTimeout(200)
                .maxHttpBufferSize(1_000_000).allowEIO3(allowEIO3).build());
        io = SocketIoServer.create(ServerOptions.builder().pingInterval(1000).pingTimeout(2000)
                .maxHttpBufferSize(1_000_000).allowEIO3(allowEIO3).serveClient(false).build());
        mainNamespace(io);
        chat(io.of("/chat"));
        io.of("/private").use((socket, next) -> next.fail(new ConnectError("not allowed")));
        io.of("/private-data").use((socket, next) -> next.fail(new ConnectError("not allowed",
                NODES.objectNode().put("code", 42).put("why", "no token"))));
        server = EngineTestKit.start(engine, io.engine());
    }

    private static void mainNamespace(SocketIoServer io) {
        io.onConnection(s -> {
            // echo: the ack with the same arguments (binary included), or an "echo" event back without an ack
            s.on("echo", (args, ack) -> {
                if (ack.requested()) ack.send(args.toArray());
                else s.emit("echo", args.toArray());
            });
            s.on("handshake", (args, ack) -> ack.send(describe(s)));
            // ask: the server asks the client with an ack and reports the answer with "answer"
            s.on("ask", (args, ack) -> s.timeout(Duration.ofSeconds(10)).emitWithAck("question", args.node(0))
                    .thenAccept(answer -> s.emit("answer", answer.toArray())));
            // bin: facts about the binary received, the bytes reversed, and a nested binary
            s.on("bin", (args, ack) -> {
                if (!ack.requested()) return;
                JsonNode arg = args.node(0);
                if (!arg.isBinary()) {
                    ack.send(NODES.objectNode().put("length", -1).put("isBuffer", false).put("got", typeOf(arg)));
                    return;
                }
                byte[] b = args.bytes(0);
                byte[] reversed = new byte[b.length];
                for (int i = 0; i < b.length; i++) reversed[i] = b[b.length - 1 - i];
                ObjectNode nested = NODES.objectNode();
                nested.putArray("nested").add(NODES.binaryNode(b.length == 0 ? b : new byte[]{b[0]}));
                ack.send(NODES.objectNode().put("length", b.length).put("isBuffer", true), reversed, nested);
            });
            s.on("join", (args, ack) -> {
                s.join(args.string(0));
                if (ack.requested()) ack.send(new ArrayList<>(s.rooms()));
            });
            s.on("leave", (args, ack) -> {
                s.leave(args.string(0));
                if (ack.requested()) ack.send(new ArrayList<>(s.rooms()));
            });
            // to-room: one broadcast to a room, encoded once for every client in it (v2 and v4 alike)
            s.on("to-room", (args, ack) -> {
                List<JsonNode> payload = args.toList();
                io.to(payload.get(0).asText()).emit("room-news", payload.subList(1, payload.size()).toArray());
                if (ack.requested()) ack.send(true);
            });
            s.on("disconnect-me", (args, ack) -> s.disconnect(false));
        });
    }

    private static void chat(Namespace chat) {
        chat.onConnection(s -> {
            String name = s.handshake().auth().path("name").asText("");
            if (name.isEmpty()) name = s.handshake().query("name");
            if (name == null || name.isEmpty()) name = "anonymous";
            String who = name;
            s.join("lobby");
            ObjectNode welcome = NODES.objectNode().put("name", who).put("id", s.id());
            welcome.set("query", query(s));
            welcome.set("auth", s.handshake().auth());
            s.emit("welcome", welcome);
            s.on("say", (args, ack) -> chat.to("lobby").emit("said", NODES.objectNode().put("name", who).set("text", args.node(0))));
        });
    }

    /** What the Node server's {@code describe(socket)} answers. */
    private static ObjectNode describe(Socket s) {
        ObjectNode d = NODES.objectNode();
        d.put("id", s.id());
        d.put("protocol", s.conn().protocol());
        d.put("transport", s.conn().transportName());
        d.put("nsp", s.nsp().name());
        d.set("query", query(s));
        d.set("auth", s.handshake().auth());
        ArrayNode rooms = d.putArray("rooms");
        for (String r : s.rooms()) rooms.add(r);
        return d;
    }

    /** The handshake query as Node shows it: one string per parameter (an array for a repeated one). */
    private static ObjectNode query(Socket s) {
        ObjectNode q = NODES.objectNode();
        for (Map.Entry<String, List<String>> e : s.handshake().query().entrySet()) {
            List<String> values = e.getValue();
            if (values.size() == 1) {
                q.put(e.getKey(), values.get(0));
            } else {
                ArrayNode a = q.putArray(e.getKey());
                values.forEach(a::add);
            }
        }
        return q;
    }

    private static String typeOf(JsonNode n) {
        if (n.isMissingNode()) return "undefined";
        if (n.isTextual()) return "string";
        if (n.isNumber()) return "number";
        if (n.isBoolean()) return "boolean";
        return "object";
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() { return "http://127.0.0.1:" + server.port(); }

    @Override
    public void close() {
        io.close().join();
        server.stop().join();
    }

    /** Runs the app until stdin closes (for running the scripts by hand): prints {@code listening <port>}. */
    public static void main(String[] args) throws Exception {
        try (V2ContractApp app = new V2ContractApp(args.length == 0 || !args[0].equals("--no-eio3"))) {
            System.out.println("listening " + app.server.port());
            while (System.in.read() >= 0) { /* until stdin closes */ }
        }
    }
}
