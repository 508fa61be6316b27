package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server pings, pong handling and ping timeouts. Every ping and close is awaited (generous bounds: a loaded machine only
 * makes them later); the lower bounds the protocol demands (no ping before pingInterval, no timeout before pingInterval +
 * pingTimeout) are measured from a time taken before the request that started them, so they hold exactly. A session
 * kept alive by pongs has a pingTimeout large enough for a slow client to answer in time.
 */
class EngineHeartbeatTest {
    private NettyServer server;
    private EngineServer engine;
    private Http http;
    private final BlockingQueue<Closed> closes = new LinkedBlockingQueue<>();

    /** A session's close as the server's listener saw it, and when. */
    private record Closed(String sid, String reason, long atNanos) {}

    private void start(int pingInterval, int pingTimeout) {
        engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(pingInterval).pingTimeout(pingTimeout).build());
        engine.onConnection(s -> s.onClose((reason, d) -> closes.add(new Closed(s.id(), reason.reason(), System.nanoTime()))));
        server = EngineTestKit.start(engine);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    private static long msSince(long t0) { return (System.nanoTime() - t0) / 1_000_000; }

    private String wsUrl() { return "ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket"; }

    @Test
    void silentPollingSessionIsClosedAfterPingIntervalPlusPingTimeout() throws Exception {
        start(300, 200);
        long t0 = System.nanoTime();
        String sid = http.handshake("/engine.io/");
        // the client stays silent (the scenario): the server pings at 300 ms and gives up 200 ms later
        Closed c = closes.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("closed within 10 s").extracting(Closed::sid, Closed::reason).containsExactly(sid, "ping timeout");
        assertThat((c.atNanos() - t0) / 1_000_000).as("ms from before the handshake").isGreaterThanOrEqualTo(500);
        Resp r = http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
        assertThat(r.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void pollingPingPongKeepsTheSessionAlive() throws Exception {
        start(200, 1000);
        long t0 = System.nanoTime();
        String sid = http.handshake("/engine.io/");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        long pongSent = t0;
        for (int i = 0; i < 7; i++) {
            assertThat(http.get(url).text()).as("ping " + i).isEqualTo("2");
            // the next ping comes pingInterval after the open or the last pong, never sooner
            assertThat(msSince(pongSent)).as("ms to ping " + i).isGreaterThanOrEqualTo(200);
            pongSent = System.nanoTime();
            assertThat(http.post(url, "3").status()).isEqualTo(200);
        }
        // 7 rounds of at least 200 ms: past the 1200 ms (interval + timeout) at which the first ping alone would have
        // timed out, so the pongs did reset the timeout
        assertThat(msSince(t0)).isGreaterThan(1200);
        assertThat(closes).isEmpty();
        assertThat(http.post(url, "4still here").status()).isEqualTo(200);
        // (with the next ping before or after it when that one is due meanwhile)
        assertThat(List.of(http.get(url).text().split("\u001e"))).filteredOn(p -> !p.equals("2")).containsExactly("4still here");
    }

    @Test
    void websocketPingTimeout() throws Exception {
        start(300, 200);
        long t0 = System.nanoTime();
        Ws ws = Ws.connect(wsUrl());
        String open = (String) ws.next(5000);
        assertThat(open).startsWith("0{\"sid\":\"");
        String sid = open.substring(9, 29);
        assertThat(ws.next(5000)).isEqualTo("2");
        assertThat(msSince(t0)).as("ms to the first ping").isGreaterThanOrEqualTo(300);
        // no pong (the scenario): closed pingTimeout after the ping
        Closed c = closes.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("closed within 10 s").extracting(Closed::sid, Closed::reason).containsExactly(sid, "ping timeout");
        assertThat((c.atNanos() - t0) / 1_000_000).as("ms from before the handshake").isGreaterThanOrEqualTo(500);
        assertThat(ws.awaitClose(5000).code()).isEqualTo(1000);
    }

    @Test
    void websocketPongsKeepTheSessionAlive() throws Exception {
        start(200, 1000);
        long t0 = System.nanoTime();
        Ws ws = Ws.connect(wsUrl());
        String open = (String) ws.next(5000);
        String sid = open.substring(9, 29);
        long pongSent = t0;
        for (int i = 0; i < 7; i++) {
            assertThat(ws.next(5000)).as("ping " + i).isEqualTo("2");
            assertThat(msSince(pongSent)).as("ms to ping " + i).isGreaterThanOrEqualTo(200);
            pongSent = System.nanoTime();
            ws.send("3");
        }
        assertThat(msSince(t0)).isGreaterThan(1200);
        assertThat(closes).isEmpty();
        ws.send("4still here");
        assertThat(ws.nextNonPing(5000, true)).isEqualTo("4still here");
        ws.abort();
        assertThat(closes.poll(5, TimeUnit.SECONDS)).extracting(Closed::sid, Closed::reason).containsExactly(sid, "transport close");
    }
}
