package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineSocket;
import io.enlace.engine.EngineSocket.ReadyState;
import io.enlace.internal.engine.codec.InPacket;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session's state machine (section 2.3 of the redesign), one test per transition, on a real event loop with fake
 * ports: no socket, no Netty pipeline. The transition's number is in each test's name.
 */
class SessionStateTest {
    private static final long WAIT = 5;
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private EngineCore core = new EngineCore(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).build());
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A long-poll GET (or a POST): records its answers' bodies. */
    static final class FakeGet extends FakePorts.Get {
        FakeGet(String initialSid) { super(initialSid, false); }
    }

    /** A WebSocket connection: records the messages written (binary ones by length) and the close. */
    static final class FakeWs extends FakePorts.Ws {
        FakeWs() { super(false); }
    }

    private <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(WAIT, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(WAIT, TimeUnit.SECONDS);
    }

    private static HandshakeRequest request() {
        return new HandshakeRequest(new InetSocketAddress("127.0.0.1", 40000), new DefaultHttpHeaders(),
                Map.of("EIO", List.of("4")), "/engine.io/?EIO=4", false, EngineProtocol.V4);
    }

    private void recordCloses(EngineSocket s) {
        s.onClose((reason, d) -> closes.add(reason.reason()));
        s.onUpgrading(() -> events.add("upgrading"));
        s.onUpgrade(() -> events.add("upgrade"));
    }

    /** A polling session whose handshake GET was answered. */
    private Session polling() throws Exception {
        core.onConnection(this::recordCloses);
        Session s = onLoop(() -> core.newSession(loop, request(), "polling"));
        FakeGet handshake = new FakeGet(s.id());
        onLoop(() -> core.openPolling(s, handshake));
        assertThat(handshake.next()).startsWith("0{\"sid\":\"" + s.id() + "\"");
        return s;
    }

    private FakeGet pendingGet(Session s) throws Exception {
        FakeGet get = new FakeGet(null);
        onLoop(() -> s.onPollRequest(get));
        return get;
    }

    /** Attaches a probe WebSocket (T6) and returns its connection and transport. */
    private WebSocketTransport probe(Session s, FakeWs ws) throws Exception {
        WebSocketTransport t = core.webSocketTransport(s, ws, Map.of());
        core.offerUpgrade(s, t);
        onLoop(() -> { }); // offerUpgrade hops to the loop: this runs after it
        return t;
    }

    private void receive(WebSocketTransport t, String text) throws Exception {
        onLoop(() -> t.onText(text, text.length()));
    }

    @Test
    void t1_handshakeOpensAPollingSession() throws Exception {
        Session s = polling();
        assertThat(s.state()).isEqualTo(SessionState.POLLING);
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(s.transportName()).isEqualTo("polling");
        assertThat(s.upgraded()).isFalse();
    }

    @Test
    void t1c_listenerClosingDuringTheHandshakeGetsOpenThenClose() throws Exception {
        core.onConnection(sock -> {
            recordCloses(sock);
            sock.send("hi", false);
            sock.close();
        });
        Session s = onLoop(() -> core.newSession(loop, request(), "polling"));
        FakeGet handshake = new FakeGet(s.id());
        onLoop(() -> core.openPolling(s, handshake));
        assertThat(handshake.next()).startsWith("0{").endsWith("\u001e4hi\u001e1");
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThat(closes.poll(WAIT, TimeUnit.SECONDS)).isEqualTo(CloseReason.FORCED_CLOSE.reason());
    }

    @Test
    void t2_webSocketHandshakeOpensAWebSocketSession() throws Exception {
        core.onConnection(sock -> sock.send("welcome", false));
        Session s = onLoop(() -> core.newSession(loop, request(), "websocket"));
        FakeWs ws = new FakeWs();
        WebSocketTransport t = core.webSocketTransport(s, ws, Map.of());
        onLoop(() -> core.openWebSocket(s, t));
        assertThat(ws.next()).startsWith("0{").contains("\"upgrades\":[]");
        assertThat(ws.next()).isEqualTo("4welcome");
        assertThat(s.state()).isEqualTo(SessionState.WEBSOCKET);
        assertThat(s.transportName()).isEqualTo("websocket");
        assertThat(s.upgraded()).isFalse();
    }

    @Test
    void t3_failedWebSocketHandshakeClosesTheNewSession() throws Exception {
        Session s = onLoop(() -> core.newSession(loop, request(), "websocket"));
        recordCloses(s);
        onLoop(() -> s.onClose(CloseReason.TRANSPORT_ERROR, "websocket handshake failed"));
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThat(closes.poll(WAIT, TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_ERROR.reason());
        assertThat(core.session(s.id())).isNull();
    }

    @Test
    void t6_aProbeWebSocketStartsTheUpgrade_t6r_aSecondOneIsClosed() throws Exception {
        Session s = polling();
        FakeWs ws = new FakeWs();
        probe(s, ws);
        assertThat(s.state()).isEqualTo(SessionState.PROBING);
        assertThat(ws.closed).isFalse();
        FakeWs second = new FakeWs();
        probe(s, second);
        assertThat(second.closed).as("T6r: accepted, then closed").isTrue();
        assertThat(s.state()).isEqualTo(SessionState.PROBING);
    }

    @Test
    void t6r_noUpgradeWhenUpgradesAreOff() throws Exception {
        core = new EngineCore(EngineOptions.builder().allowUpgrades(false).pingInterval(60_000).build());
        Session s = polling();
        FakeWs ws = new FakeWs();
        probe(s, ws);
        assertThat(ws.closed).isTrue();
        assertThat(s.state()).isEqualTo(SessionState.POLLING);
    }

    @Test
    void t7_probeAnsweredReleasesTheGetThatPredatesIt_t7b_againWritesOnlyThePong() throws Exception {
        Session s = polling();
        FakeGet get = pendingGet(s);
        FakeWs ws = new FakeWs();
        WebSocketTransport t = probe(s, ws);
        receive(t, "2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        assertThat(s.state()).isEqualTo(SessionState.PROBED);
        assertThat(get.next()).as("the GET from before the probe: a noop at once").isEqualTo("6");
        assertThat(events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("upgrading");
        receive(t, "2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        assertThat(s.state()).isEqualTo(SessionState.PROBED);
        assertThat(events).isEmpty();
    }

    @Test
    void t7_whileProbedGetsAreHeldAndAnsweredByTheNoopTick() throws Exception {
        Session s = polling();
        WebSocketTransport t = probe(s, new FakeWs());
        receive(t, "2probe");
        FakeGet get = pendingGet(s);
        s.send("queued", false); // held: the GET is not answered with it
        assertThat(get.next()).isEqualTo("6");
        assertThat(s.state()).isEqualTo(SessionState.PROBED);
    }

    @Test
    void t8_upgradeMovesToTheWebSocketRefusesTheHeldGetAndFlushesTheQueue() throws Exception {
        Session s = polling();
        FakeWs ws = new FakeWs();
        WebSocketTransport t = probe(s, ws);
        receive(t, "2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        FakeGet held = pendingGet(s);
        s.send("after the probe", false);
        onLoop(() -> { });
        receive(t, "5");
        assertThat(s.state()).isEqualTo(SessionState.WEBSOCKET);
        assertThat(s.upgraded()).isTrue();
        assertThat(s.transportName()).isEqualTo("websocket");
        // the tick may have answered the held GET with a noop before "5"; otherwise it is refused now
        assertThat(held.next()).isIn("6", "refuse " + EngineError.BAD_REQUEST + " TRANSPORT_MISMATCH");
        assertThat(ws.next()).isEqualTo("4after the probe");
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> events.contains("upgrade"));
        FakeGet late = pendingGet(s);
        assertThat(late.next()).isEqualTo("refuse " + EngineError.BAD_REQUEST + " TRANSPORT_MISMATCH");
    }

    @Test
    void t9_anUnexpectedPacketOnTheProbeCancelsTheUpgrade() throws Exception {
        Session s = polling();
        FakeWs ws = new FakeWs();
        WebSocketTransport t = probe(s, ws);
        receive(t, "4not a probe");
        assertThat(ws.closed).isTrue();
        assertThat(s.state()).isEqualTo(SessionState.POLLING);
        FakeGet get = pendingGet(s);
        s.send("still polling", false);
        assertThat(get.next()).isEqualTo("4still polling");
    }

    @Test
    void t9_theUpgradeTimesOut() throws Exception {
        core = new EngineCore(EngineOptions.builder().upgradeTimeout(100).pingInterval(60_000).build());
        Session s = polling();
        FakeWs ws = new FakeWs();
        WebSocketTransport t = probe(s, ws);
        receive(t, "2probe");
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> ws.closed);
        assertThat(onLoop(s::state)).isEqualTo(SessionState.POLLING);
    }

    @Test
    void t9_theProbeClosingCancelsTheUpgrade() throws Exception {
        Session s = polling();
        WebSocketTransport t = probe(s, new FakeWs());
        onLoop(() -> t.onClosed(false, "client closed"));
        assertThat(s.state()).isEqualTo(SessionState.POLLING);
    }

    @Test
    void t10_closeWithoutAGetIsClosing_t11_theNextGetSaysGoodbye() throws Exception {
        Session s = polling();
        s.send("last", false);
        s.close();
        onLoop(() -> { });
        assertThat(s.state()).isEqualTo(SessionState.CLOSING);
        assertThat(s.readyState()).isEqualTo(ReadyState.CLOSING);
        s.send("refused while closing", false);
        FakeGet get = pendingGet(s);
        assertThat(get.next()).isEqualTo("4last\u001e1");
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThat(closes.poll(WAIT, TimeUnit.SECONDS)).isEqualTo(CloseReason.FORCED_CLOSE.reason());
    }

    @Test
    void t10b_closeWithAPendingGetAnswersItAndCloses() throws Exception {
        Session s = polling();
        FakeGet get = pendingGet(s);
        s.close();
        assertThat(get.next()).isEqualTo("1");
        assertThat(onLoop(s::state)).isEqualTo(SessionState.CLOSED);
        FakeGet after = pendingGet(s);
        assertThat(after.next()).isEqualTo("refuse " + EngineError.UNKNOWN_SID + " null");
    }

    @Test
    void t11b_upgradeWhileClosingLingersAndFlushes() throws Exception {
        // D1 kept as today's behaviour (no change for clients): "5" while CLOSING moves the packets queued before the
        // close to the WebSocket, and the session stays CLOSING until its deadline (or the WebSocket ends)
        Session s = polling();
        FakeWs ws = new FakeWs();
        WebSocketTransport t = probe(s, ws);
        receive(t, "2probe");
        assertThat(ws.next()).isEqualTo("3probe");
        s.send("before the close", false);
        s.close();
        onLoop(() -> { });
        assertThat(s.state()).isEqualTo(SessionState.CLOSING);
        receive(t, "5");
        assertThat(ws.next()).isEqualTo("4before the close");
        assertThat(s.state()).isEqualTo(SessionState.CLOSING);
        assertThat(ws.closed).isFalse();
        onLoop(() -> t.onClosed(false, "client closed"));
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void t12_clientCloseOverWebSocketEndsTheSession_r6_andClosesTheProbeOfAForcedClose() throws Exception {
        Session ws = onLoop(() -> core.newSession(loop, request(), "websocket"));
        FakeWs conn = new FakeWs();
        WebSocketTransport t = core.webSocketTransport(ws, conn, Map.of());
        recordCloses(ws);
        onLoop(() -> core.openWebSocket(ws, t));
        receive(t, "1");
        assertThat(ws.state()).isEqualTo(SessionState.CLOSED);
        assertThat(closes.poll(WAIT, TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_CLOSE.reason());
        assertThat(conn.closed).isTrue();

        Session s = polling();
        FakeWs probe = new FakeWs();
        probe(s, probe);
        FakeGet get = pendingGet(s);
        onLoop(() -> s.closeForced(true));
        assertThat(get.next()).isEqualTo("1");
        assertThat(probe.closed).isTrue();
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void t12_aPollingClientClosePostAnswersTheGetWithANoop() throws Exception {
        Session s = polling();
        FakeGet get = pendingGet(s);
        FakeGet post = new FakeGet(null);
        Object token = new Object();
        AtomicReference<Boolean> started = new AtomicReference<>();
        onLoop(() -> started.set(s.onPostStart(post, "text/plain;charset=UTF-8", token)));
        assertThat(started.get()).isTrue();
        onLoop(() -> s.onPostBody(post, token, List.of(new InPacket('1', null)), null, 1));
        assertThat(post.next()).isEqualTo("ok");
        assertThat(get.next()).isEqualTo("6");
        assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        assertThat(closes.poll(WAIT, TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_CLOSE.reason());
    }

    @Test
    void readyStateIsTheProjectionOfTheState() {
        assertThat(SessionState.NEW.readyState()).isEqualTo(ReadyState.OPENING);
        for (SessionState open : List.of(SessionState.POLLING, SessionState.UPGRADE_REQUESTED, SessionState.PROBING,
                SessionState.PROBED, SessionState.WEBSOCKET)) {
            assertThat(open.readyState()).isEqualTo(ReadyState.OPEN);
            assertThat(open.isOpen()).isTrue();
        }
        assertThat(SessionState.CLOSING.readyState()).isEqualTo(ReadyState.CLOSING);
        assertThat(SessionState.CLOSED.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void t4_anUpgradeRequestIsAState_t5_itsFailureGoesBackToPolling() throws Exception {
        Session s = polling();
        s.upgradeRequested();
        onLoop(() -> { });
        assertThat(s.state()).isEqualTo(SessionState.UPGRADE_REQUESTED);
        assertThat(s.readyState()).isEqualTo(ReadyState.OPEN);
        onLoop(s::onUpgradeHandshakeFailed);
        assertThat(s.state()).isEqualTo(SessionState.POLLING);
    }

    @Test
    void t4_ignoredOutsidePolling_soASecondWebSocketLeavesNoStaleState() throws Exception {
        Session s = polling();
        FakeWs first = new FakeWs();
        WebSocketTransport t = probe(s, first);
        s.upgradeRequested(); // a second WebSocket while probing
        onLoop(() -> { });
        assertThat(s.state()).isEqualTo(SessionState.PROBING);
        FakeWs second = new FakeWs();
        probe(s, second);
        assertThat(second.closed).isTrue();
        receive(t, "4unexpected"); // the first upgrade fails: back to polling, nothing left of the second
        assertThat(s.state()).isEqualTo(SessionState.POLLING);
        FakeGet get = pendingGet(s);
        WebSocketTransport again = probe(s, new FakeWs());
        Boolean answeredAtOnce = onLoop(() -> {
            again.onText("2probe", 6);
            return "6".equals(get.answers.peek());
        });
        assertThat(answeredAtOnce).as("a GET from while polling is released at \"2probe\"").isTrue();
    }

    @Test
    void r1_aGetAfterTheUpgradeRequestWaitsForTheTick() throws Exception {
        Session s = polling();
        s.upgradeRequested();
        FakeGet get = pendingGet(s); // queued after the request: not "while polling"
        WebSocketTransport t = probe(s, new FakeWs());
        Boolean pendingAfterProbe = onLoop(() -> {
            t.onText("2probe", 6);
            return get.answers.isEmpty();
        });
        assertThat(pendingAfterProbe).as("not released at \"2probe\"").isTrue();
        assertThat(get.next()).as("the 100 ms tick").isEqualTo("6");
    }

    @Test
    void r2_theGetPendingBeforeTheProbeIsReleasedAtTheProbe() throws Exception {
        Session s = polling();
        FakeGet get = pendingGet(s);
        WebSocketTransport t = probe(s, new FakeWs());
        String answer = onLoop(() -> {
            t.onText("2probe", 6);
            return get.answers.peek();
        });
        assertThat(answer).isEqualTo("6");
    }

    @Test
    void r3_aGetDuringProbingWaitsForTheTick() throws Exception {
        Session s = polling();
        WebSocketTransport t = probe(s, new FakeWs());
        FakeGet get = pendingGet(s);
        Boolean pendingAfterProbe = onLoop(() -> {
            t.onText("2probe", 6);
            return get.answers.isEmpty();
        });
        assertThat(pendingAfterProbe).isTrue();
        assertThat(get.next()).isEqualTo("6");
    }
}
