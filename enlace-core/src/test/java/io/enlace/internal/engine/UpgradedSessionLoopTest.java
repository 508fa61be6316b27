package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.netty.WebSocketConnection;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.RawWebSocket;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In Enlace's own pipelines the WebSocket of an upgrade moves to its session's event loop before the 101
 * (internal.netty ChannelMove): an upgraded session never crosses loops. The server has two loops and accepts connections on
 * them in turn, so the upgrade connection of a session lands on the other loop than the one that made it.
 */
class UpgradedSessionLoopTest {
    private final Map<String, EngineSocket> sessions = new ConcurrentHashMap<>();
    private NettyServer server;

    @BeforeEach
    void start() {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).build());
        engine.onConnection(s -> sessions.put(s.id(), s));
        server = EngineTestKit.start(engine); // two loops
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    @Test
    void anUpgradedSessionsWebSocketIsOnTheSessionsLoopAndServesItThere() throws Exception {
        for (int i = 0; i < 6; i++) {
            String sid = new Http(server.port()).handshake("/engine.io/"); // a new connection
            Session s = (Session) sessions.get(sid);
            try (RawWebSocket ws = RawWebSocket.upgrade(server.port(), "/engine.io/", sid).closeAfter(20_000)) {
                ws.sendText("2probe");
                assertThat(ws.readText()).isEqualTo("3probe");
                ws.sendText("5");
                await().atMost(Duration.ofSeconds(5)).until(s::upgraded);
                Channel ch = ((WebSocketConnection) s.webSocket()).channel();
                assertThat(ch.eventLoop()).as("session %d's WebSocket loop", i).isSameAs(s.eventLoop());
                // served after the move: text and binary echoed in order
                ws.sendText("4hola " + i);
                ws.send(RawWebSocket.BINARY, new byte[] {4, 1, 2, (byte) i});
                assertThat(ws.readText()).isEqualTo("4hola " + i);
                int[] op = new int[1];
                assertThat(ws.read(op)).containsExactly(4, 1, 2, i);
                assertThat(op[0]).isEqualTo(RawWebSocket.BINARY);
            }
        }
    }

    @Test
    void anUpgradeWhoseClientLeavesAtOnceLeavesTheSessionOnPolling() throws Exception {
        Http http = new Http(server.port());
        for (int i = 0; i < 4; i++) {
            String sid = http.handshake("/engine.io/");
            // the upgrade request, then the connection closed before the 101 can come (during the move, or before it)
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                OutputStream o = raw.getOutputStream();
                o.write(("GET /engine.io/?EIO=4&transport=websocket&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                raw.setSoLinger(true, 0); // a reset, not a clean close
            }
            // the session still works on long-polling: a message goes in and comes back
            assertThat(http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4still here").text()).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).text()).contains("4still here"));
            assertThat(((Session) sessions.get(sid)).upgraded()).isFalse();
        }
    }
}
