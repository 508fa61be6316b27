package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Args;
import io.enlace.ConnectError;
import io.enlace.DisconnectReason;
import io.enlace.Namespace;
import io.enlace.RemoteSocket;
import io.enlace.ServerOptions;
import io.enlace.Socket;
import io.enlace.engine.CloseReason;
import io.enlace.internal.engine.EngineHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SocketServerTest extends SocketLayerTest {

    /** Connects to {@code nsp} and returns the socket id from the CONNECT reply. */
    /** Connects {@code c} to {@code /} and returns the server's socket for it. */
    private Socket connectedSocket(EngineHarness.Conn c) throws Exception {
        AtomicReference<Socket> ref = new AtomicReference<>();
        io.onConnection(ref::set);
        connect(c, "/");
        await().until(() -> ref.get() != null);
        return ref.get();
    }

    private String connect(EngineHarness.Conn c, String nsp) throws Exception {
        c.receive("/".equals(nsp) ? "0" : "0" + nsp + ",");
        String reply = c.nextText();
        String prefix = "/".equals(nsp) ? "0" : "0" + nsp + ",";
        assertThat(reply).startsWith(prefix + "{");
        return json(reply.substring(prefix.length())).get("sid").asText();
    }

    @Test
    void connectReplyHasOnlySidAndAuthIsEchoed() throws Exception {
        start();
        io.onConnection(s -> s.emit("auth", s.handshake().auth()));
        io.of("/custom").onConnection(s -> s.emit("auth", s.handshake().auth()));
        EngineHarness.Conn c = engine.connect();
        c.receive("0");
        String reply = c.nextText();
        JsonNode body = json(reply.substring(1));
        assertThat(reply).startsWith("0{");
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("sid").asText()).hasSize(20).isNotEqualTo(c.id());
        assertThat(c.nextText()).isEqualTo("2[\"auth\",{}]");
        c.receive("0/custom,{\"token\":\"abc\"}");
        assertThat(c.nextText()).startsWith("0/custom,{\"sid\":");
        assertThat(c.nextText()).isEqualTo("2/custom,[\"auth\",{\"token\":\"abc\"}]");
    }

    @Test
    void handshakeDetails() throws Exception {
        start();
        long before = System.currentTimeMillis();
        EngineHarness.Conn c = engine.connect();
        Socket s = connectedSocket(c);
        long after = System.currentTimeMillis();
        assertThat(s.handshake().header("X-TEST")).isEqualTo("1");
        assertThat(s.handshake().query("foo")).isEqualTo("bar");
        assertThat(s.handshake().address()).isEqualTo("127.0.0.1");
        assertThat(s.handshake().url()).contains("transport=websocket");
        assertThat(s.handshake().secure()).isFalse();
        assertThat(s.handshake().issued()).as("epoch ms of the connect").isBetween(before, after);
        assertThat(s.rooms()).containsExactly(s.id());
        assertThat(s.conn()).isSameAs(c.session());
    }

    @Test
    void unknownNamespaceIsRefused() {
        start();
        EngineHarness.Conn c = engine.connect();
        c.receive("0/random");
        assertThat(c.nextText()).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
        assertThat(c.closed()).isFalse();
        String huge = "/" + "x".repeat(100_000);
        c.receive("0" + huge + ",");
        assertThat(c.nextText()).startsWith("4" + huge + ",{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void eventBeforeConnectClosesTheConnection() {
        start();
        EngineHarness.Conn c = engine.connect();
        c.receive("2[\"hello\"]");
        await().until(c::closed);
    }

    @Test
    void secondConnectClosesTheConnection() throws Exception {
        start();
        List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
        io.onConnection(s -> s.onDisconnect((r, d) -> reasons.add(r)));
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        c.receive("0");
        await().until(c::closed);
        await().until(() -> reasons.equals(List.of(DisconnectReason.FORCED_SERVER_CLOSE)));
    }

    @Test
    void eventsAndAcksFromTheClient() throws Exception {
        start();
        io.onConnection(s -> {
            s.on("message", (args, ack) -> s.emit("message-back", args.toArray()));
            s.on("message-with-ack", (args, ack) -> {
                ack.send(args.toArray());
                ack.send("twice"); // ignored
            });
        });
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        c.receive("2[\"message\",1,\"2\",{\"3\":[true]}]");
        assertThat(c.nextText()).isEqualTo("2[\"message-back\",1,\"2\",{\"3\":[true]}]");
        c.receive("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertThat(c.nextText()).isEqualTo("3456[1,\"2\",{\"3\":[false]}]");
        c.assertNothingSent();
        c.receive("52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        c.receive(new byte[]{1, 2, 3});
        c.receive(new byte[]{4, 5, 6});
        assertThat(c.nextText()).isEqualTo("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat((byte[]) c.next()).containsExactly(1, 2, 3);
        assertThat((byte[]) c.next()).containsExactly(4, 5, 6);
    }

    record Chat(String user, String text, Integer n) {}

    @Test
    void typedHandlersAndBinaryAtAnyDepth() throws Exception {
        start();
        BlockingQueue<Chat> got = new LinkedBlockingQueue<>();
        io.onConnection(s -> {
            s.on("chat", Chat.class, (msg, ack) -> got.add(msg));
            s.emit("bin", Map.of("deep", List.of(new byte[]{7})), java.nio.ByteBuffer.wrap(new byte[]{8, 9}));
        });
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        assertThat(c.nextText()).isEqualTo("52-[\"bin\",{\"deep\":[{\"_placeholder\":true,\"num\":0}]},{\"_placeholder\":true,\"num\":1}]");
        assertThat((byte[]) c.next()).containsExactly(7);
        assertThat((byte[]) c.next()).containsExactly(8, 9);
        c.receive("2[\"chat\",{\"user\":\"ana\",\"text\":\"hola\",\"extra\":true}]");
        assertThat(got.poll(2, TimeUnit.SECONDS)).isEqualTo(new Chat("ana", "hola", null));
        assertThat(mapper.writeValueAsString(mapper.valueToTree(new Chat("a", "b", null)))).isEqualTo("{\"user\":\"a\",\"text\":\"b\",\"n\":null}");
    }

    @Test
    void serverAcksResolveTimeOutAndIgnoreLateOrDuplicateAnswers() throws Exception {
        start();
        EngineHarness.Conn c = engine.connect();
        Socket s = connectedSocket(c);
        CompletableFuture<Args> ok = s.timeout(Duration.ofSeconds(2)).emitWithAck("q", 1);
        String sent = c.nextText();
        assertThat(sent).matches("2\\d+\\[\"q\",1\\]");
        String id = sent.substring(1, sent.indexOf('['));
        c.receive("3" + id + "[\"answer\",{\"x\":1}]");
        Args a = ok.get(2, TimeUnit.SECONDS);
        assertThat(a.string(0)).isEqualTo("answer");
        assertThat(a.node(1).get("x").asInt()).isEqualTo(1);
        c.receive("3" + id + "[\"again\"]"); // duplicate: ignored
        c.receive("399999[\"unknown\"]");     // unknown id: ignored

        CompletableFuture<Args> late = s.timeout(Duration.ofMillis(100)).emitWithAck("q2");
        String sent2 = c.nextText();
        assertThatThrownBy(() -> late.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class)
                .hasMessageContaining("operation has timed out");
        c.receive("3" + sent2.substring(1, sent2.indexOf('[')) + "[]"); // late: ignored
        assertThat(s.connected()).isTrue();
        assertThat(c.closed()).isFalse();

        CompletableFuture<Args> pending = s.emitWithAck("never");
        c.nextText();
        s.disconnect(false);
        assertThatThrownBy(() -> pending.get(2, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThatThrownBy(() -> s.emit("disconnect")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roomsAndBroadcastEncodeOnce() throws Exception {
        start();
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        io.onConnection(sockets::add);
        EngineHarness.Conn a = engine.connect();
        EngineHarness.Conn b = engine.connect();
        EngineHarness.Conn c = engine.connect();
        connect(a, "/");
        connect(b, "/");
        connect(c, "/");
        await().until(() -> sockets.size() == 3);
        sockets.get(0).join("r1");
        sockets.get(1).join(List.of("r1", "r2"));
        io.to("r1").emit("hi", 1);
        assertThat(a.nextText()).isEqualTo("2[\"hi\",1]");
        assertThat(b.nextText()).isEqualTo("2[\"hi\",1]");
        c.assertNothingSent();
        // encoded once: both sessions were handed the same encoded message objects (each flush is a new batch list)
        List<Object> lastA = a.batches().get(a.batches().size() - 1);
        List<Object> lastB = b.batches().get(b.batches().size() - 1);
        assertThat(lastA).hasSameSizeAs(lastB);
        for (int i = 0; i < lastA.size(); i++) assertThat(lastA.get(i)).isSameAs(lastB.get(i));

        sockets.get(0).to("r1").emit("from-a");
        assertThat(b.nextText()).isEqualTo("2[\"from-a\"]");
        a.assertNothingSent();

        io.except("r2").emit("not-r2");
        assertThat(a.nextText()).isEqualTo("2[\"not-r2\"]");
        assertThat(c.nextText()).isEqualTo("2[\"not-r2\"]");
        b.assertNothingSent();

        sockets.get(2).broadcast().emit("all-but-c");
        assertThat(a.nextText()).isEqualTo("2[\"all-but-c\"]");
        assertThat(b.nextText()).isEqualTo("2[\"all-but-c\"]");
        c.assertNothingSent();

        io.in("r1").socketsJoin("r3");
        assertThat(sockets.get(0).rooms()).contains("r3");
        io.in("r3").socketsLeave("r1");
        assertThat(sockets.get(1).rooms()).containsExactlyInAnyOrder(sockets.get(1).id(), "r2", "r3");
        List<RemoteSocket> r3 = io.in("r3").fetchSockets().get(2, TimeUnit.SECONDS);
        assertThat(r3).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sockets.get(0).id(), sockets.get(1).id());
        r3.get(0).emit("direct", "x");
        EngineHarness.Conn target = r3.get(0).id().equals(sockets.get(0).id()) ? a : b;
        assertThat(target.nextText()).isEqualTo("2[\"direct\",\"x\"]");

        // volatile: dropped when the transport is not writable
        c.writable(false);
        io.asVolatile().emit("v");
        assertThat(a.nextText()).isEqualTo("2[\"v\"]");
        assertThat(b.nextText()).isEqualTo("2[\"v\"]");
        c.assertNothingSent();

        assertThatThrownBy(() -> io.emit("connect")).isInstanceOf(IllegalArgumentException.class);
        io.in("r3").disconnectSockets(false);
        assertThat(a.nextText()).isEqualTo("1");
        assertThat(b.nextText()).isEqualTo("1");
        await().until(() -> io.sockets().sockets().size() == 1);
        assertThat(io.of("/").adapter().rooms()).doesNotContainKeys("r3", "r1", "r2");
    }

    @Test
    void broadcastWithAckCollectsEveryAnswer() throws Exception {
        start();
        EngineHarness.Conn a = engine.connect();
        EngineHarness.Conn b = engine.connect();
        connect(a, "/");
        connect(b, "/");
        await().until(() -> io.sockets().sockets().size() == 2);
        CompletableFuture<List<Args>> f = io.timeout(Duration.ofSeconds(2)).emitWithAck("ping");
        String ta = a.nextText();
        String tb = b.nextText();
        assertThat(ta).isEqualTo(tb);
        String id = ta.substring(1, ta.indexOf('['));
        a.receive("3" + id + "[\"pa\"]");
        assertThat(f).isNotDone();
        b.receive("3" + id + "[\"pb\"]");
        List<Args> res = f.get(2, TimeUnit.SECONDS);
        assertThat(res).extracting(x -> x.string(0)).containsExactlyInAnyOrder("pa", "pb");

        CompletableFuture<List<Args>> t = io.timeout(Duration.ofMillis(100)).emitWithAck("ping2");
        a.nextText();
        b.nextText();
        assertThatThrownBy(() -> t.get(2, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        // nothing is left waiting in the sockets once the timeout passed
        await().until(() -> io.sockets().sockets().values().stream().allMatch(s -> ((RealSocket) s).pendingAckCount() == 0));
    }

    @Test
    void middlewareErrorSendsConnectErrorWithData() throws Exception {
        start();
        io.use((s, next) -> {
            if (s.handshake().auth().has("token")) next.ok();
            else next.fail(new ConnectError("not authorized", Map.of("code", 401)));
        });
        io.of("/boom").use((s, next) -> { throw new IllegalStateException("kaput"); });
        EngineHarness.Conn c = engine.connect();
        c.receive("0");
        assertThat(c.nextText()).isEqualTo("4{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        c.receive("0{\"token\":1}");
        assertThat(c.nextText()).startsWith("0{\"sid\":");
        c.receive("0/boom,");
        assertThat(c.nextText()).isEqualTo("4/boom,{\"message\":\"kaput\"}");
        assertThat(c.closed()).isFalse();
        assertThat(io.of("/boom").sockets()).isEmpty();
    }

    @Test
    void dynamicNamespacesInheritMiddlewareAndHandlers() throws Exception {
        start(ServerOptions.builder().cleanupEmptyChildNamespaces(true));
        List<Namespace> created = new CopyOnWriteArrayList<>();
        io.onNewNamespace(created::add);
        Namespace parent = io.of(Pattern.compile("/dyn-\\d+"));
        parent.use((s, next) -> { s.data("checked"); next.ok(); });
        parent.onConnection(s -> s.emit("welcome", s.nsp().name(), (String) s.data()));
        Namespace byFn = io.of((name, auth) -> name.startsWith("/fn-") && auth.path("ok").asBoolean());
        byFn.onConnection(s -> s.emit("fn"));

        EngineHarness.Conn c = engine.connect();
        connect(c, "/dyn-1");
        assertThat(c.nextText()).isEqualTo("2/dyn-1,[\"welcome\",\"/dyn-1\",\"checked\"]");
        assertThat(created).extracting(Namespace::name).containsExactly("/dyn-1");
        c.receive("0/fn-a,{}");
        assertThat(c.nextText()).isEqualTo("4/fn-a,{\"message\":\"Invalid namespace\"}");
        c.receive("0/fn-a,{\"ok\":true}");
        assertThat(c.nextText()).startsWith("0/fn-a,{\"sid\"");
        assertThat(c.nextText()).isEqualTo("2/fn-a,[\"fn\"]");

        parent.emit("to-children", 1);
        assertThat(c.nextText()).isEqualTo("2/dyn-1,[\"to-children\",1]");
        assertThatThrownBy(() -> parent.fetchSockets().join()).hasCauseInstanceOf(UnsupportedOperationException.class);

        c.receive("1/dyn-1,");
        await().until(() -> !io.hasNamespace("/dyn-1"));
        c.receive("0/dyn-2,");
        assertThat(c.nextText()).startsWith("0/dyn-2,");
        assertThat(c.nextText()).startsWith("2/dyn-2,[\"welcome\"");
        // /dyn-1 was removed when it became empty, so connecting again makes a new child
        c.receive("0/dyn-1,");
        assertThat(c.nextText()).startsWith("0/dyn-1,");
        await().until(() -> created.stream().filter(n -> n.name().equals("/dyn-1")).count() == 2);
    }

    @Test
    void disconnectReasonsAndRoomsDuringDisconnecting() throws Exception {
        start();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        io.onConnection(s -> {
            s.join("room");
            s.onDisconnecting((r, d) -> events.add("disconnecting " + r + " " + s.rooms().contains("room")));
            s.onDisconnect((r, d) -> events.add("disconnect " + r + " " + s.rooms().isEmpty()));
        });
        io.of("/other").onConnection(s -> s.onDisconnect((r, d) -> events.add("other " + r)));
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        connect(c, "/other");
        c.receive("1/other,");
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("other client namespace disconnect");
        assertThat(c.closed()).isFalse();
        c.receive("2/other,[\"x\"]"); // not connected any more: closes
        await().until(c::closed);
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("disconnecting forced server close true");
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("disconnect forced server close true");

        EngineHarness.Conn d = engine.connect();
        connect(d, "/");
        d.drop(CloseReason.PING_TIMEOUT);
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("disconnecting ping timeout true");
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("disconnect ping timeout true");

        EngineHarness.Conn e = engine.connect();
        connect(e, "/");
        e.receive("2[\"disconnect\"]"); // reserved name: parse error
        assertThat(events.poll(2, TimeUnit.SECONDS)).isEqualTo("disconnecting parse error true");
        events.poll(2, TimeUnit.SECONDS);
        await().until(e::closed);
    }

    @Test
    void serverSideDisconnect() throws Exception {
        start();
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        BlockingQueue<DisconnectReason> reasons = new LinkedBlockingQueue<>();
        io.onConnection(s -> { sockets.add(s); s.onDisconnect((r, d) -> reasons.add(r)); });
        io.of("/b").onConnection(s -> { sockets.add(s); s.onDisconnect((r, d) -> reasons.add(r)); });
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        connect(c, "/b");
        await().until(() -> sockets.size() == 2);
        sockets.get(1).disconnect(false);
        assertThat(c.nextText()).isEqualTo("1/b,");
        assertThat(reasons.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(c.closed()).isFalse();
        connect(c, "/b");
        await().until(() -> sockets.size() == 3);
        sockets.get(0).disconnect(true);
        assertThat(reasons.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(reasons.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        await().until(c::closed);
    }

    @Test
    void connectTimeoutClosesIdleConnections() {
        start(ServerOptions.builder().connectTimeout(150));
        long t0 = System.nanoTime();
        EngineHarness.Conn idle = engine.connect();
        AtomicLong closedAt = new AtomicLong();
        idle.onClose((r, d) -> closedAt.set(System.nanoTime()));
        EngineHarness.Conn joined = engine.connect();
        joined.receive("0");
        assertThat(joined.nextText()).startsWith("0{\"sid\":");
        await().atMost(Duration.ofSeconds(10)).until(idle::closed);
        assertThat(idle.closedWith).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat((closedAt.get() - t0) / 1_000_000).as("ms to the close").isGreaterThanOrEqualTo(150);
        assertThat(joined.closed()).isFalse();
    }

    @Test
    void catchAllListenersAndEventMiddleware() throws Exception {
        start();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        io.onConnection(s -> {
            s.onAny((e, a) -> seen.add("any " + e + a));
            s.onAnyOutgoing((e, a) -> seen.add("out " + e + a));
            s.use((e, a, next) -> {
                if (e.equals("forbidden")) next.fail(new IllegalStateException("no " + e));
                else next.ok();
            });
            s.onError(err -> seen.add("error " + err.getMessage()));
            s.on("ok", (a, ack) -> seen.add("handler ok"));
            s.on("forbidden", (a, ack) -> seen.add("handler forbidden"));
            s.on("throws", (a, ack) -> { throw new IllegalArgumentException("bad handler"); });
        });
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        c.receive("2[\"ok\",1]");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("any ok[1]");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("handler ok");
        c.receive("2[\"forbidden\"]");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("any forbidden[]");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("error no forbidden");
        c.receive("2[\"throws\"]");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("any throws[]");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("error bad handler");
        io.emit("news", "x");
        assertThat(seen.poll(2, TimeUnit.SECONDS)).isEqualTo("out news[\"x\"]");
        assertThat(c.closed()).isFalse();
    }

    @Test
    void executorRunsHandlersInOrderOffTheLoop() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            start(ServerOptions.builder().executor(pool));
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();
            io.onConnection(s -> s.on("n", (a, ack) -> {
                onLoop.add(engine.loop.inEventLoop());
                Thread.sleep(2); // the scenario: handlers that take a while, so a pool could run later ones first
                order.add(a.get(0, Integer.class));
            }));
            EngineHarness.Conn c = engine.connect();
            connect(c, "/");
            for (int i = 0; i < 50; i++) c.receive("2[\"n\"," + i + "]");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(order).hasSize(50));
            assertThat(order).isSorted();
            assertThat(onLoop).containsOnly(false);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * With handlers on an executor, a client's events, then its DISCONNECT, then its transport closing, all arriving
     * while a handler is still busy: every event is handled, in order, before the disconnect listeners, and the reason
     * is the client's DISCONNECT (Node handles each packet when it arrives, so the closing transport comes after it).
     */
    @Test
    void eventsAndDisconnectQueuedBehindABusyHandlerAreHandledBeforeTheTransportClose() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            start(ServerOptions.builder().executor(pool));
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            io.onConnection(s -> {
                s.on("e", (a, ack) -> {
                    if (a.string(0).equals("first")) release.await(5, TimeUnit.SECONDS);
                    seen.add(a.string(0));
                });
                s.onDisconnecting((reason, d) -> seen.add("disconnecting " + reason));
                s.onDisconnect((reason, d) -> seen.add("disconnect " + reason));
            });
            EngineHarness.Conn c = engine.connect();
            connect(c, "/");
            c.receive("2[\"e\",\"first\"]");
            c.receive("2[\"e\",\"second\"]");
            c.receive("1"); // DISCONNECT from /
            c.drop(CloseReason.TRANSPORT_CLOSE);
            await().atMost(Duration.ofSeconds(5)).until(c::closed);
            release.countDown();
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("disconnecting client namespace disconnect");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("disconnect client namespace disconnect");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An event the client sends as soon as it has the CONNECT reply, while the connection listener is still running on
     * the executor, reaches the handler that listener registers (Node runs the listeners before it handles the next
     * packet). The listener waits until the event has reached the server before it registers its handler.
     */
    @Test
    void eventRightAfterConnectReachesHandlerRegisteredInOnConnection() throws Exception {
        eventRightAfterConnect(ServerOptions.builder());
    }

    /** The same with every handler of the server on one serial queue (Node's single thread). */
    @Test
    void eventRightAfterConnectReachesHandlerRegisteredInOnConnectionInSerialMode() throws Exception {
        eventRightAfterConnect(ServerOptions.builder().serialHandlers(true));
    }

    private void eventRightAfterConnect(ServerOptions.Builder options) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            start(options.executor(pool));
            java.util.concurrent.CountDownLatch eventSent = new java.util.concurrent.CountDownLatch(1);
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            AtomicBoolean listenerWaited = new AtomicBoolean();
            io.onConnection(s -> {
                try {
                    listenerWaited.set(eventSent.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.on("e", (a, ack) -> got.add(a.string(0)));
            });
            EngineHarness.Conn c = engine.connect();
            connect(c, "/"); // the CONNECT reply: the listener is running (or about to)
            c.receive("2[\"e\",\"first\"]"); // returns once the packet went through the server's routing on the loop
            c.receive("2[\"e\",\"second\"]");
            eventSent.countDown();
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(listenerWaited).as("the listener registered its handler after the events arrived").isTrue();
            assertThat(c.closed()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void watchdogReportsABlockedLoop() throws Exception {
        start(ServerOptions.builder().blockedThreshold(100));
        AtomicLong before = new AtomicLong();
        AtomicBoolean reportedWhileBlocked = new AtomicBoolean();
        // the scenario: a handler that blocks the loop, here until the watchdog has reported it (5 s at most)
        io.onConnection(s -> s.on("block", (a, ack) -> reportedWhileBlocked.set(await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10)).until(() -> Watchdog.INSTANCE.reports > before.get(), ok -> ok))));
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        before.set(Watchdog.INSTANCE.reports);
        long t0 = System.nanoTime();
        c.receive("2[\"block\"]"); // returns once the handler is done (the harness runs it on the loop and waits)
        assertThat(reportedWhileBlocked).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("not reported before the 100 ms threshold").isGreaterThanOrEqualTo(100);
    }

    @Test
    void connectionStateRecovery() throws Exception {
        start(ServerOptions.builder().connectionStateRecovery(ServerOptions.Recovery.defaults()));
        BlockingQueue<Socket> sockets = new LinkedBlockingQueue<>();
        io.onConnection(s -> {
            if (!s.recovered()) {
                s.join("room");
                s.data(Map.of("user", "ana"));
            }
            sockets.add(s);
        });
        EngineHarness.Conn c = engine.connect();
        c.receive("0");
        JsonNode reply = json(c.nextText().substring(1));
        assertThat(reply.has("pid")).isTrue();
        String sid = reply.get("sid").asText();
        String pid = reply.get("pid").asText();
        Socket first = sockets.poll(2, TimeUnit.SECONDS);
        io.to("room").emit("m1", 1);
        String m1 = c.nextText();
        JsonNode m1args = json(m1.substring(1));
        assertThat(m1args.size()).isEqualTo(3);
        String offset = m1args.get(2).asText();
        first.emit("direct");
        assertThat(json(c.nextText().substring(1)).size()).isEqualTo(2); // offset appended to a direct emit too
        first.timeout(Duration.ofSeconds(1)).emitWithAck("withAck");
        assertThat(c.nextText()).matches("2\\d+\\[\"withAck\"\\]"); // no offset with an ack
        first.asVolatile().emit("vol");
        assertThat(c.nextText()).isEqualTo("2[\"vol\"]");
        c.drop(CloseReason.TRANSPORT_CLOSE);
        await().until(() -> !first.connected());
        io.to("room").emit("missed", 2);
        io.except("room").emit("not-for-it");

        EngineHarness.Conn c2 = engine.connect();
        c2.receive("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
        String replay1 = c2.nextText();
        assertThat(replay1).startsWith("2[\"direct\",");
        assertThat(c2.nextText()).startsWith("2[\"missed\",2,");
        String again = c2.nextText();
        assertThat(again).startsWith("0{");
        assertThat(json(again.substring(1)).get("sid").asText()).isEqualTo(sid);
        Socket second = sockets.poll(2, TimeUnit.SECONDS);
        assertThat(second.recovered()).isTrue();
        assertThat(second.id()).isEqualTo(sid);
        assertThat(second.rooms()).contains("room", sid);
        assertThat(second.<Map<String, String>>data()).containsEntry("user", "ana");

        // unknown session: a new one
        EngineHarness.Conn c3 = engine.connect();
        c3.receive("0{\"pid\":\"nope\",\"offset\":\"" + offset + "\"}");
        JsonNode r3 = json(c3.nextText().substring(1));
        assertThat(r3.get("sid").asText()).isNotEqualTo(sid);
        assertThat(sockets.poll(2, TimeUnit.SECONDS).recovered()).isFalse();
    }

    @Test
    void closeDisconnectsEveryoneWithServerShuttingDown() throws Exception {
        start();
        BlockingQueue<DisconnectReason> reasons = new LinkedBlockingQueue<>();
        io.onConnection(s -> s.onDisconnect((r, d) -> reasons.add(r)));
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        io.close().join();
        assertThat(reasons.poll(2, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
        await().until(c::closed);
        io = null;
    }

    @Test
    void fetchSocketsGivesHandshakeRoomsAndData() throws Exception {
        start();
        io.onConnection(s -> s.data("d-" + s.id()).join("x"));
        EngineHarness.Conn c = engine.connect();
        String sid = connect(c, "/");
        await().until(() -> io.sockets().sockets().size() == 1);
        List<RemoteSocket> all = io.fetchSockets().get(2, TimeUnit.SECONDS);
        assertThat(all).hasSize(1);
        RemoteSocket r = all.get(0);
        assertThat(r.id()).isEqualTo(sid);
        assertThat(r.rooms()).containsExactlyInAnyOrder(sid, "x");
        assertThat((String) r.data()).isEqualTo("d-" + sid);
        assertThat(r.handshake().query("foo")).isEqualTo("bar");
        r.join("y");
        assertThat(io.sockets().sockets().get(sid).rooms()).contains("y");
        r.leave("x");
        assertThat(io.sockets().sockets().get(sid).rooms()).doesNotContain("x");
        r.disconnect(true);
        await().until(c::closed);
        assertThat(io.sockets().adapter().sids()).isEmpty();
        assertThat(io.sockets().adapter().rooms()).isEmpty();
    }

    @Test
    void serverSideEmitWithInMemoryAdapter() throws Exception {
        start();
        assertThat(io.serverSideEmit("hello", 1)).isTrue();
        assertThat(io.serverSideEmitWithAck(Duration.ofSeconds(1), "hello").get(1, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> io.serverSideEmit("connection")).isInstanceOf(IllegalArgumentException.class);
        assertThat(io.sockets().adapter().serverCount().get()).isEqualTo(1);
    }

    @Test
    void adapterRoomEvents() throws Exception {
        start();
        BlockingQueue<String> ev = new LinkedBlockingQueue<>();
        io.sockets().adapter().onCreateRoom(r -> ev.add("create " + r));
        io.sockets().adapter().onDeleteRoom(r -> ev.add("delete " + r));
        io.sockets().adapter().onJoinRoom((r, id) -> ev.add("join " + r));
        io.sockets().adapter().onLeaveRoom((r, id) -> ev.add("leave " + r));
        io.onConnection(s -> s.join("a"));
        EngineHarness.Conn c = engine.connect();
        String sid = connect(c, "/");
        assertThat(List.of(ev.poll(2, TimeUnit.SECONDS), ev.poll(2, TimeUnit.SECONDS), ev.poll(2, TimeUnit.SECONDS), ev.poll(2, TimeUnit.SECONDS)))
                .containsExactly("create " + sid, "join " + sid, "create a", "join a");
        c.receive("1");
        assertThat(List.of(ev.poll(2, TimeUnit.SECONDS), ev.poll(2, TimeUnit.SECONDS), ev.poll(2, TimeUnit.SECONDS), ev.poll(2, TimeUnit.SECONDS)))
                .containsExactlyInAnyOrder("leave " + sid, "delete " + sid, "leave a", "delete a");
        assertThat(Set.copyOf(io.sockets().adapter().rooms().keySet())).isEmpty();
    }

    @Test
    void tooManyAttachmentsAndMismatchesClose() throws Exception {
        start();
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        c.receive("511-[\"x\"]");
        await().until(c::closed);
        EngineHarness.Conn d = engine.connect();
        connect(d, "/");
        d.receive(new byte[]{1});
        await().until(d::closed);
        EngineHarness.Conn e = engine.connect();
        connect(e, "/");
        e.receive("2abc[\"x\"]");
        await().until(e::closed);
        assertThat(io.sockets().sockets()).isEmpty();
    }

    @Test
    void emitsAndRoomChangesFromManyThreads() throws Exception {
        start();
        EngineHarness.Conn c = engine.connect();
        Socket s = connectedSocket(c);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        s.emit("n", thread, i);
                        s.join("room-" + thread);
                        if (i % 2 == 0) s.leave("room-" + thread);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : fs) f.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        int[] last = new int[8];
        java.util.Arrays.fill(last, -1);
        for (int k = 0; k < 800; k++) {
            JsonNode m = json(c.nextText().substring(1));
            int thread = m.get(1).asInt();
            int i = m.get(2).asInt();
            assertThat(i).as("per-thread order").isEqualTo(last[thread] + 1);
            last[thread] = i;
        }
        assertThat(s.rooms()).hasSize(9); // its id + room-0..7 (joined last)
        await().until(() -> io.sockets().adapter().rooms().size() == 9);
    }

    @Test
    void compressAndLocalFlagsReachTheEngine() throws Exception {
        start();
        AtomicReference<Socket> ref = new AtomicReference<>();
        io.onConnection(ref::set);
        EngineHarness.Conn c = engine.connect();
        connect(c, "/");
        await().until(() -> ref.get() != null);
        ref.get().compress(false).emit("a");
        assertThat(c.nextText()).isEqualTo("2[\"a\"]");
        assertThat(c.compressFlags().get(c.compressFlags().size() - 1)).isFalse();
        io.local().compress(false).emit("b");
        assertThat(c.nextText()).isEqualTo("2[\"b\"]");
        assertThat(c.compressFlags().get(c.compressFlags().size() - 1)).isFalse();
        ref.get().send("hi");
        assertThat(c.nextText()).isEqualTo("2[\"message\",\"hi\"]");
        assertThat(c.compressFlags().get(c.compressFlags().size() - 1)).isTrue();
    }

    static void unused(ExecutionException e) { }
}
