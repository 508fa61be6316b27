package io.enlace.interop;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against the Node reference: the same raw HTTP and WebSocket bytes go to socket.io 4.8
 * ({@code interop/differential/server.js}) and to an Enlace server with the same options and handlers; the answers
 * (status, body with sids masked, frames), whether the TCP connection stays usable and whether the session survives
 * (an acknowledged probe event) must be equal, except for the differences listed in {@link #DIFFERENCES}, each with
 * the reason Enlace differs on purpose (the same table is in docs/engine-io.md and docs/socketio.md). A full table of
 * both servers' answers is written to {@code target/differential.md}.
 */
class NodeDifferentialTest {
    private static final long WAIT_MS = 3000;
    private static final String PROBE = "421[\"message-with-ack\",\"probe\"]";
    private static final String PROBE_ACK = "431[\"probe\"]";

    private static Process node;
    private static int nodePort;
    private static SocketIoServer io;
    private static NettyServer enlace;
    private static final Map<String, String[]> RESULTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Path dir = Requirements.interopDir().resolve("differential");
        Requirements.requireNode();
        Requirements.requireNodeModules(dir, "socket.io");
        node = new ProcessBuilder("node", "server.js").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return r.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String first = line.get(30, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("\"port\":(\\d+)").matcher(String.valueOf(first));
        assertThat(m.find()).as("node server.js printed " + first).isTrue();
        nodePort = Integer.parseInt(m.group(1));

        io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(s -> {
            s.on("message-with-ack", (args, ack) -> {
                if (ack.requested()) ack.send(args.toArray());
            });
            s.on("message", (args, ack) -> s.emit("message-back", args.toArray()));
        });
        enlace = io.attach(NettyServer.builder().host("127.0.0.1").port(0)).build().start().join();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (!RESULTS.isEmpty()) writeReport();
        } finally {
            if (io != null) io.close().join();
            if (enlace != null) enlace.stop().join();
            if (node != null) {
                node.getOutputStream().close();
                if (!node.waitFor(10, TimeUnit.SECONDS)) node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    // =================================================================================================================
    // the cases
    // =================================================================================================================

    /** One case: a name and what it does against a server (its port), returning the observed outcome. */
    record Case(String name, Scenario scenario) {
        @Override public String toString() { return name; }
    }

    @FunctionalInterface
    interface Scenario {
        String run(int port) throws Exception;
    }

    /**
     * The documented differences: case name → {Node's outcome, Enlace's outcome, why}. The test checks both sides, so
     * a change of either server shows up here (and the docs' table must follow).
     */
    static final Map<String, String[]> DIFFERENCES = new LinkedHashMap<>();

    private static final String HANDSHAKE = "200 0{\"sid\":\"<sid>\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
            + "\"pingTimeout\":20000,\"maxPayload\":1000000}";
    private static final String KEPT = ", connection kept";
    private static final String BAD_REQUEST = "400 {\"code\":3,\"message\":\"Bad request\"}";
    private static final String UNKNOWN_SID = "400 {\"code\":1,\"message\":\"Session ID unknown\"}";
    /** The probe of a session that is gone. */
    private static final String GONE = " ; probe: POST " + UNKNOWN_SID + ", GET " + UNKNOWN_SID;
    /** The probe of a session that was closing: the probe POST is taken, the GET gets the close packet. */
    private static final String CLOSING = " ; probe: POST 200 ok, GET 200 1";
    private static final String ALIVE = " ; probe: POST 200 ok, GET 200 " + PROBE_ACK;

    private static void differs(String name, String nodeOutcome, String enlaceOutcome, String why) {
        DIFFERENCES.put(name, new String[] {nodeOutcome, enlaceOutcome, why});
    }

    static {
        String parseError = "a payload that does not decode closes the session in both; Enlace answers the POST 400 code 3 "
                + "(the data was refused, and nothing of the payload was applied), Node 200 \"ok\"";
        differs("path without the trailing slash", "404 Not Found" + KEPT, HANDSHAKE + KEPT,
                "Enlace serves its path with or without the trailing slash (Node's addTrailingSlash: false)");
        differs("huge query (20,000 characters)", "431, then connection closed",
                "414 Request-URI Too Long, then connection closed",
                "Netty's limits: request line 4,096 bytes (414), headers 8,192 bytes (431); Node: 16 KB in all (431)");
        differs("malformed header line", "400, then connection closed", "400 Bad Request, then connection closed",
                "HTTP parse errors: both 400 and close; Enlace says why in a text body");
        differs("space inside the request target", "400, then connection closed",
                "400 Bad Request, then connection closed",
                "HTTP parse errors: both 400 and close; Enlace says why in a text body");
        for (String post : List.of("empty body", "only a separator", "only separators", "an empty packet between two",
                "unknown Engine.IO packet type 7", "a good packet, then unknown type 7")) {
            differs("polling: POST " + post, "200 ok" + KEPT + GONE, BAD_REQUEST + KEPT + GONE, parseError);
        }
        differs("polling: POST broken base64", "200 ok" + KEPT + CLOSING, BAD_REQUEST + KEPT + GONE,
                "Node decodes broken base64 leniently, then its Socket.IO parser refuses the stray binary and "
                        + "closes; Enlace refuses the payload (400 code 3) and closes");
        differs("polling: POST text with Content-Type application/octet-stream", "400" + KEPT + GONE,
                BAD_REQUEST + KEPT + GONE,
                "both refuse an EIO 3 binary POST and close the session; Enlace's 400 carries the JSON error body");
        differs("polling: POST invalid UTF-8", "200 ok" + KEPT + ALIVE, BAD_REQUEST + KEPT + GONE,
                "Node replaces invalid UTF-8 with U+FFFD (the data changes silently); Enlace refuses it as over "
                        + "WebSocket, where both close with 1007");
        differs("polling: POST ack id 2^53+1", "200 ok" + KEPT
                        + " ; probe: POST 200 ok, GET 200 439007199254740992[1] | " + PROBE_ACK,
                "200 ok" + KEPT + CLOSING,
                "an ack id above 2^53-1 is a parse error: Node rounds it to a double and acknowledges another id");
        differs("polling: POST ack id beyond 2^53 (25 digits)", "200 ok" + KEPT
                        + " ; probe: POST 200 ok, GET 200 431e+23[1] | " + PROBE_ACK,
                "200 ok" + KEPT + CLOSING,
                "an ack id above 2^53-1 is a parse error: Node acknowledges it as \"1e+23\", which no client parses");
        differs("polling: POST ack id after a space", "200 ok" + KEPT
                        + " ; probe: POST 200 ok, GET 200 435[1] | " + PROBE_ACK,
                "200 ok" + KEPT + CLOSING,
                "a space is not a digit (Node reads it as part of the id, because Number(\" \") == 0)");
        differs("polling: PUT on a session", "500" + KEPT + ALIVE, BAD_REQUEST + KEPT + ALIVE,
                "a method other than GET/POST on a session: Enlace answers 400 code 3 (BAD_METHOD), Node an empty 500");
        differs("WebSocket upgrade with EIO=3", "101 (upgraded)",
                "400 Unsupported protocol version, then connection closed",
                "Node accepts the WebSocket (101), then writes an HTTP 400 into it; Enlace refuses before upgrading");
        differs("websocket: Engine.IO close (1)", "frames: " + PROBE_ACK, "frames: close",
                "a client close packet closes the session on every transport in Enlace; Node ignores it on WebSocket");
        differs("websocket: ack id beyond 2^53 (25 digits)", "frames: 431e+23[1], " + PROBE_ACK, "frames: close",
                "an ack id above 2^53-1 is a parse error: Node acknowledges it as \"1e+23\", which no client parses");
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // ---- requests without a session ----
        c.add(http("handshake with an undecodable parameter %zz", "GET", "/socket.io/?EIO=4&transport=polling&x=%zz"));
        c.add(http("handshake with a truncated escape %", "GET", "/socket.io/?EIO=4&transport=polling&x=%"));
        c.add(http("handshake with %E9 (not UTF-8 once decoded)", "GET", "/socket.io/?EIO=4&transport=polling&x=%E9"));
        c.add(http("handshake with EIO=%34 (encoded 4)", "GET", "/socket.io/?EIO=%34&transport=polling"));
        c.add(http("handshake with transport=%zz", "GET", "/socket.io/?EIO=4&transport=%zz"));
        c.add(http("handshake with a repeated transport (polling, then websocket)", "GET",
                "/socket.io/?EIO=4&transport=polling&transport=websocket"));
        c.add(http("handshake with a repeated EIO (3, then 4)", "GET", "/socket.io/?EIO=3&EIO=4&transport=polling"));
        c.add(http("handshake with an empty sid", "GET", "/socket.io/?EIO=4&transport=polling&sid="));
        c.add(http("handshake with a + in a parameter", "GET", "/socket.io/?EIO=4&transport=polling&x=a+b"));
        c.add(http("unknown transport", "GET", "/socket.io/?EIO=4&transport=flash"));
        c.add(http("no transport", "GET", "/socket.io/?EIO=4"));
        c.add(http("no query at all", "GET", "/socket.io/"));
        c.add(http("EIO=3", "GET", "/socket.io/?EIO=3&transport=polling"));
        c.add(http("EIO=5", "GET", "/socket.io/?EIO=5&transport=polling"));
        c.add(http("no EIO", "GET", "/socket.io/?transport=polling"));
        c.add(http("unknown sid", "GET", "/socket.io/?EIO=4&transport=polling&sid=nope"));
        c.add(http("POST handshake", "POST", "/socket.io/?EIO=4&transport=polling", "40"));
        c.add(http("PUT handshake", "PUT", "/socket.io/?EIO=4&transport=polling", "40"));
        c.add(http("OPTIONS handshake (no CORS configured)", "OPTIONS", "/socket.io/?EIO=4&transport=polling"));
        c.add(http("transport=websocket without Upgrade", "GET", "/socket.io/?EIO=4&transport=websocket"));
        c.add(http("path without the trailing slash", "GET", "/socket.io?EIO=4&transport=polling"));
        c.add(http("GET with a body", "GET", "/socket.io/?EIO=4&transport=polling", "hello"));
        c.add(http("huge query (20,000 characters)", "GET",
                "/socket.io/?EIO=4&transport=polling&x=" + "a".repeat(20_000)));
        c.add(raw("malformed header line", "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n"
                + "no colon here\r\n\r\n"));
        c.add(raw("space inside the request target", "GET /socket.io/?EIO=4&transport=polling&x=a b HTTP/1.1\r\n"
                + "Host: x\r\n\r\n"));

        // ---- POSTs to a polling session (connected to "/") ----
        c.add(post("empty body", ""));
        c.add(post("only a separator", "\u001e"));
        c.add(post("only separators", "\u001e\u001e"));
        c.add(post("an empty packet between two", "6\u001e\u001e6"));
        c.add(post("text with Content-Type application/octet-stream", event("oct"),
                "Content-Type: application/octet-stream"));
        c.add(post("text with Content-Type application/octet-stream; charset=utf-8", event("oct2"),
                "Content-Type: application/octet-stream; charset=utf-8"));
        c.add(post("unknown Engine.IO packet type 7", "7"));
        c.add(post("a good packet, then unknown type 7", event("first") + "\u001e7"));
        c.add(post("broken base64", "b!!!"));
        c.add(post("invalid UTF-8", new byte[] {'4', '2', '[', '"', (byte) 0xff, '"', ']'}));
        c.add(post("client ping (2) under EIO 4", "2"));
        c.add(post("Engine.IO close (1)", "1"));
        c.add(post("Engine.IO noop (6)", "6"));
        c.add(post("Engine.IO upgrade (5) over polling", "5"));
        c.add(post("Engine.IO open (0) from the client", "0"));
        c.add(post("Engine.IO message with no data (4)", "4"));
        c.add(post("Socket.IO CONNECT to an already connected namespace", "40"));
        c.add(post("Socket.IO unknown packet type 7", "47"));
        c.add(post("Socket.IO invalid JSON", "42[\"message-with-ack\""));
        c.add(post("Socket.IO event that is not an array", "42{\"a\":1}"));
        c.add(post("Socket.IO empty event array", "42[]"));
        c.add(post("Socket.IO reserved event name", "42[\"connect\"]"));
        c.add(post("Socket.IO numeric event name", "42[1]"));
        c.add(post("Socket.IO DISCONNECT with data", "41{}"));
        c.add(post("Socket.IO CONNECT to an unknown namespace", "40/nope,"));
        c.add(post("Socket.IO event to a namespace not joined", "42/nope,[\"x\"]"));
        c.add(post("Socket.IO ack for an id never sent", "4310[\"x\"]"));
        c.add(post("ack id 2^53-1 (16 digits)", "429007199254740991[\"message-with-ack\",1]"));
        c.add(post("ack id 2^53+1", "429007199254740993[\"message-with-ack\",1]"));
        c.add(post("ack id beyond 2^53 (25 digits)", "4299999999999999999999999[\"message-with-ack\",1]"));
        c.add(post("ack id with leading zeros", "420000000000000000000007[\"message-with-ack\",1]"));
        c.add(post("ack id after a space", "42 5[\"message-with-ack\",1]"));
        c.add(post("binary event with 0 attachments", "450-[\"message-with-ack\",1]"));
        c.add(post("binary event with 11 attachments", "4511-[\"message-with-ack\",1]"));
        c.add(post("binary event with a non-numeric attachment count", "45x-[\"message-with-ack\",1]"));
        c.add(post("binary event, then text instead of the attachment",
                "451-[\"message-with-ack\",{\"_placeholder\":true,\"num\":0}]"));
        c.add(post("binary event whose placeholder points past the attachments",
                "451-[\"message-with-ack\",{\"_placeholder\":true,\"num\":5}]\u001ebAQID"));
        c.add(post("binary attachment with no binary event pending", "bAQID"));

        // ---- the same session, but a bad GET or a second request ----
        c.add(session("GET with the wrong transport for the session", (p, sid) ->
                exchange(p, RawPeer.request("GET", "/socket.io/?EIO=4&transport=websocket&sid=" + sid, null))));
        c.add(session("GET with EIO=3 on an EIO 4 session", (p, sid) ->
                exchange(p, RawPeer.request("GET", "/socket.io/?EIO=3&transport=polling&sid=" + sid, null))));
        c.add(session("PUT on a session", (p, sid) ->
                exchange(p, RawPeer.request("PUT", "/socket.io/?EIO=4&transport=polling&sid=" + sid, new byte[0]))));

        // ---- WebSocket ----
        c.add(raw("WebSocket upgrade without Sec-WebSocket-Key",
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        c.add(raw("WebSocket upgrade with Sec-WebSocket-Version 12",
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 12\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        c.add(raw("WebSocket upgrade with an unknown sid",
                "GET /socket.io/?EIO=4&transport=websocket&sid=nope HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        c.add(raw("WebSocket upgrade with EIO=3",
                "GET /socket.io/?EIO=3&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        c.add(raw("WebSocket upgrade with x=%zz",
                "GET /socket.io/?EIO=4&transport=websocket&x=%zz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                        + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        c.add(ws("unknown Engine.IO packet type 7", w -> w.sendText("7")));
        c.add(ws("empty text message", w -> w.sendText("")));
        c.add(ws("client ping (2) under EIO 4", w -> w.sendText("2")));
        c.add(ws("Engine.IO close (1)", w -> w.sendText("1")));
        c.add(ws("Engine.IO noop (6)", w -> w.sendText("6")));
        c.add(ws("Engine.IO upgrade (5) on a WebSocket session", w -> w.sendText("5")));
        c.add(ws("base64 packet over WebSocket", w -> w.sendText("bAQID")));
        c.add(ws("binary frame with no binary event pending", w -> w.sendFrame(true, RawPeer.BINARY, new byte[] {1, 2})));
        c.add(ws("invalid UTF-8 in a text frame", w -> w.sendFrame(true, RawPeer.TEXT, new byte[] {'4', (byte) 0xc3, 0x28})));
        c.add(ws("Socket.IO CONNECT to an already connected namespace", w -> w.sendText("40")));
        c.add(ws("Socket.IO invalid JSON", w -> w.sendText("42[\"message-with-ack\"")));
        c.add(ws("ack id beyond 2^53 (25 digits)", w -> w.sendText("4299999999999999999999999[\"message-with-ack\",1]")));
        c.add(ws("ack id 2^53-1 (16 digits)", w -> w.sendText("429007199254740991[\"message-with-ack\",1]")));
        c.add(ws("binary event with 0 attachments", w -> w.sendText("450-[\"message-with-ack\",1]")));
        c.add(ws("binary event, then text instead of the attachment",
                w -> w.sendText("451-[\"message-with-ack\",{\"_placeholder\":true,\"num\":0}]")));
        c.add(ws("binary event with its attachment (valid)", w -> {
            w.sendText("451-[\"message-with-ack\",{\"_placeholder\":true,\"num\":0}]");
            w.sendFrame(true, RawPeer.BINARY, new byte[] {1, 2, 3});
        }));
        return c;
    }

    /** A "message" event (the server answers "message-back"). */
    private static String event(String word) { return "42[\"message\",\"" + word + "\"]"; }

    // =================================================================================================================
    // the test
    // =================================================================================================================

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameAnswerAsNodeOrADocumentedDifference(Case c) throws Exception {
        String nodeOutcome = c.scenario().run(nodePort);
        String enlaceOutcome = c.scenario().run(enlace.port());
        RESULTS.put(c.name(), new String[] {nodeOutcome, enlaceOutcome});
        String[] diff = DIFFERENCES.get(c.name());
        if (diff == null) {
            assertThat(enlaceOutcome).as("Enlace vs Node for: " + c.name()).isEqualTo(nodeOutcome);
        } else {
            assertThat(nodeOutcome).as("Node's side of a documented difference: " + c.name()).isEqualTo(diff[0]);
            assertThat(enlaceOutcome).as("Enlace's side of a documented difference: " + c.name()).isEqualTo(diff[1]);
        }
    }

    @Test
    void everyDocumentedDifferenceIsACase() {
        List<String> names = cases().stream().map(Case::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).containsAll(DIFFERENCES.keySet());
    }

    // =================================================================================================================
    // scenarios
    // =================================================================================================================

    private static Case http(String name, String method, String target) {
        return http(name, method, target, null);
    }

    private static Case http(String name, String method, String target, String body) {
        byte[] b = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return new Case(name, port -> exchange(port, RawPeer.request(method, target, b), "HEAD".equals(method)));
    }

    private static Case raw(String name, String request) {
        return new Case(name, port -> exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), false));
    }

    private static Case post(String name, String body, String... headers) {
        return post(name, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Case post(String name, byte[] body, String... headers) {
        return session("POST " + name, (port, sid) -> exchange(port,
                RawPeer.request("POST", "/socket.io/?EIO=4&transport=polling&sid=" + sid, body, headers)));
    }

    @FunctionalInterface
    interface SessionStep {
        String run(int port, String sid) throws Exception;
    }

    /** A polling session connected to "/", the step, then the probe (an event with an ack, read with GETs). */
    private static Case session(String name, SessionStep step) {
        return new Case("polling: " + name, port -> {
            String sid = openPolling(port);
            String answer = step.run(port, sid);
            return answer + " ; probe: " + pollingProbe(port, sid);
        });
    }

    @FunctionalInterface
    interface WsStep {
        void run(RawPeer ws) throws Exception;
    }

    /** A WebSocket session connected to "/", the bad frames, then the probe; every frame received is reported. */
    private static Case ws(String name, WsStep step) {
        return new Case("websocket: " + name, port -> {
            try (RawPeer w = openWebSocket(port)) {
                step.run(w);
                try {
                    w.sendText(PROBE);
                } catch (IOException e) {
                    return "probe not sent (" + e.getClass().getSimpleName() + ")";
                }
                List<String> frames = new ArrayList<>();
                long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
                while (System.nanoTime() < deadline) {
                    RawPeer.Frame f = w.readFrame(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    if (f == RawPeer.NO_FRAME) { frames.add("(nothing more)"); break; }
                    if (f == RawPeer.EOF) { frames.add("eof"); break; }
                    switch (f.opcode()) {
                        case RawPeer.TEXT -> frames.add(normalize(f.text()));
                        case RawPeer.BINARY -> frames.add("binary(" + f.payload().length + ")");
                        // Node closes without a status code (1005) and waits for the client's close frame; Enlace
                        // closes with 1000 and then the connection: both a normal close (docs/engine-io.md)
                        case RawPeer.CLOSE -> frames.add(f.closeCode() == 1000 || f.closeCode() == 1005
                                ? "close" : "close " + f.closeCode());
                        case RawPeer.PING -> frames.add("ping");
                        default -> frames.add("opcode " + f.opcode());
                    }
                    if (f.opcode() == RawPeer.CLOSE || (f.opcode() == RawPeer.TEXT && f.text().equals(PROBE_ACK))) break;
                }
                return "frames: " + String.join(", ", frames);
            }
        });
    }

    // =================================================================================================================
    // the raw client
    // =================================================================================================================

    /** One request on a new connection: its answer, and whether the connection still serves a next request. */
    static String exchange(int port, byte[] request) throws IOException { return exchange(port, request, false); }

    static String exchange(int port, byte[] request, boolean head) throws IOException {
        try (RawPeer p = new RawPeer(port)) {
            p.write(request);
            RawPeer.Response r = p.readResponse(WAIT_MS, head);
            String answer = describe(r);
            if (r.status() <= 0) return answer;
            if (r.status() == 101) return answer + " (upgraded)";
            // is the connection still usable? a next request must be answered
            try {
                p.write(RawPeer.request("GET", "/socket.io/?EIO=4&transport=followup", null));
            } catch (IOException e) {
                return answer + ", then connection closed";
            }
            RawPeer.Response next = p.readResponse(WAIT_MS, false);
            return answer + (next.status() == 400 ? ", connection kept" : ", then connection closed");
        }
    }

    static String describe(RawPeer.Response r) {
        if (r == RawPeer.CLOSED) return "connection closed without a response";
        if (r == RawPeer.TIMEOUT) return "no response within " + WAIT_MS + " ms";
        String body = normalize(r.text());
        if (body.length() > 160) body = body.substring(0, 160) + "…";
        return r.status() + (body.isEmpty() ? "" : " " + body);
    }

    private static final Pattern SID = Pattern.compile("\"sid\":\"[^\"]*\"");

    static String normalize(String s) {
        return SID.matcher(s).replaceAll("\"sid\":\"<sid>\"").replace("\u001e", " | ").replace("\r", "\\r")
                .replace("\n", "\\n");
    }

    /** Handshake, CONNECT to "/", and the CONNECT answer read: returns the sid. */
    static String openPolling(int port) throws IOException {
        RawPeer.Response hs = once(port, RawPeer.request("GET", "/socket.io/?EIO=4&transport=polling", null));
        assertThat(hs.status()).as("handshake: " + hs.text()).isEqualTo(200);
        Matcher m = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(hs.text());
        assertThat(m.find()).as(hs.text()).isTrue();
        String sid = m.group(1);
        String q = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        RawPeer.Response post = once(port, RawPeer.request("POST", q, "40".getBytes(StandardCharsets.UTF_8)));
        assertThat(post.status()).as("CONNECT post").isEqualTo(200);
        RawPeer.Response get = once(port, RawPeer.request("GET", q, null));
        assertThat(get.text()).as("CONNECT answer").startsWith("40{\"sid\":");
        return sid;
    }

    /** POSTs the probe event; when accepted, GETs until its ack (or nothing more comes within the wait). */
    static String pollingProbe(int port, String sid) throws IOException {
        String q = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        RawPeer.Response post = once(port, RawPeer.request("POST", q, PROBE.getBytes(StandardCharsets.UTF_8)));
        String out = "POST " + describe(post);
        if (post.status() != 200) {
            RawPeer.Response get = once(port, RawPeer.request("GET", q, null));
            return out + ", GET " + describe(get);
        }
        List<String> gets = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            RawPeer.Response get;
            try (RawPeer p = new RawPeer(port)) {
                p.write(RawPeer.request("GET", q, null));
                get = p.readResponse(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L), false);
            }
            // a closing session answers its next GET with "6␞1" in Node (a noop, then close), "1" in Enlace: the
            // client ignores the noop (docs/engine-io.md)
            gets.add(describe(get).replace("200 6 | 1", "200 1"));
            if (get.status() != 200 || get.text().contains(PROBE_ACK) || get.text().equals("1")
                    || get.text().endsWith("\u001e1")) {
                break;
            }
        }
        return out + ", GET " + String.join(", GET ", gets);
    }

    private static RawPeer.Response once(int port, byte[] request) throws IOException {
        try (RawPeer p = new RawPeer(port)) {
            p.write(request);
            return p.readResponse(WAIT_MS, false);
        }
    }

    /** A WebSocket session (handshake on the WebSocket), connected to "/". */
    static RawPeer openWebSocket(int port) throws IOException {
        RawPeer w = new RawPeer(port);
        boolean ok = false;
        try {
            w.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
            RawPeer.Response r = w.readResponse(WAIT_MS, false);
            assertThat(r.status()).as("websocket handshake").isEqualTo(101);
            RawPeer.Frame open = w.readFrame(WAIT_MS);
            assertThat(open.opcode()).isEqualTo(RawPeer.TEXT);
            assertThat(open.text()).startsWith("0{\"sid\":");
            w.sendText("40");
            RawPeer.Frame connected = w.readFrame(WAIT_MS);
            assertThat(connected.opcode()).isEqualTo(RawPeer.TEXT);
            assertThat(connected.text()).startsWith("40{\"sid\":");
            ok = true;
            return w;
        } finally {
            if (!ok) w.close();
        }
    }

    // =================================================================================================================
    // report
    // =================================================================================================================

    private static void writeReport() throws IOException {
        StringBuilder sb = new StringBuilder("| case | Node (socket.io 4.8) | Enlace | |\n|---|---|---|---|\n");
        for (Case c : cases()) {
            String[] r = RESULTS.get(c.name());
            if (r == null) continue;
            String mark = r[0].equals(r[1]) ? "same" : DIFFERENCES.containsKey(c.name()) ? "documented" : "DIFFERENT";
            sb.append("| ").append(cell(c.name())).append(" | ").append(cell(r[0])).append(" | ")
                    .append(r[0].equals(r[1]) ? "(same)" : cell(r[1])).append(" | ").append(mark).append(" |\n");
        }
        Path out = Path.of("target", "differential.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, sb.toString());
    }

    private static String cell(String s) { return s.replace("|", "\\|"); }
}
