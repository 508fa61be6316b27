package io.enlace;

import io.enlace.adapter.BroadcastOptions;
import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineSocket;
import io.enlace.engine.TrafficTotals;
import io.enlace.netty.NettyServer;
import io.enlace.parser.Packet;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The observation SPI ({@link ServerObserver}, {@link NamespaceObserver}) over the real engine, with raw clients. */
class ServerObserverTest {
    private SocketIoServer io;
    private NettyServer http;

    @BeforeEach
    void setUp() {
        io = SocketIoServer.create(ServerOptions.builder().pingInterval(10_000).pingTimeout(5_000).build());
        io.onConnection(s -> {
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
            s.on("slow", (args, ack) -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
                while (System.nanoTime() < until) Thread.onSpinWait();
            });
            s.on("shout", (args, ack) -> io.emit("shouted", args.node(0)));
            s.on("ask", (args, ack) -> s.timeout(Duration.ofSeconds(5)).emitWithAck("question", 1));
            s.on("data", (args, ack) -> s.data(Map.of("k", args.string(0))));
            s.on("bye", (args, ack) -> s.disconnect(false));
        });
        io.of("/private").use((socket, next) -> next.fail(new ConnectError("not allowed")));
        http = io.listen(0).join();
    }

    @AfterEach
    void tearDown() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    /** Records every call as a line. */
    static final class Recorder implements ServerObserver {
        final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
        final List<String> namespaces = new CopyOnWriteArrayList<>();
        final AtomicLong handlerNanos = new AtomicLong();
        final AtomicLong ackNanos = new AtomicLong();

        @Override public void connectionOpened(EngineSocket conn) { calls.add("opened " + conn.transportName()); }
        @Override public void connectionUpgraded(EngineSocket conn) { calls.add("upgraded " + conn.transportName()); }
        @Override public void connectionClosed(EngineSocket conn, CloseReason reason) { calls.add("closed " + reason); }

        @Override
        public NamespaceObserver namespaceAdded(Namespace nsp) {
            namespaces.add(nsp.name() + (nsp.parent() != null ? " of " + nsp.parent().name() : ""));
            String n = nsp.name();
            return new NamespaceObserver() {
                @Override public void socketConnected(Socket socket) { calls.add(n + " connected recovered=" + socket.recovered()); }
                @Override public void connectRefused(Socket socket, Throwable error) { calls.add(n + " refused " + error.getMessage()); }
                @Override public void socketDisconnected(Socket socket, DisconnectReason reason) { calls.add(n + " disconnected " + reason); }
                @Override public void socketDataChanged(Socket socket) { calls.add(n + " data " + socket.data()); }
                @Override public void eventReceived(Socket socket, String event, Args args) { calls.add(n + " received " + event + " " + args); }

                @Override
                public void eventHandled(Socket socket, String event, long nanos) {
                    if (event.equals("slow")) handlerNanos.set(nanos);
                    calls.add(n + " handled " + event);
                }

                @Override public void eventSent(Socket socket, Packet packet) { calls.add(n + " sent " + packet.data()); }

                @Override
                public void ackReceived(Socket socket, long nanos) {
                    ackNanos.set(nanos);
                    calls.add(n + " ack");
                }

                @Override public void broadcast(Packet packet, BroadcastOptions options) { calls.add(n + " broadcast " + packet.data() + " rooms=" + options.rooms()); }
            };
        }

        /** The next call that starts with {@code prefix} (others are skipped), within 5 s. */
        String next(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                String c = calls.poll(100, TimeUnit.MILLISECONDS);
                if (c != null && c.startsWith(prefix)) return c;
            }
            throw new AssertionError("no call starting with '" + prefix + "'");
        }
    }

    private String wsUrl(String transport) {
        return "ws://127.0.0.1:" + http.port() + "/socket.io/?EIO=4&transport=" + transport;
    }

    private Ws connectWs() throws Exception {
        Ws c = Ws.connect(wsUrl("websocket"));
        assertThat((String) c.next(2000)).startsWith("0{");
        c.send("40");
        assertThat((String) c.nextNonPing(2000, true)).startsWith("40{\"sid\":");
        return c;
    }

    @Test
    void engineCountsConnectionsPacketsAndBytes() throws Exception {
        Recorder r = new Recorder();
        io.addObserver(r);
        Ws c = connectWs();
        assertThat(r.next("opened")).isEqualTo("opened websocket");
        TrafficTotals before = io.engine().traffic();
        String msg = "421[\"echo\",\"héllo\"]";
        c.send(msg);
        String ack = "431[\"héllo\"]";
        assertThat(c.nextNonPing(2000, true)).isEqualTo(ack);
        // UTF-8 bytes of the frames, not chars; the ack is counted when it is handed to the channel
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TrafficTotals after = io.engine().traffic();
            assertThat(after.packetsReceived() - before.packetsReceived()).isEqualTo(1);
            assertThat(after.bytesReceived() - before.bytesReceived()).isEqualTo(msg.getBytes(StandardCharsets.UTF_8).length);
            assertThat(after.packetsSent() - before.packetsSent()).isEqualTo(1);
            assertThat(after.bytesSent() - before.bytesSent()).isEqualTo(ack.getBytes(StandardCharsets.UTF_8).length);
        });
        assertThat(io.engine().clientsCount("websocket")).isEqualTo(1);
        assertThat(io.engine().clientsCount("polling")).isZero();
        c.abort();
        assertThat(r.next("closed")).isEqualTo("closed transport close");
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().clientsCount("websocket") == 0);
        assertThatThrownBy(() -> io.engine().clientsCount("webtransport")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trafficIsCountedWithoutAnyObserver() throws Exception {
        Http h = new Http(http.port());
        String sid = h.handshake("/socket.io/");
        String q = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().traffic().packetsSent() == 1); // the open packet
        TrafficTotals before = io.engine().traffic();
        assertThat(before.packetsReceived()).isZero();
        assertThat(h.post(q, "40").status()).isEqualTo(200);
        String body = h.get(q).text();
        assertThat(body).startsWith("40{\"sid\":");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TrafficTotals after = io.engine().traffic();
            assertThat(after.packetsReceived()).isEqualTo(1);
            assertThat(after.bytesReceived()).isEqualTo(2);
            assertThat(after.packetsSent() - before.packetsSent()).isEqualTo(1);
            assertThat(after.bytesSent() - before.bytesSent()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
        });
    }

    @Test
    void pollingUpgradeIsSeenAndCounted() throws Exception {
        Recorder r = new Recorder();
        io.addObserver(r);
        Http h = new Http(http.port());
        String sid = h.handshake("/socket.io/");
        assertThat(r.next("opened")).isEqualTo("opened polling");
        assertThat(io.engine().clientsCount("polling")).isEqualTo(1);
        String q = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        long inBefore = io.engine().traffic().bytesReceived();
        assertThat(h.post(q, "40").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().traffic().bytesReceived() == inBefore + 2);
        assertThat(h.get(q).text()).startsWith("40{\"sid\":");
        assertThat(r.next("/ connected")).isEqualTo("/ connected recovered=false");

        Ws ws = Ws.connect(wsUrl("websocket") + "&sid=" + sid);
        ws.send("2probe");
        assertThat(ws.next(2000)).isEqualTo("3probe");
        ws.send("5");
        assertThat(r.next("upgraded")).isEqualTo("upgraded websocket");
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().clientsCount("websocket") == 1);
        assertThat(io.engine().clientsCount("polling")).isZero();
        ws.abort();
        // the sockets leave first, then the engine reports the close
        assertThat(r.next("/ disconnected")).isEqualTo("/ disconnected transport close");
        assertThat(r.next("closed")).isEqualTo("closed transport close");
    }

    @Test
    void handlerTimeIsObservedForOneEventInSixteenOfEachSocket() throws Exception {
        Recorder r = new Recorder();
        io.addObserver(r);
        Ws a = connectWs();
        Ws b = connectWs();
        for (int i = 1; i <= 33; i++) {
            a.send("42" + i + "[\"echo\"," + i + "]");
            assertThat(a.nextNonPing(2000, true)).isEqualTo("43" + i + "[" + i + "]");
        }
        b.send("421[\"echo\",1]");
        assertThat(b.nextNonPing(2000, true)).isEqualTo("431[1]");
        // every event is received; the 1st, 17th and 33rd of a, and the 1st of b, are timed (after their handlers,
        // which sent the acks: wait for the last call)
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> calls = List.copyOf(r.calls);
            assertThat(calls.stream().filter(c -> c.startsWith("/ received echo"))).hasSize(34);
            assertThat(calls.stream().filter(c -> c.equals("/ handled echo"))).hasSize(4);
        });
    }

    @Test
    void namespaceCallsFollowWhatTheClientDoes() throws Exception {
        Recorder r = new Recorder();
        io.addObserver(r);
        assertThat(r.namespaces).containsExactlyInAnyOrder("/", "/private");
        Ws c = connectWs();
        assertThat(r.next("/ connected")).isEqualTo("/ connected recovered=false");

        c.send("42[\"slow\"]");
        assertThat(r.next("/ received")).isEqualTo("/ received slow []");
        assertThat(r.next("/ handled")).isEqualTo("/ handled slow");
        assertThat(r.handlerNanos.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));

        c.send("42[\"shout\",7]");
        assertThat(r.next("/ broadcast")).isEqualTo("/ broadcast [\"shouted\",7] rooms=[]");
        assertThat(r.next("/ sent")).isEqualTo("/ sent [\"shouted\",7]");
        assertThat(c.nextNonPing(2000, true)).isEqualTo("42[\"shouted\",7]");

        c.send("42[\"ask\"]");
        assertThat(r.next("/ sent")).isEqualTo("/ sent [\"question\",1]");
        String question = (String) c.nextNonPing(2000, true);
        assertThat(question).matches("42\\d+\\[\"question\",1]");
        Thread.sleep(20); // a round trip of at least 20 ms, measured by the server
        c.send("43" + question.substring(2, question.indexOf('[')) + "[\"answer\"]");
        assertThat(r.next("/ ack")).isEqualTo("/ ack");
        assertThat(r.ackNanos.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));

        c.send("42[\"data\",\"v\"]");
        assertThat(r.next("/ data")).isEqualTo("/ data {k=v}");

        c.send("40/private,");
        assertThat(r.next("/private refused")).isEqualTo("/private refused not allowed");

        c.send("42[\"bye\"]");
        assertThat(r.next("/ disconnected")).isEqualTo("/ disconnected server namespace disconnect");
        c.abort();
    }

    @Test
    void newNamespacesAndDynamicChildrenAreObservedAndRemovalStopsCalls() throws Exception {
        Recorder r = new Recorder();
        io.addObserver(r);
        io.addObserver(r); // twice: no effect
        Namespace parent = io.of(Pattern.compile("^/dyn-\\d+$"));
        parent.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args.toArray())));
        io.of("/later");
        assertThat(r.namespaces).contains("/later");
        assertThat(io.namespaces()).extracting(Namespace::name).contains("/", "/private", "/later");

        Ws c = connectWs();
        c.send("40/dyn-42,");
        assertThat((String) c.nextNonPing(2000, true)).startsWith("40/dyn-42,{\"sid\":");
        assertThat(r.namespaces).contains("/dyn-42 of " + parent.name());
        assertThat(r.next("/dyn-42 connected")).isEqualTo("/dyn-42 connected recovered=false");
        assertThat(io.namespaces()).extracting(Namespace::name).contains("/dyn-42");
        assertThat(io.of("/dyn-42").parent()).isSameAs(parent);
        assertThat(io.sockets().parent()).isNull();

        io.removeObserver(r);
        r.calls.clear();
        c.send("42/dyn-42,1[\"echo\",1]");
        assertThat(c.nextNonPing(2000, true)).isEqualTo("43/dyn-42,1[1]");
        c.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().clientsCount() == 0);
        assertThat(r.calls).isEmpty();
    }

    @Test
    void aFailingObserverChangesNothingForTheOthers() throws Exception {
        ServerObserver failing = new ServerObserver() {
            @Override public void connectionOpened(EngineSocket conn) { throw new IllegalStateException("boom"); }

            @Override
            public NamespaceObserver namespaceAdded(Namespace nsp) {
                return new NamespaceObserver() {
                    @Override public void eventReceived(Socket socket, String event, Args args) { throw new IllegalStateException("boom"); }
                };
            }
        };
        Recorder r = new Recorder();
        io.addObserver(failing);
        io.addObserver(r);
        Ws c = connectWs();
        assertThat(r.next("opened")).isEqualTo("opened websocket");
        c.send("421[\"echo\",2]");
        assertThat(c.nextNonPing(2000, true)).isEqualTo("431[2]");
        assertThat(r.next("/ received")).isEqualTo("/ received echo [2]");
        c.abort();
    }
}
