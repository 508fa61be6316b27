package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages both ways over polling and WebSocket, limits, overlaps and the bad-input matrix. */
class EngineMessagingTest {
    private NettyServer server;
    private EngineServer engine;
    private Http http;
    private final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(5000).pingTimeout(5000).maxHttpBufferSize(1000).build());
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onClose((reason, desc) -> closes.add(s.id() + " " + reason + (desc == null ? "" : " " + desc)));
        });
        engine.onConnectionError(errors::add);
        server = EngineTestKit.start(engine);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    private String url(String sid) { return "/engine.io/?EIO=4&transport=polling&sid=" + sid; }

    private String ws() { return "ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket"; }

    /** Reads the open packet of a new WebSocket session and returns its sid. */
    private static String openSid(Ws ws) throws InterruptedException {
        String open = (String) ws.next(3000);
        assertThat(open).startsWith("0{\"sid\":\"");
        return open.substring(9, open.indexOf('"', 9));
    }

    @Test
    void pollingTextAndBinaryBothWays() {
        String sid = http.handshake("/engine.io/");
        Resp post = http.post(url(sid), "4hello\u001ebAQIDBA==\u001e4wörld");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.text()).isEqualTo("ok");
        assertThat(post.header("content-type")).isEqualTo("text/html");
        Resp get = http.get(url(sid));
        assertThat(get.text()).isEqualTo("4hello\u001ebAQIDBA==\u001e4wörld");
        assertThat(get.header("content-length")).isEqualTo(String.valueOf(get.body().length));
    }

    @Test
    void pendingGetIsAnsweredBySend() throws Exception {
        String sid = http.handshake("/engine.io/");
        EngineSocket s = sockets.get(sid);
        assertThat(s.writable()).as("no GET held right after the handshake").isFalse();
        CompletableFuture<Resp> get = http.sendAsync("GET", url(sid), null);
        EngineTestKit.awaitHeldPoll(s);
        assertThat(get).isNotDone();
        s.sendAll(List.of("a", new byte[] {9}, "b"), false);
        assertThat(get.get(3, TimeUnit.SECONDS).text()).isEqualTo("4a\u001ebCQ==\u001e4b");
    }

    @Test
    void sendFromManyThreadsKeepsPerThreadOrder() throws Exception {
        String sid = http.handshake("/engine.io/");
        EngineSocket s = sockets.get(sid);
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            int id = t;
            ts[t] = new Thread(() -> { for (int i = 0; i < 50; i++) s.send(id + ":" + i); });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50 && all.toString().split("\u001e").length < 200; i++) {
            Resp r = http.get(url(sid));
            if (all.length() > 0) all.append('\u001e');
            all.append(r.text());
        }
        String[] packets = all.toString().split("\u001e");
        assertThat(packets).hasSize(200);
        int[] next = new int[4];
        for (String p : packets) {
            String[] kv = p.substring(1).split(":");
            int t = Integer.parseInt(kv[0]);
            assertThat(Integer.parseInt(kv[1])).isEqualTo(next[t]++);
        }
    }

    @Test
    void websocketTextAndBinary() throws Exception {
        Ws ws = Ws.connect(ws());
        assertThat((String) ws.next(3000)).startsWith("0{");
        ws.send("4héllo");
        assertThat(ws.next(3000)).isEqualTo("4héllo");
        ws.sendBinary(new byte[] {1, 2, 3});
        assertThat((byte[]) ws.next(3000)).containsExactly(1, 2, 3);
        ws.abort();
    }

    @Test
    void oversizedPostIs413AndSessionStaysOpen() {
        String sid = http.handshake("/engine.io/");
        Resp r = http.post(url(sid), "4" + "x".repeat(2000));
        assertThat(r.status()).isEqualTo(413);
        assertThat(http.post(url(sid), "4small").status()).isEqualTo(200);
        assertThat(http.get(url(sid)).text()).isEqualTo("4small");
    }

    @Test
    void expectContinueAndDeclaredOversize() throws Exception {
        String sid = http.handshake("/engine.io/");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(("POST " + url(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(EngineTestKit.readHead(s.getInputStream())).startsWith("HTTP/1.1 100 Continue");
            s.getOutputStream().write("4hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(EngineTestKit.readResponse(s.getInputStream(), 3000)).startsWith("HTTP/1.1 200").endsWith("ok");
        }
        // a declared length over the limit is refused before the body is sent
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(("POST " + url(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(EngineTestKit.readResponse(s.getInputStream(), 3000)).startsWith("HTTP/1.1 413");
        }
        assertThat(http.get(url(sid)).text()).isEqualTo("4hello");
    }

    @Test
    void oversizedChunkedPostIs413() throws Exception {
        String sid = http.handshake("/engine.io/");
        String chunk = "x".repeat(600);
        String req = "POST " + url(sid) + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(601) + "\r\n4" + chunk + "\r\n" + Integer.toHexString(600) + "\r\n" + chunk
                + "\r\n0\r\n\r\n";
        assertThat(EngineTestKit.raw(server.port(), req, 3000)).startsWith("HTTP/1.1 413");
        Resp after = http.post(url(sid), "4still-open");
        assertThat(after.status()).as(after + " " + errors).isEqualTo(200);
    }

    @Test
    void oversizedWebSocketFrameClosesWith1009() throws Exception {
        Ws ws = Ws.connect(ws());
        ws.next(3000);
        String sid = sockets.keySet().iterator().next();
        ws.send("4" + "y".repeat(5000));
        assertThat(ws.awaitClose(3000).code()).isEqualTo(1009);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).startsWith(sid + " transport error");
    }

    @Test
    void binaryContentTypePostIs400AndCloses() {
        String sid = http.handshake("/engine.io/");
        Resp r = http.send("POST", url(sid), new byte[] {4, 1}, "Content-Type", "application/octet-stream");
        assertThat(r.status()).isEqualTo(400);
        assertThat(http.get(url(sid)).status()).isEqualTo(400);
    }

    @Test
    void duplicateGetClosesSession() throws Exception {
        String sid = http.handshake("/engine.io/");
        CompletableFuture<Resp> first = http.sendAsync("GET", url(sid), null);
        EngineTestKit.awaitHeldPoll(sockets.get(sid));
        Resp second = http.get(url(sid) + "&t=burst");
        assertThat(second.status()).isEqualTo(400);
        assertThat(first.get(3, TimeUnit.SECONDS).text()).isEqualTo("1");
        assertThat(http.get(url(sid)).status()).isEqualTo(400);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(sid + " transport error overlap from client");
    }

    @Test
    void concurrentPostClosesSession() throws Exception {
        String sid = http.handshake("/engine.io/");
        // a POST whose body never completes, then a second POST. The first asks for "100 Continue": the server writes
        // it once it has taken the POST for this session (queued on the session's loop), so the second POST, sent
        // after that, reaches the session second
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST " + url(sid) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(EngineTestKit.readHead(s.getInputStream())).startsWith("HTTP/1.1 100 Continue");
            s.getOutputStream().write("4ab".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Resp r = http.post(url(sid), "4x");
            assertThat(r.status()).isEqualTo(400);
        }
        assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(sid + " transport error data request overlap from client");
    }

    @Test
    void clientCloseOverPolling() throws Exception {
        String sid = http.handshake("/engine.io/");
        CompletableFuture<Resp> get = http.sendAsync("GET", url(sid), null);
        EngineTestKit.awaitHeldPoll(sockets.get(sid));
        assertThat(http.post(url(sid), "1").text()).isEqualTo("ok");
        assertThat(get.get(3, TimeUnit.SECONDS).text()).isEqualTo("6");
        assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(sid + " transport close");
        assertThat(http.get(url(sid)).text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void serverCloseOverPollingSendsClosePacket() throws Exception {
        String sid = http.handshake("/engine.io/");
        sockets.get(sid).send("bye");
        sockets.get(sid).close();
        // the next GET gets the buffered message and the close packet
        assertThat(http.get(url(sid)).text()).isEqualTo("4bye\u001e1");
        assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(sid + " forced close");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void serverCloseOverWebSocket() throws Exception {
        Ws ws = Ws.connect(ws());
        ws.next(3000);
        EngineSocket s = sockets.values().iterator().next();
        s.send("last");
        s.close();
        assertThat(ws.next(3000)).isEqualTo("4last");
        assertThat(ws.awaitClose(3000).code()).isEqualTo(1000);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).endsWith("forced close");
    }

    @Test
    void websocketClosePacketAndClientClose() throws Exception {
        Ws ws = Ws.connect(ws());
        ws.next(3000);
        ws.send("1");
        assertThat(ws.awaitClose(3000).code()).as("a normal close by the server").isEqualTo(1000);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).endsWith(" transport close");
        Ws ws2 = Ws.connect(ws());
        ws2.next(3000);
        ws2.socket.sendClose(1000, "bye").join();
        assertThat(closes.poll(3, TimeUnit.SECONDS)).contains(" transport close");
        assertThat(ws2.awaitClose(3000).code()).as("the server answers the close").isEqualTo(1000);
    }

    @Test
    void badInputMatrixOnlyAffectsItsOwnSession() throws Exception {
        // a healthy WebSocket session runs throughout
        Ws healthy = Ws.connect(ws());
        healthy.next(3000);
        String[] bodies = {"abc", "", "4a\u001e\u001e4b", "9", "b!!notbase64", "4ok\u001eX"};
        for (String body : bodies) {
            String sid = http.handshake("/engine.io/");
            Resp r = http.post(url(sid), body);
            assertThat(r.status()).as("body %s", body).isEqualTo(400);
            assertThat(closes.poll(3, TimeUnit.SECONDS)).as("body %s", body).startsWith(sid + " parse error");
            assertThat(http.get(url(sid)).status()).as("body %s", body).isEqualTo(400);
            healthy.send("4still " + body);
            assertThat(healthy.nextNonPing(3000, true)).isEqualTo("4still " + body);
        }
        // invalid UTF-8 over polling
        String sid = http.handshake("/engine.io/");
        Resp r = http.send("POST", url(sid), new byte[] {'4', (byte) 0xC3, (byte) 0x28}, "Content-Type", "text/plain;charset=UTF-8");
        assertThat(r.status()).isEqualTo(400);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).startsWith(sid + " parse error");
        // an invalid packet type over WebSocket
        Ws bad = Ws.connect(ws());
        String badSid = openSid(bad);
        bad.send("x");
        assertThat(bad.awaitClose(3000).code()).isEqualTo(1000);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).startsWith(badSid + " parse error");
        // a client ping is an error under v4
        Ws pinger = Ws.connect(ws());
        String pingerSid = openSid(pinger);
        pinger.send("2");
        assertThat(pinger.awaitClose(3000).code()).isEqualTo(1000);
        assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(pingerSid + " transport error invalid heartbeat direction");
        // garbage HTTP, wrong methods, unknown paths
        assertThat(EngineTestKit.raw(server.port(), "NOT HTTP AT ALL\r\n\r\n", 2000)).startsWith("HTTP/1.1 400");
        assertThat(http.get("/other").status()).isEqualTo(404);
        healthy.send("4end");
        assertThat(healthy.nextNonPing(3000, true)).isEqualTo("4end");
        healthy.abort();
    }

    @Test
    void invalidUtf8TextFrameClosesWith1007() throws Exception {
        // a raw WebSocket client: handshake, then a masked text frame with invalid UTF-8
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            var out = s.getOutputStream();
            out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var in = s.getInputStream();
            assertThat(EngineTestKit.readHead(in)).startsWith("HTTP/1.1 101");
            byte[] payload = {'4', (byte) 0xC3, (byte) 0x28};
            byte[] frame = new byte[2 + 4 + payload.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | payload.length);
            for (int i = 0; i < payload.length; i++) frame[6 + i] = payload[i]; // mask key 0
            out.write(frame);
            out.flush();
            EngineTestKit.Frame open = EngineTestKit.readFrame(in);
            assertThat(open.text()).startsWith("0{\"sid\":\"");
            String sid = open.text().substring(9, 29);
            // then a close frame with status 1007 (0x03EF), and the end of the connection
            EngineTestKit.Frame close = EngineTestKit.readFrame(in);
            assertThat(close.opcode()).isEqualTo(EngineTestKit.Frame.CLOSE);
            assertThat(close.payload()).startsWith(0x03, 0xEF);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(closes.poll(3, TimeUnit.SECONDS)).startsWith(sid + " transport error");
        }
    }

    @Test
    void garbageAfterTheUpgradeClosesOnlyThatSession() throws Exception {
        Ws healthy = Ws.connect(ws());
        healthy.next(3000);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            var out = s.getOutputStream();
            out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = s.getInputStream();
            assertThat(EngineTestKit.readHead(in)).startsWith("HTTP/1.1 101");
            // unmasked frame with a reserved opcode, then plain text: a protocol error
            out.write(new byte[] {(byte) 0x83, 0x03, 'a', 'b', 'c'});
            out.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                in.readAllBytes(); // the server closes the connection (a close frame, then FIN)...
            } catch (java.net.SocketException reset) {
                // ...or a reset, when our garbage was still unread in its receive buffer at close
            }
        }
        assertThat(closes.poll(3, TimeUnit.SECONDS)).contains("transport error");
        healthy.send("4alive");
        assertThat(healthy.nextNonPing(3000, true)).isEqualTo("4alive");
        healthy.abort();
    }

    @Test
    void halfSentRequestDoesNotBlockOthers() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET /engine.io/?EIO=4&transport=pol".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String sid = http.handshake("/engine.io/");
            assertThat(http.post(url(sid), "4x").status()).isEqualTo(200);
        }
    }
}
