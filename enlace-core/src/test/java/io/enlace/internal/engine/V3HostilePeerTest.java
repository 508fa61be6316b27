package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.netty.WebSocketConnection;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.RawWebSocket;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Engine.IO v3 clients that do not play fair, against a real server with {@code allowEIO3}: each offending session is
 * closed (or its request refused) with the error docs/engine-io.md documents, while a v3 witness on the same server,
 * connected before, keeps being served, and nothing leaks (the leak detector runs at PARANOID).
 */
class V3HostilePeerTest {
    private static final int MAX_BUFFERED = 64 * 1024;
    private static final int MAX_HTTP = 100_000;
    private static final String PATH = "/engine.io/";
    private static final String BAD_REQUEST = "{\"code\":3,\"message\":\"Bad request\"}";
    private static final String UNKNOWN_SID = "{\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final Pattern SID = Pattern.compile("sid\\\\?\":\\\\?\"([A-Za-z0-9_-]+)");

    private NettyServer server;
    private EngineServer engine;
    private Http http;
    private RawWebSocket witness;
    private final ConcurrentHashMap<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        engine = EngineTestKit.echo(EngineOptions.builder().allowEIO3(true).pingInterval(60_000).pingTimeout(60_000)
                .maxBufferedBytes(MAX_BUFFERED).maxHttpBufferSize(MAX_HTTP).build());
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            AtomicInteger count = new AtomicInteger();
            handled.put(s.id(), count);
            s.onMessage(m -> count.incrementAndGet());
            s.onClose((reason, desc) -> closes.add(s.id() + " " + reason + (desc == null ? "" : " " + desc)));
        });
        server = EngineTestKit.start(engine);
        http = new Http(server.port());
        witness = RawWebSocket.open(server.port(), PATH, "EIO=3&transport=websocket", 0);
    }

    @AfterEach
    void stop() throws IOException {
        if (witness != null) witness.close();
        if (server != null) server.stop().join();
    }

    /**
     * The witness (a v3 WebSocket session opened before the attack) still gets its pong and its echo, a new v3
     * session handshakes, and the only session left is the witness's: the attacker's is gone.
     */
    private void assertWitnessServedAndAttackerGone() throws Exception {
        witness.sendText("2");
        assertThat(witness.readText()).isEqualTo("3");
        witness.sendText("4still here");
        assertThat(witness.readText()).isEqualTo("4still here");
        Resp r = http.get(PATH + "?EIO=3&transport=polling");
        assertThat(r.status()).isEqualTo(200);
        String fresh = sid(r.text());
        assertThat(post(fresh, "1:1", "text/plain;charset=UTF-8").status()).isEqualTo(200); // a v3 close packet
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.clientsCount() == 1);
        assertThat(closes).as("no other session closed").allMatch(c -> !c.startsWith(witness.sid));
    }

    private static String sid(String handshakeBody) {
        Matcher m = SID.matcher(handshakeBody);
        assertThat(m.find()).as("a sid in " + handshakeBody).isTrue();
        return m.group(1);
    }

    /** Opens a v3 polling session with {@code extraQuery} ({@code &b64=1}, {@code &j=0}...); returns its sid. */
    private String handshakePolling(String extraQuery) {
        Resp r = http.get(PATH + "?EIO=3&transport=polling" + extraQuery);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return sid(r.text());
    }

    private Resp post(String sid, String body, String contentType) {
        return post(sid, "", body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private Resp post(String sid, String extraQuery, byte[] body, String contentType) {
        return http.send("POST", PATH + "?EIO=3&transport=polling&sid=" + sid + extraQuery, body,
                "Content-Type", contentType);
    }

    private String nextClose() throws InterruptedException {
        return closes.poll(10, TimeUnit.SECONDS);
    }

    /** A POST whose body does not decode: 400 code 3, and the session closes with {@code parse error} and the rule. */
    private void assertRefusedAsParseError(String sid, Resp answer, String rule) throws Exception {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.text()).isEqualTo(BAD_REQUEST);
        assertThat(nextClose()).isEqualTo(sid + " parse error " + rule);
        Resp after = http.get(PATH + "?EIO=3&transport=polling&sid=" + sid);
        assertThat(after.status()).isEqualTo(400);
        assertThat(after.text()).isEqualTo(UNKNOWN_SID);
    }

    private Channel channelOf(String sid) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(sid));
        return ((WebSocketConnection) ((Session) sockets.get(sid)).webSocket()).channel();
    }

    /** The bytes counted in the session's outbound queue (read on its loop). */
    private long queuedBytes(String sid) throws Exception {
        Session s = (Session) sockets.get(sid);
        return s.eventLoop().submit(() -> s.queue().bytes()).get(10, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------------------------------ ping floods

    @Test
    void pingFloodOnWebSocketFromAPeerThatNeverReadsIsClosedAtTheBound() throws Exception {
        try (RawWebSocket flood = RawWebSocket.open(server.port(), PATH, "EIO=3&transport=websocket", 4096)
                .closeAfter(30_000)) {
            Channel ch = channelOf(flood.sid);
            AtomicInteger echoed = handled.get(flood.sid);
            // first the peer's window closes: 32 KB messages echoed to a peer that does not read, one at a time, until
            // the server's channel is not writable (at most 1,000: 32 MB; the kernel holds a few MB at most here)
            byte[] big = RawWebSocket.frame(true, RawWebSocket.TEXT, ("4" + "w".repeat(32 * 1024)).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000 && ch.isWritable(); i++) {
                flood.write(big);
                int n = i + 1;
                await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> echoed.get() == n);
                awaitLoopTurn(ch);
            }
            assertThat(ch.isWritable()).as("the peer's window is closed").isFalse();
            assertThat(closes).isEmpty();
            long before = queuedBytes(flood.sid);
            assertThat(before).as("the echoes are in the kernel and Netty's buffer, not in the session's queue")
                    .isLessThan(32 * 1024 + OutboundQueue.PACKET_OVERHEAD + 2);
            // then pings, one pong queued for each: the queue counts each pong with its overhead, so the session
            // closes after about (64 KiB - what is queued) / 33 pongs, not 64 Ki of them
            byte[] ping = RawWebSocket.frame(true, RawWebSocket.TEXT, "2".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) batch.write(ping, 0, ping.length);
            byte[] pings = batch.toByteArray();
            int sent = 0;
            String close = null;
            for (int i = 0; i < 40 && close == null; i++) { // 20,000 pings at most
                try {
                    flood.write(pings);
                } catch (IOException closedByServer) {
                    break;
                }
                sent += 500;
                awaitLoopTurn(ch);
                close = closes.poll(50, TimeUnit.MILLISECONDS);
            }
            if (close == null) close = nextClose();
            assertThat(close).isEqualTo(flood.sid + " transport error write buffer full");
            long pongsToBound = (MAX_BUFFERED - before) / (1 + OutboundQueue.PACKET_OVERHEAD);
            assertThat(sent).as("pings sent until the close").isLessThanOrEqualTo((int) pongsToBound + 1000);
            // the connection ends although its close frame cannot be written
            await().atMost(Duration.ofSeconds(15)).until(() -> !ch.isOpen());
        }
        assertWitnessServedAndAttackerGone();
    }

    /** Waits until what the channel's loop had queued (the reads under way) has run. */
    private static void awaitLoopTurn(Channel ch) throws Exception {
        ch.eventLoop().submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void pingFloodOnPollingFromAPeerThatNeverPollsIsClosedAtTheBound() throws Exception {
        String sid = handshakePolling("");
        String thousandPings = "1:2".repeat(1000); // one POST: 1,000 pings, 1,000 pongs queued (no GET takes them)
        int posts = 0;
        String close = null;
        // 40 POSTs at most (40,000 pongs); the bound (64 KiB, 33 bytes a pong) is reached in the second
        for (int i = 0; i < 40 && close == null; i++) {
            Resp r = post(sid, thousandPings, "text/plain;charset=UTF-8");
            posts++;
            if (r.status() != 200) {
                assertThat(r.text()).isEqualTo(UNKNOWN_SID);
                break;
            }
            assertThat(r.text()).isEqualTo("ok");
            Session s = (Session) sockets.get(sid);
            close = s.eventLoop().submit(() -> closes.poll()).get(10, TimeUnit.SECONDS); // after the POST's packets ran
        }
        if (close == null) close = nextClose();
        assertThat(close).isEqualTo(sid + " transport error write buffer full");
        assertThat(posts).isEqualTo((int) (MAX_BUFFERED / (1 + OutboundQueue.PACKET_OVERHEAD)) / 1000 + 1);
        Resp after = http.get(PATH + "?EIO=3&transport=polling&sid=" + sid);
        assertThat(after.status()).isEqualTo(400);
        assertThat(after.text()).isEqualTo(UNKNOWN_SID);
        assertWitnessServedAndAttackerGone();
    }

    // ------------------------------------------------------------------------------------------ length prefixes

    @Test
    void aHugeLengthPrefixInATextPayloadIsAParseError() throws Exception {
        String sid = handshakePolling("");
        assertRefusedAsParseError(sid, post(sid, "9".repeat(40) + ":4x", "text/plain;charset=UTF-8"),
                "length beyond the end of the payload");
        String beyond = handshakePolling("");
        assertRefusedAsParseError(beyond, post(beyond, "6:4hello" + "2147483648:4x", "text/plain;charset=UTF-8"),
                "length beyond the end of the payload");
        assertWitnessServedAndAttackerGone();
    }

    @Test
    void aHugeLengthPrefixInABinaryPayloadIsAParseError() throws Exception {
        String sid = handshakePolling("");
        byte[] body = new byte[1 + 40 + 1 + 2];
        body[0] = 1; // binary entry
        for (int i = 1; i <= 40; i++) body[i] = 9; // 9999...9 bytes
        body[41] = (byte) 255;
        body[42] = 4;
        body[43] = 7;
        assertRefusedAsParseError(sid, post(sid, "", body, "application/octet-stream"),
                "length beyond the end of the payload");
        assertWitnessServedAndAttackerGone();
    }

    // ------------------------------------------------------------------------------------------ binary payloads

    @Test
    void binaryPayloadsWithBadMarkersOrLengthsAreParseErrors() throws Exception {
        byte[][] bodies = {
                {2, 1, (byte) 255, 4},                     // marker 2
                {0, 10, (byte) 255, '4'},                  // a length "digit" of 10
                {0, (byte) 255, '4'},                      // no length digit
                {0},                                       // a marker alone
                {0, 1},                                    // a length of 1, nothing after it
                {0, 1, (byte) 255, '4', 7, 1},             // a good packet, then marker 7
                {1, 2, (byte) 255, 9, 1},                  // binary packet of type 9
                {0, 3, (byte) 255, '4', (byte) 0xC3, 0x28}, // invalid UTF-8 in a string entry
        };
        String[] rules = {"bad binary payload marker", "bad binary payload length", "bad binary payload length",
                "bad binary payload length", "length beyond the end of the payload", "bad binary payload marker",
                "unknown packet type", "invalid UTF-8"};
        for (int i = 0; i < bodies.length; i++) {
            String sid = handshakePolling("");
            assertRefusedAsParseError(sid, post(sid, "", bodies[i], "application/octet-stream"), rules[i]);
        }
        assertWitnessServedAndAttackerGone();
    }

    // ------------------------------------------------------------------------------------------ base64 packets

    @Test
    void b4PacketsWithInvalidBase64AreParseErrorsOnEveryTransport() throws Exception {
        // a b64 session's text payload
        String b64 = handshakePolling("&b64=1");
        assertRefusedAsParseError(b64, post(b64, "6:b4!!!!", "text/plain;charset=UTF-8"), "invalid base64");
        // the same packet inside a binary payload's string entry (XHR2 session)
        String xhr2 = handshakePolling("");
        byte[] entry = "b4*==*".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[3 + entry.length];
        body[0] = 0;
        body[1] = (byte) entry.length;
        body[2] = (byte) 255;
        System.arraycopy(entry, 0, body, 3, entry.length);
        assertRefusedAsParseError(xhr2, post(xhr2, "", body, "application/octet-stream"), "invalid base64");
        // a JSONP form
        String jsonp = handshakePolling("&j=0");
        assertRefusedAsParseError(jsonp, post(jsonp, "d=6%3Ab4%25%25%25%25", "application/x-www-form-urlencoded"),
                "invalid base64");
        // a WebSocket text message (URL-safe alphabet: not standard base64)
        try (RawWebSocket ws = RawWebSocket.open(server.port(), PATH, "EIO=3&transport=websocket&b64=1", 0)) {
            ws.sendText("b4-_-_");
            assertThat(nextClose()).isEqualTo(ws.sid + " parse error invalid base64");
            int[] op = new int[1];
            byte[] payload = ws.read(op);
            assertThat(op[0]).as("a close frame").isEqualTo(RawWebSocket.CLOSE);
            assertThat(payload.length).isGreaterThanOrEqualTo(2);
            assertThat(((payload[0] & 0xff) << 8) | (payload[1] & 0xff)).isEqualTo(1000);
            assertThat(ws.closedByServerWithin(5000)).isTrue();
        }
        assertWitnessServedAndAttackerGone();
    }

    // ------------------------------------------------------------------------------------------ JSONP forms

    @Test
    void aJsonpFormOfPercentJunkIsAParseError() throws Exception {
        String[] junk = {
                "d=" + "%".repeat(MAX_HTTP - 2),   // the whole body allowed, every character a bare %
                "d=" + "%zz".repeat(1000),          // % then non-hex
                "d=1:4%",                           // % at the end
                "d=%G0",
        };
        for (String body : junk) {
            String sid = handshakePolling("&j=0");
            long t0 = System.nanoTime();
            Resp r = post(sid, body, "application/x-www-form-urlencoded");
            assertRefusedAsParseError(sid, r, "invalid percent-encoding in the JSONP body");
            assertThat(System.nanoTime() - t0).as("linear in the body").isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
        String badKey = handshakePolling("&j=0");
        assertRefusedAsParseError(badKey, post(badKey, "%%=1&d=1:2", "application/x-www-form-urlencoded"),
                "invalid percent-encoding in the JSONP body");
        // a body of fields without '=' (each was once scanned to the end of the body): read in one pass, no d
        String noD = handshakePolling("&j=0");
        assertRefusedAsParseError(noD, post(noD, "a&".repeat(MAX_HTTP / 2), "application/x-www-form-urlencoded"),
                "no d field in the JSONP body");
        assertWitnessServedAndAttackerGone();
    }

    @Test
    void anOversizeJsonpFormIsRefusedWith413AndTheSessionGoesOn() throws Exception {
        String sid = handshakePolling("&j=0");
        // declared: Content-Length over maxHttpBufferSize
        Resp big = post(sid, "d=" + "%41".repeat(MAX_HTTP / 3 + 1), "application/x-www-form-urlencoded");
        assertThat(big.status()).isEqualTo(413);
        // chunked: refused when the received bytes pass the bound
        assertThat(chunkedPost(sid, MAX_HTTP + 1)).startsWith("HTTP/1.1 413");
        assertThat(closes).isEmpty();
        // the session goes on: a good form is taken, its message echoed in the next poll
        Resp ok = post(sid, "d=6%3A4hello", "application/x-www-form-urlencoded");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("ok");
        Resp poll = http.get(PATH + "?EIO=3&transport=polling&j=0&sid=" + sid);
        assertThat(poll.text()).isEqualTo("___eio[0](\"6:4hello\");");
        assertThat(post(sid, "d=1%3A1", "application/x-www-form-urlencoded").status()).isEqualTo(200); // close
        assertThat(nextClose()).isEqualTo(sid + " transport close");
        assertWitnessServedAndAttackerGone();
    }

    /** A chunked JSONP form POST of {@code size} bytes (chunks of 8 KB) on a raw socket; the response head and body. */
    private String chunkedPost(String sid, int size) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + PATH + "?EIO=3&transport=polling&j=0&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "A".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int sent = 0; sent < size; sent += chunk.length) {
                    int n = Math.min(chunk.length, size - sent);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException refusedEarly) {
                // the server answered and closed before the end of the body
            }
            InputStream in = s.getInputStream();
            return EngineTestKit.readResponse(in, 10_000);
        }
    }
}
