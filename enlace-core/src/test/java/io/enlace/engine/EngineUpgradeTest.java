package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Polling to WebSocket upgrade: probe, noop, buffered packets, timeout, cancellation and races. */
class EngineUpgradeTest {
    private NettyServer server;
    private Http http;
    private final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private void start(EngineOptions options) {
        EngineServer engine = EngineTestKit.echo(options);
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onUpgrading(() -> events.add("upgrading"));
            s.onUpgrade(() -> events.add("upgrade " + s.transportName()));
            s.onClose((r, d) -> events.add("close " + r));
        });
        server = EngineTestKit.start(engine);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    private String poll(String sid) { return "/engine.io/?EIO=4&transport=polling&sid=" + sid; }

    private String wsUrl(String sid) {
        return "ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket&sid=" + sid;
    }

    @Test
    void fullUpgradeFlushesBufferedPacketsOnWebSocket() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).pingTimeout(5000).build());
        String sid = http.handshake("/engine.io/");
        EngineSocket s = sockets.get(sid);
        CompletableFuture<Resp> pending = http.sendAsync("GET", poll(sid), null);
        EngineTestKit.awaitHeldPoll(s);
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        assertThat(events.poll(3, TimeUnit.SECONDS)).isEqualTo("upgrading");
        // the poll that was pending is released with a noop at once
        assertThat(pending.get(3, TimeUnit.SECONDS).text()).isEqualTo("6");
        // sent during the upgrade: buffered, then flushed on the WebSocket after "5". Not before: once the send has
        // reached the session, a second probe is answered first (a write to the probe socket would come before it)
        s.sendAll(List.of("during1", new byte[] {7}), false);
        EngineTestKit.awaitLoopTasks(s);
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        assertThat(ws.received).isEmpty();
        ws.send("5");
        assertThat(events.poll(3, TimeUnit.SECONDS)).isEqualTo("upgrade websocket");
        assertThat(ws.next(3000)).isEqualTo("4during1");
        assertThat((byte[]) ws.next(3000)).containsExactly(7);
        assertThat(s.upgraded()).isTrue();
        assertThat(s.transportName()).isEqualTo("websocket");
        ws.send("4after");
        assertThat(ws.next(3000)).isEqualTo("4after");
        Resp late = http.get(poll(sid));
        assertThat(late.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        // a second WebSocket for the upgraded session is accepted, then closed
        Ws again = Ws.connect(wsUrl(sid));
        assertThat(again.awaitClose(3000).code()).isEqualTo(1000);
        ws.send("4still");
        assertThat(ws.next(3000)).isEqualTo("4still");
        ws.abort();
    }

    @Test
    void getAfterProbeGetsNoop() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        // answered by the upgrade's 100 ms check; without it the GET would wait for the 10 s ping
        long t0 = System.nanoTime();
        assertThat(http.get(poll(sid)).text()).isEqualTo("6");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        ws.send("5");
        ws.send("4x");
        assertThat(ws.next(3000)).isEqualTo("4x");
        ws.abort();
    }

    @Test
    void getDuringProbingIsAnsweredByTheNoopTick() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        EngineSocket s = sockets.get(sid);
        Ws ws = Ws.connect(wsUrl(sid));
        // the probe is attached by a task the WebSocket's loop queues on the session's loop with the 101
        EngineTestKit.awaitLoopTasks(s);
        CompletableFuture<Resp> pending = http.sendAsync("GET", poll(sid), null);
        EngineTestKit.awaitHeldPoll(s);
        // the GET came after the probe: it is not released at "2probe" (as the one pending when the probe came is)
        // but by the upgrade's 100 ms check, with a noop
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        assertThat(events.poll(3, TimeUnit.SECONDS)).isEqualTo("upgrading");
        assertThat(pending.get(3, TimeUnit.SECONDS).text()).isEqualTo("6");
        // once probed, what the application sends waits for the WebSocket
        s.send("buffered");
        EngineTestKit.awaitLoopTasks(s);
        ws.send("5");
        assertThat(events.poll(3, TimeUnit.SECONDS)).isEqualTo("upgrade websocket");
        assertThat(ws.next(3000)).isEqualTo("4buffered");
        ws.abort();
    }

    @Test
    void forcedCloseWhileProbingClosesTheProbe() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        EngineSocket s = sockets.get(sid);
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        assertThat(events.poll(3, TimeUnit.SECONDS)).isEqualTo("upgrading");
        s.send("last");
        s.close();
        EngineTestKit.awaitLoopTasks(s);
        // no GET was pending: the session is closing; the probe stays until the next GET says goodbye
        assertThat(s.readyState()).isEqualTo(EngineSocket.ReadyState.CLOSING);
        assertThat(http.get(poll(sid)).text()).isEqualTo("4last\u001e1");
        assertThat(events.poll(3, TimeUnit.SECONDS)).isEqualTo("close forced close");
        assertThat(ws.awaitClose(3000).code()).isEqualTo(1000);
        assertThat(s.transportName()).isEqualTo("polling");
    }

    @Test
    void upgradeRequestThatFailsKeepsPolling() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        String res = EngineTestKit.raw(server.port(), "GET " + poll(sid).replace("polling", "websocket")
                + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n", 3000);
        assertThat(res).startsWith("HTTP/1.1 400").endsWith("Missing or invalid Sec-WebSocket-Key header");
        EngineSocket s = sockets.get(sid);
        assertThat(s.readyState()).isEqualTo(EngineSocket.ReadyState.OPEN);
        s.send("still polling");
        assertThat(http.get(poll(sid)).text()).isEqualTo("4still polling");
        // and an upgrade afterwards works
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        ws.send("5");
        ws.send("4up");
        assertThat(ws.next(3000)).isEqualTo("4up");
        assertThat(s.transportName()).isEqualTo("websocket");
        ws.abort();
    }

    @Test
    void secondWebSocketDuringUpgradeIsClosed() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        Ws second = Ws.connect(wsUrl(sid));
        assertThat(second.awaitClose(3000).code()).isEqualTo(1000);
        ws.send("5");
        ws.send("4ok");
        assertThat(ws.next(3000)).isEqualTo("4ok");
        ws.abort();
    }

    @Test
    void upgradeTimeoutKeepsPolling() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).upgradeTimeout(200).build());
        String sid = http.handshake("/engine.io/");
        // the probe gets upgradeTimeout to finish, counted from after t0 (the server starts the timer on the upgrade)
        long t0 = System.nanoTime();
        Ws ws = Ws.connect(wsUrl(sid));
        assertThat(ws.awaitClose(10_000).code()).isEqualTo(1000);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(200L);
        assertThat(http.post(poll(sid), "4still polling").status()).isEqualTo(200);
        assertThat(http.get(poll(sid)).text()).isEqualTo("4still polling");
        assertThat(sockets.get(sid).transportName()).isEqualTo("polling");
    }

    @Test
    void unexpectedPacketDuringProbeCancelsTheUpgrade() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("4nope");
        assertThat(ws.awaitClose(3000).code()).isEqualTo(1000);
        sockets.get(sid).send("polling-still");
        assertThat(http.get(poll(sid)).text()).isEqualTo("4polling-still");
        // and a new upgrade works afterwards
        Ws ws2 = Ws.connect(wsUrl(sid));
        ws2.send("2probe");
        assertThat(ws2.next(3000)).isEqualTo("3probe");
        ws2.send("5");
        ws2.send("4up");
        assertThat(ws2.next(3000)).isEqualTo("4up");
        ws2.abort();
    }

    @Test
    void probeClosedBeforeUpgradeKeepsPolling() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        Ws ws = Ws.connect(wsUrl(sid));
        ws.send("2probe");
        assertThat(ws.next(3000)).isEqualTo("3probe");
        ws.abort();
        sockets.get(sid).send("back");
        // until the server has seen the probe go, a GET is held and answered by the upgrade's noop check: poll again,
        // as a client does
        String got = null;
        for (int i = 0; i < 100; i++) {
            got = http.get(poll(sid)).text();
            if (!got.equals("6")) break;
        }
        assertThat(got).isEqualTo("4back");
        assertThat(sockets.get(sid).transportName()).isEqualTo("polling");
    }

    @Test
    void noUpgradeWhenUpgradesAreOff() throws Exception {
        start(EngineOptions.builder().allowUpgrades(false).pingInterval(10_000).build());
        String sid = http.handshake("/engine.io/");
        Ws ws = Ws.connect(wsUrl(sid));
        assertThat(ws.awaitClose(3000).code()).isEqualTo(1000);
        sockets.get(sid).send("still polling");
        assertThat(http.get(poll(sid)).text()).isEqualTo("4still polling");
    }

    @Test
    void transportsOption() throws Exception {
        start(EngineOptions.builder().transports(List.of("websocket")).build());
        assertThat(http.get("/engine.io/?EIO=4&transport=polling").text())
                .isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        Ws ws = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        assertThat((String) ws.next(3000)).contains("\"upgrades\":[]");
        ws.abort();
        server.stop().join();
        start(EngineOptions.builder().transports(List.of("polling")).build());
        assertThat(http.get("/engine.io/?EIO=4&transport=polling").text()).contains("\"upgrades\":[]");
        String res = EngineTestKit.raw(server.port(), "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n", 3000);
        assertThat(res).startsWith("HTTP/1.1 400").endsWith("Transport unknown");
    }
}
