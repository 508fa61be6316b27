package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Frame;
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
    private EngineServer engine;
    private final BlockingQueue<EngineSocket> sockets = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private void start(EngineOptions options) {
        engine = EngineTestKit.echo(options);
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
            for (int i = 0; i < 4000 && closes.isEmpty(); i++) socket.send(chunk);
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

    /** A raw WebSocket client that asks for permessage-deflate: the 101 head, then the server's frames. */
    private static Socket deflateClient(int port, StringBuilder head) throws Exception {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        s.getOutputStream().write(EngineTestKit.wsUpgradeRequest("Sec-WebSocket-Extensions: permessage-deflate\r\n"));
        head.append(EngineTestKit.readHead(s.getInputStream()));
        return s;
    }

    @Test
    void perMessageDeflateIsNegotiatedWhenOn() throws Exception {
        start(EngineOptions.builder().perMessageDeflate(true).build());
        StringBuilder head = new StringBuilder();
        try (Socket s = deflateClient(server.port(), head)) {
            assertThat(head.toString()).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
            // the open packet is sent with compress=false: as it is
            Frame open = EngineTestKit.readFrame(s.getInputStream());
            assertThat(open.opcode()).isEqualTo(Frame.TEXT);
            assertThat(open.rsv1()).isFalse();
            assertThat(open.text()).startsWith("0{\"sid\":\"");
            // a message (echoed with compress=true) comes back deflated: RSV1 set
            String text = "4" + "compress me ".repeat(10);
            EngineTestKit.writeFrame(s.getOutputStream(), Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
            Frame echo = EngineTestKit.readFrame(s.getInputStream());
            assertThat(echo.rsv1()).isTrue();
            assertThat(echo.payload().length).isLessThan(text.length());
            assertThat(echo.inflatedText()).isEqualTo(text);
        }
    }

    @Test
    void perMessageDeflateIsOffByDefault() throws Exception {
        start(EngineOptions.builder().build());
        StringBuilder head = new StringBuilder();
        try (Socket s = deflateClient(server.port(), head)) {
            assertThat(head.toString()).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("sec-websocket-extensions");
            assertThat(EngineTestKit.readFrame(s.getInputStream()).text()).startsWith("0{\"sid\":\"");
            String text = "4" + "compress me ".repeat(10);
            EngineTestKit.writeFrame(s.getOutputStream(), Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
            Frame echo = EngineTestKit.readFrame(s.getInputStream());
            assertThat(echo.rsv1()).isFalse();
            assertThat(echo.text()).isEqualTo(text);
        }
    }

    @Test
    void perMessageDeflateHonoursTheCompressFlag() throws Exception {
        start(EngineOptions.builder().perMessageDeflate(true).build());
        String plain = "plain-" + "x".repeat(64);
        String packed = "packed-" + "y".repeat(64);
        engine.onConnection(s -> {
            s.send(plain, false);
            s.send(packed, true);
        });
        StringBuilder head = new StringBuilder();
        try (Socket s = deflateClient(server.port(), head)) {
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            assertThat(EngineTestKit.readFrame(s.getInputStream()).text()).startsWith("0{");
            // compress=false: the frame goes out as it is
            Frame first = EngineTestKit.readFrame(s.getInputStream());
            assertThat(first.rsv1()).isFalse();
            assertThat(first.text()).isEqualTo("4" + plain);
            // compress=true: deflated (smaller than the text) and RSV1 set
            Frame second = EngineTestKit.readFrame(s.getInputStream());
            assertThat(second.rsv1()).isTrue();
            assertThat(second.payload().length).isLessThan(packed.length());
            assertThat(second.inflatedText()).isEqualTo("4" + packed);
        }
    }
}
