package io.enlace;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Socket.IO layer over the real engine and Netty, with raw WebSocket and polling clients. */
class SocketIoOverNettyTest {
    /** How long a step may take on a loaded machine (an expected message, close or event; never waited out on success). */
    private static final int WAIT = 10_000;
    private SocketIoServer io;
    private NettyServer http;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() {
        io = SocketIoServer.create(ServerOptions.builder().pingInterval(10_000).pingTimeout(5_000).maxHttpBufferSize(200_000).build());
        io.onConnection(s -> {
            s.emit("auth", s.handshake().auth());
            s.on("message", (args, ack) -> s.emit("message-back", args.toArray()));
            s.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
            s.on("join", (args, ack) -> { s.join(args.string(0)); ack.send(); });
            s.on("shout", (args, ack) -> s.to(args.string(0)).emit("shout", args.node(1)));
            s.on("everyone", (args, ack) -> io.emit("everyone", args.node(0)));
            s.onDisconnect((r, d) -> events.add("disconnect " + r));
        });
        http = io.listen(0).join();
    }

    @AfterEach
    void tearDown() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    private String ws() { return "ws://127.0.0.1:" + http.port() + "/socket.io/?EIO=4&transport=websocket"; }

    private Ws connectWs() throws Exception {
        Ws c = Ws.connect(ws());
        assertThat((String) c.next(WAIT)).startsWith("0{");
        c.send("40");
        assertThat((String) c.nextNonPing(WAIT, true)).startsWith("40{\"sid\":");
        assertThat(c.nextNonPing(WAIT, true)).isEqualTo("42[\"auth\",{}]");
        return c;
    }

