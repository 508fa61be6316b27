package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded queues: a slow WebSocket reader or a polling client that stops polling cannot grow the heap. */
class EngineBackpressureTest {
    private NettyServer server;
    private final BlockingQueue<EngineSocket> sockets = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private void start(EngineOptions options) {
        EngineServer engine = EngineTestKit.echo(options);
        engine.onConnection(s -> {
            sockets.add(s);
            s.onClose((r, d) -> closes.add(r.reason() + ": " + d));
        });
        server = EngineTestKit.start(engine);
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    @Test
    void slowWebSocketReaderIsClosedAtTheBound() throws Exception {
        start(EngineOptions.builder().maxBufferedBytes(256 * 1024).pingInterval(20_000).pingTimeout(20_000).build());
        // a raw client that completes the handshake and then never reads
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setReceiveBufferSize(16 * 1024);
            s.getOutputStream().write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            EngineSocket socket = sockets.poll(5, TimeUnit.SECONDS);
            assertThat(socket).isNotNull();
            String chunk = "x".repeat(16 * 1024);
            for (int i = 0; i < 4000 && closes.isEmpty(); i++) {
                socket.send(chunk);
                if (i % 64 == 0) Thread.sleep(5);
            }
            String ev = closes.poll(10, TimeUnit.SECONDS);
            assertThat(ev).isEqualTo("transport error: write buffer full");
            assertThat(socket.writable()).isFalse();
            assertThat(socket.readyState()).isEqualTo(EngineSocket.ReadyState.CLOSED);
        }
    }

    @Test
    void pollingBufferBetweenGetsIsBounded() throws Exception {
        start(EngineOptions.builder().maxBufferedBytes(100_000).build());
        Http http = new Http(server.port());
        String sid = http.handshake("/engine.io/");
        EngineSocket socket = sockets.poll(5, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) socket.send("y".repeat(10_000));
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("transport error: write buffer full");
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).status()).isEqualTo(400);
    }

    @Test
    void drainFiresAfterFlush() throws Exception {
        start(EngineOptions.builder().build());
        Ws ws = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        ws.next(3000);
        EngineSocket socket = sockets.poll(5, TimeUnit.SECONDS);
        BlockingQueue<String> drains = new LinkedBlockingQueue<>();
        socket.onDrain(() -> drains.add("drain"));
        socket.send("a");
        assertThat(drains.poll(3, TimeUnit.SECONDS)).isEqualTo("drain");
        assertThat(socket.writable()).isTrue();
        ws.abort();
    }

    @Test
    void perMessageDeflateIsNegotiatedWhenOn() throws Exception {
        start(EngineOptions.builder().perMessageDeflate(true).build());
        String res = EngineTestKit.raw(server.port(), "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", 1000);
        assertThat(res).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
        // the first frame (the open packet) is compressed: RSV1 set
        int body = res.indexOf("\r\n\r\n") + 4;
        assertThat(res.length()).isGreaterThan(body);
        assertThat(res.charAt(body) & 0x40).isEqualTo(0x40);
    }

    @Test
    void perMessageDeflateIsOffByDefault() throws Exception {
        start(EngineOptions.builder().build());
        String res = EngineTestKit.raw(server.port(), "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", 1000);
        assertThat(res).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
    }

    @Test
    void perMessageDeflateHonoursTheCompressFlag() throws Exception {
        start(EngineOptions.builder().perMessageDeflate(true).build());
        String plain = "plain-" + "x".repeat(64);
        String packed = "packed-" + "y".repeat(64);
        server.engines().get(0).onConnection(s -> {
            s.send(plain, false);
            s.send(packed, true);
        });
        String res = EngineTestKit.raw(server.port(), "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n", 1000);
        assertThat(res).startsWith("HTTP/1.1 101");
        // compress=false: the frame goes out as it is (its text readable on the wire, right after its length byte)
        int at = res.indexOf("4" + plain);
        assertThat(at).as("uncompressed frame on the wire").isPositive();
        assertThat((int) res.charAt(at - 1)).isEqualTo(1 + plain.length()); // the 7-bit length of the raw payload
        // compress=true: deflated, so the text is not readable on the wire
        assertThat(res).doesNotContain(packed);
    }
}
