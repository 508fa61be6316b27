package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Server pings, pong handling and ping timeouts with pingInterval 300 / pingTimeout 200 (timings with tolerance). */
class EngineHeartbeatTest {
    private NettyServer server;
    private EngineServer engine;
    private Http http;
    private final Map<String, Long> opened = new ConcurrentHashMap<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(300).pingTimeout(200).build());
        engine.onConnection(s -> {
            opened.put(s.id(), System.nanoTime());
            s.onClose((reason, d) -> closes.add(s.id() + " " + reason + " "
                    + (System.nanoTime() - opened.get(s.id())) / 1_000_000));
        });
        server = EngineTestKit.start(engine);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    private static long elapsed(String closeEvent) { return Long.parseLong(closeEvent.substring(closeEvent.lastIndexOf(' ') + 1)); }

    @Test
    void silentPollingSessionIsGoneAfter500ms() throws Exception {
        String sid = http.handshake("/engine.io/");
        String ev = closes.poll(3, TimeUnit.SECONDS);
        assertThat(ev).startsWith(sid + " ping timeout");
        assertThat(elapsed(ev)).isBetween(480L, 1000L);
        Resp r = http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
        assertThat(r.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void pollingPingPongKeepsTheSessionAlive() throws Exception {
        String sid = http.handshake("/engine.io/");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        for (int i = 0; i < 4; i++) {
            long t0 = System.nanoTime();
            assertThat(http.get(url).text()).isEqualTo("2");
            long waited = (System.nanoTime() - t0) / 1_000_000;
            if (i > 0) assertThat(waited).isBetween(200L, 600L); // next ping pingInterval after the pong
            assertThat(http.post(url, "3").status()).isEqualTo(200);
        }
        assertThat(closes).isEmpty();
    }

    @Test
    void websocketPingTimeout() throws Exception {
        Ws ws = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        assertThat((String) ws.next(3000)).startsWith("0");
        long t0 = System.nanoTime();
        assertThat(ws.next(3000)).isEqualTo("2");
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(150L, 600L);
        String ev = closes.poll(3, TimeUnit.SECONDS);
        assertThat(ev).contains(" ping timeout ");
        assertThat(elapsed(ev)).isBetween(480L, 1000L);
        assertThat(ws.awaitClose(3000)).isNotNull();
    }

    @Test
    void websocketPongsKeepTheSessionAlive() throws Exception {
        Ws ws = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        ws.next(3000);
        for (int i = 0; i < 4; i++) {
            assertThat(ws.next(3000)).isEqualTo("2");
            ws.send("3");
        }
        assertThat(closes).isEmpty();
        ws.abort();
        assertThat(closes.poll(3, TimeUnit.SECONDS)).contains("transport close");
    }
}
