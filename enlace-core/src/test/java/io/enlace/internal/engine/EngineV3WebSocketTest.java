package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.internal.engine.V3Harness.Get;
import io.enlace.internal.engine.V3Harness.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.enlace.internal.engine.V3Harness.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Engine.IO v3 over WebSocket at the session (fake ports): type-byte binary messages, base64 per WebSocket request,
 * the client-driven heartbeat, and the upgrade from polling, after which the ping timeout keeps running (a deviation
 * from engine.io 6, which stops it). On the wire against Node's contract: {@code EngineV3InteropTest}.
 */
class EngineV3WebSocketTest {
    private V3Harness h = new V3Harness(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).build());

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    /** A WebSocket-only v3 session and its transport. */
    private record Opened(Session s, WebSocketTransport t) {}

    private Opened webSocketSession(Ws ws, String... query) throws Exception {
        Session s = h.onLoop(() -> h.core.newSession(h.loop, V3Harness.request(query("websocket", query)), "websocket"));
        WebSocketTransport t = h.core.webSocketTransport(s, ws, query("websocket", query));
        h.onLoop(() -> h.core.openWebSocket(s, t));
        return new Opened(s, t);
    }

    private static void text(WebSocketTransport t, String message) {
        t.onText(message, message.length());
    }

    @Test
    void binaryMessagesCarryTheTypeByte() throws Exception {
        Ws ws = new Ws();
        Opened o = webSocketSession(ws);
        Session s = o.s();
        WebSocketTransport t = o.t();
        assertThat(ws.next()).startsWith("0{\"sid\":\"" + s.id() + "\",\"upgrades\":[],");
        assertThat(s.protocol()).isEqualTo(3);
        h.onLoop(() -> t.onBinary(new byte[] {4, 1, 2, 3}));
        assertThat((byte[]) h.nextMessage()).containsExactly(1, 2, 3);
        h.onLoop(() -> text(t, "b4AQID")); // a base64 text message is binary data too
        assertThat((byte[]) h.nextMessage()).containsExactly(1, 2, 3);
        h.onLoop(() -> s.send(new byte[] {9, 8}, false));
        assertThat(ws.next()).isEqualTo("bin 040908");
        h.onLoop(() -> s.send("héllo", false));
        assertThat(ws.next()).isEqualTo("4héllo");
        // an empty binary message or an unknown type byte is a parse error
        h.onLoop(() -> t.onBinary(new byte[] {9, 1}));
        assertThat(h.nextClose()).isEqualTo("parse error: unknown packet type");
    }

    @Test
    void b64OnTheWebSocketRequestMeansBase64TextMessages() throws Exception {
        Ws ws = new Ws();
        Session s = webSocketSession(ws, "b64", "1").s();
        ws.next();
        h.onLoop(() -> s.send(new byte[] {1, 2, 3}, false));
        assertThat(ws.next()).isEqualTo("b4AQID");
    }

    @Test
    void theClientPingsOnTheWebSocketAndAPongFromItIsAnError() throws Exception {
        Ws ws = new Ws();
        WebSocketTransport t = webSocketSession(ws).t();
        ws.next();
        h.onLoop(() -> text(t, "2"));
        assertThat(ws.next()).isEqualTo("3");
        h.onLoop(() -> text(t, "2probe")); // on the current transport: a plain ping, answered without data
        assertThat(ws.next()).isEqualTo("3");
        h.onLoop(() -> text(t, "3"));
        assertThat(h.nextClose()).isEqualTo("transport error: invalid heartbeat direction");
        assertThat(ws.closed).isTrue();
    }

    @Test
    void upgradeFromPollingWithItsOwnFrameCodecThenTheHeartbeatGoesOn() throws Exception {
        h.close();
        h = new V3Harness(EngineOptions.builder().pingInterval(100).pingTimeout(100).build());
        Get handshake = new Get("x");
        Session s = h.polling(query("polling"), handshake); // an XHR2 session: binary polling payloads
        assertThat(handshake.next()).contains(":0{\"sid\":");
        Get pending = h.get(s);
        Ws probeWs = new Ws();
        WebSocketTransport probe = h.core.webSocketTransport(s, probeWs, query("websocket", "sid", s.id(), "b64", "1"));
        h.core.offerUpgrade(s, probe);
        h.onLoop(() -> text(probe, "2probe"));
        assertThat(probeWs.next()).isEqualTo("3probe");
        assertThat(pending.next()).isEqualTo("text/plain; charset=UTF-8 1:6");
        h.onLoop(() -> text(probe, "5"));
        assertThat(s.upgraded()).isTrue();
        assertThat(probeWs.written).as("no 6 on the WebSocket after 5").isEmpty();
        // the WebSocket's own request had b64: binary goes as base64 text there, though the session's polling was XHR2
        h.onLoop(() -> s.send(new byte[] {1, 2, 3}, false));
        assertThat(probeWs.next()).isEqualTo("b4AQID");
        // the client keeps pinging on the WebSocket: alive well past pingInterval + pingTimeout (200 ms)
        AtomicInteger pings = new AtomicInteger();
        ScheduledFuture<?> pinger = h.loop.scheduleAtFixedRate(() -> {
            text(probe, "2");
            pings.incrementAndGet();
        }, 40, 40, TimeUnit.MILLISECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(() -> pings.get() >= 15);
        assertThat(h.closes).as("pinging: no timeout").isEmpty();
        pinger.cancel(false);
        // silence: unlike engine.io 6 (which stops the v3 timeout at the upgrade), the session times out
        assertThat(h.nextClose()).isEqualTo("ping timeout");
        assertThat(probeWs.closed).isTrue();
    }
}