    @Test
    void websocketEventsAcksAndBinary() throws Exception {
        Ws c = connectWs();
        c.send("42[\"message\",1,\"2\",{\"3\":[true]},null]");
        assertThat(c.nextNonPing(WAIT, true)).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]},null]");
        c.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}}]");
        c.sendBinary(new byte[]{1, 2, 3});
        c.sendBinary(new byte[]{4});
        assertThat(c.nextNonPing(WAIT, true)).isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}}]");
        assertThat((byte[]) c.nextNonPing(WAIT, true)).containsExactly(1, 2, 3);
        assertThat((byte[]) c.nextNonPing(WAIT, true)).containsExactly(4);
        c.abort();
        assertThat(events.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("disconnect transport close");
    }

    @Test
    void pollingConnectAndEvents() throws Exception {
        Http h = new Http(http.port());
        String sid = h.handshake("/socket.io/");
        String q = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(h.post(q, "40{\"token\":\"t\"}").status()).isEqualTo(200);
        String first = h.get(q).text();
        assertThat(first).startsWith("40{\"sid\":").contains("\u001e42[\"auth\",{\"token\":\"t\"}]");
        assertThat(h.post(q, "42[\"message\",\"p\"]\u001e421[\"message-with-ack\",\"q\"]").status()).isEqualTo(200);
        StringBuilder got = new StringBuilder();
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            got.append(h.get(q).text()).append('\u001e');
            return got.toString().contains("42[\"message-back\",\"p\"]") && got.toString().contains("431[\"q\"]");
        });
        assertThat(h.post(q, "41").status()).isEqualTo(200);
        assertThat(events.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("disconnect client namespace disconnect");
    }

    @Test
    void broadcastToRoomsOverWebSocket() throws Exception {
        Ws a = connectWs();
        Ws b = connectWs();
        Ws c = connectWs();
        a.send("420[\"join\",\"r\"]");
        assertThat(a.nextNonPing(WAIT, true)).isEqualTo("430[]");
        b.send("420[\"join\",\"r\"]");
        assertThat(b.nextNonPing(WAIT, true)).isEqualTo("430[]");
        c.send("42[\"shout\",\"r\",{\"v\":1}]");
        assertThat(a.nextNonPing(WAIT, true)).isEqualTo("42[\"shout\",{\"v\":1}]");
        assertThat(b.nextNonPing(WAIT, true)).isEqualTo("42[\"shout\",{\"v\":1}]");
        a.send("42[\"shout\",\"r\",2]");
        assertThat(b.nextNonPing(WAIT, true)).isEqualTo("42[\"shout\",2]");
        // a (the sender) and c (not in r) get nothing: a broadcast to everyone that a's next handler makes (so after
        // the shout was handed to every socket it went to) is the next thing they see
        a.send("42[\"everyone\",\"m\"]");
        assertThat(a.nextNonPing(WAIT, true)).isEqualTo("42[\"everyone\",\"m\"]");
        assertThat(c.nextNonPing(WAIT, true)).isEqualTo("42[\"everyone\",\"m\"]");
        assertThat(b.nextNonPing(WAIT, true)).isEqualTo("42[\"everyone\",\"m\"]");

        CompletableFuture<List<Args>> acks = io.to("r").timeout(Duration.ofSeconds(2)).emitWithAck("q");
        String qa = (String) a.nextNonPing(WAIT, true);
        String qb = (String) b.nextNonPing(WAIT, true);
        assertThat(qa).isEqualTo(qb).matches("42\\d+\\[\"q\"\\]");
        String id = qa.substring(2, qa.indexOf('['));
        a.send("43" + id + "[\"A\"]");
        b.send("43" + id + "[\"B\"]");
        assertThat(acks.get(3, TimeUnit.SECONDS)).extracting(x -> x.string(0)).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void badInputClosesOnlyItsConnection() throws Exception {
        Ws good = connectWs();
        String[] bad = {"42[\"connect\"]", "42{}", "42abc[\"x\"]", "49", "411-[\"x\"]", "451-[\"x\",{\"_placeholder\":true,\"num\":5}]"};
        for (String input : bad) {
            Ws c = connectWs();
            c.send(input);
            if (input.startsWith("451-")) c.sendBinary(new byte[]{1});
            assertThat(c.awaitClose(WAIT).code()).as(input).isEqualTo(1000);
            assertThat(events.poll(WAIT, TimeUnit.MILLISECONDS)).as(input).isEqualTo("disconnect parse error");
        }
        Ws early = Ws.connect(ws());
        early.next(WAIT);
        early.send("42[\"before-connect\"]");
        assertThat(early.awaitClose(WAIT).code()).isEqualTo(1000);
        Ws twice = connectWs();
        twice.send("40");
        assertThat(twice.awaitClose(WAIT).code()).isEqualTo(1000);
        assertThat(events.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("disconnect forced server close");
        Ws nsp = connectWs();
        String huge = "/" + "n".repeat(150_000);
        nsp.send("40" + huge + ",");
        assertThat((String) nsp.nextNonPing(WAIT, true)).isEqualTo("44" + huge + ",{\"message\":\"Invalid namespace\"}");
        // the good connection is unaffected
        good.send("42[\"message\",\"still here\"]");
        assertThat(good.nextNonPing(WAIT, true)).isEqualTo("42[\"message-back\",\"still here\"]");
        await().until(() -> io.sockets().sockets().size() == 2);
    }

    @Test
    void closeDisconnectsWithServerShuttingDown() throws Exception {
        Ws c = connectWs();
        io.close().join();
        assertThat(events.poll(WAIT, TimeUnit.MILLISECONDS)).isEqualTo("disconnect server shutting down");
        assertThat(c.awaitClose(WAIT).code()).isEqualTo(1000);
        io = null;
    }

    @Test
    void closeStopsTheHttpServerStartedByListen() throws Exception {
        int port = http.port();
        io.close().join();
        io = null;
        Http h = new Http(port);
        assertThat(h.sendAsync("GET", "/socket.io/?EIO=4&transport=polling", null))
                .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void blockingHandlersOnTheExecutorDoNotStallOtherClients() throws Exception {
        io.close().join();
        http.stop().join();
        java.util.concurrent.ExecutorService pool = ServerOptions.virtualThreadExecutor();
        try {
            // one event loop for everyone: a blocked loop would stall both clients
            io = SocketIoServer.create(ServerOptions.builder().executor(pool).pingInterval(10_000).build());
            CountDownLatch blocking = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            io.onConnection(s -> {
                s.emit("auth", s.handshake().auth());
                s.on("slow", (args, ack) -> {
                    blocking.countDown();
                    // blocks its thread until the test has seen the other client served
                    if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    ack.send("slow done");
                });
                s.on("fast", (args, ack) -> ack.send("fast done"));
            });
            http = io.attach(NettyServer.builder().port(0).ioThreads(1)).build().start().join();
            Ws slow = connectWs();
            Ws fast = connectWs();
            slow.send("421[\"slow\"]");
            assertThat(blocking.await(WAIT, TimeUnit.MILLISECONDS)).as("the slow handler runs").isTrue();
            fast.send("422[\"fast\"]");
            assertThat(fast.nextNonPing(WAIT, true)).as("served while the slow handler blocks").isEqualTo("432[\"fast done\"]");
            // the slow socket's own events stay in order behind its blocking handler
            slow.send("423[\"fast\"]");
            release.countDown();
            assertThat(slow.nextNonPing(WAIT, true)).isEqualTo("431[\"slow done\"]");
            assertThat(slow.nextNonPing(WAIT, true)).isEqualTo("433[\"fast done\"]");
        } finally {
            io.close().join();
            http.stop().join();
            io = null;
            http = null;
            pool.shutdownNow();
        }
    }

    @Test
    void engineIsExposedForMounting() throws Exception {
        assertThat(io.engine().options().path()).isEqualTo("/socket.io/");
        assertThat(io.engine().clientsCount()).isZero();
        Ws c = Ws.connect(ws());
        assertThat((String) c.next(WAIT)).startsWith("0{");
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().clientsCount() == 1);
        c.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().clientsCount() == 0);
    }
}
