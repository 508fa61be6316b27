package io.enlace.micrometer;

import io.enlace.testing.JavaClientHttp;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.enlace.testing.EngineTestKit.Ws;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The meters against what real clients (the official Java client) did. */
class SocketIoMetricsTest {
    private SocketIoServer io;
    private NettyServer http;
    private Namespace rooms;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(s -> {
            s.on("hello", (args, ack) -> s.emit("welcome", args.node(0)));
            s.on("shout", (args, ack) -> io.emit("shouted", args.node(0)));
            s.on("ask-me", (args, ack) -> s.timeout(Duration.ofSeconds(5)).emitWithAck("question")
                    .thenAccept(answer -> s.emit("thanks", answer.node(0))));
        });
        io.of("/private").use((socket, next) -> next.fail(new ConnectError("not allowed")));
        rooms = io.of(Pattern.compile("^/room-\\d+$"));
        http = io.listen(0).join();
    }

    @AfterEach
    void stop() {
        clients.forEach(Socket::close);
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    private Socket connect(String nsp, boolean expectRefusal) throws Exception {
        IO.Options o = new IO.Options();
        o.forceNew = true;
        o.reconnection = false;
        o.transports = new String[] {"websocket"};
        JavaClientHttp.install();
        Socket s = IO.socket(URI.create("http://127.0.0.1:" + http.port() + nsp), o);
        CompletableFuture<Boolean> connected = new CompletableFuture<>();
        s.once(Socket.EVENT_CONNECT, a -> connected.complete(true));
        s.once(Socket.EVENT_CONNECT_ERROR, a -> connected.complete(false));
        clients.add(s);
        s.connect();
        assertThat(connected.get(5, TimeUnit.SECONDS)).isEqualTo(!expectRefusal);
        return s;
    }

    /** The count of a counter, whether a {@code Counter} or a {@code FunctionCounter} (0 when there is none). */
    private static double counter(SimpleMeterRegistry r, String name, String... tags) {
        Meter m = r.find(name).tags(tags).meter();
        if (m == null) return 0;
        for (Measurement x : m.measure()) if (x.getStatistic() == Statistic.COUNT) return x.getValue();
        throw new AssertionError(name + " has no count: " + m.getId());
    }

    private static double gauge(SimpleMeterRegistry r, String name, String... tags) {
        Gauge g = r.find(name).tags(tags).gauge();
        return g == null ? -1 : g.value();
    }

    @Test
    void metersMatchWhatClientsDid() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SocketIoMetrics(io).bindTo(registry);

        List<Socket> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) three.add(connect("/", false));
        assertThat(counter(registry, "socketio.connects", "namespace", "/")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, "socketio.sockets.connected", "namespace", "/") == 3);
        assertThat(gauge(registry, "socketio.engine.connections", "transport", "websocket")).isEqualTo(3);
        assertThat(gauge(registry, "socketio.engine.connections", "transport", "polling")).isZero();

        CompletableFuture<Void> welcomed = new CompletableFuture<>();
        int[] welcomes = {0};
        for (Socket s : three) {
            s.on("welcome", a -> {
                synchronized (welcomes) {
                    if (++welcomes[0] == 3) welcomed.complete(null);
                }
            });
            s.emit("hello", 1);
        }
        welcomed.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(registry, "socketio.events.received", "namespace", "/") == 3);
        assertThat(counter(registry, "socketio.events.sent", "namespace", "/")).isEqualTo(3);
        FunctionTimer handlers = registry.find("socketio.handler.duration").tags("namespace", "/").functionTimer();
        await().atMost(Duration.ofSeconds(5)).until(() -> handlers.count() == 3);

        // one broadcast reaches the three sockets: 1 broadcast, 3 events sent
        CompletableFuture<Object> shouted = new CompletableFuture<>();
        three.get(2).once("shouted", a -> shouted.complete(a[0]));
        three.get(0).emit("shout", "hi");
        assertThat(shouted.get(5, TimeUnit.SECONDS)).isEqualTo("hi");
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(registry, "socketio.events.sent", "namespace", "/") == 6);
        assertThat(counter(registry, "socketio.broadcasts", "namespace", "/")).isEqualTo(1);

        // an ack round trip of at least 50 ms
        CompletableFuture<Object> thanked = new CompletableFuture<>();
        three.get(1).once("question", a -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ((Ack) a[a.length - 1]).call("fine");
        });
        three.get(1).once("thanks", a -> thanked.complete(a[0]));
        three.get(1).emit("ask-me");
        assertThat(thanked.get(5, TimeUnit.SECONDS)).isEqualTo("fine");
        FunctionTimer acks = registry.find("socketio.ack.roundtrip").tags("namespace", "/").functionTimer();
        assertThat(acks.count()).isEqualTo(1);
        assertThat(acks.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);

        connect("/private", true);
        assertThat(counter(registry, "socketio.connect.errors", "namespace", "/private")).isEqualTo(1);
        assertThat(counter(registry, "socketio.connects", "namespace", "/private")).isZero();

        for (Socket s : three) s.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(
                () -> counter(registry, "socketio.disconnects", "namespace", "/", "reason", "client namespace disconnect") == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(registry, "socketio.sockets.connected", "namespace", "/") == 0);
        assertThat(counter(registry, "socketio.received.bytes")).isPositive();
        assertThat(counter(registry, "socketio.sent.bytes")).isPositive();
        assertThat(counter(registry, "socketio.received.packets")).isGreaterThanOrEqualTo(3 + 4); // 3 hello, shout, ask-me, acks
        assertThat(counter(registry, "socketio.connection.recoveries", "namespace", "/")).isZero();
    }

    @Test
    void dynamicNamespacesShareTheirParentsTagOrAChosenOne() throws Exception {
        SimpleMeterRegistry byParent = new SimpleMeterRegistry();
        SimpleMeterRegistry chosen = new SimpleMeterRegistry();
        new SocketIoMetrics(io).bindTo(byParent);
        SocketIoMetrics.builder(io).tags(Tags.of("app", "test"))
                .namespaceTag(nsp -> nsp.parent() == rooms ? "/room-*" : nsp.name()).build().bindTo(chosen);
        connect("/room-1", false);
        connect("/room-2", false);
        connect("/room-3", false);
        assertThat(counter(byParent, "socketio.connects", "namespace", rooms.name())).isEqualTo(3);
        assertThat(byParent.find("socketio.connects").counters()).extracting(c -> c.getId().getTag("namespace"))
                .containsExactlyInAnyOrder("/", "/private", rooms.name()); // one series for the three children
        assertThat(counter(chosen, "socketio.connects", "namespace", "/room-*", "app", "test")).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge(chosen, "socketio.sockets.connected", "namespace", "/room-*") == 3);
    }

    @Test
    void prometheusScrapeHasTheDocumentedNames() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new SocketIoMetrics(io).bindTo(registry);
        Socket s = connect("/", false);
        CompletableFuture<Object> welcome = new CompletableFuture<>();
        s.once("welcome", a -> welcome.complete(a[0]));
        s.emit("hello", 2);
        welcome.get(5, TimeUnit.SECONDS);
        connect("/private", true);
        s.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.scrape().contains("socketio_disconnects_total{"));
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("socketio_sockets_connected{namespace=\"/\"} 0")
                .contains("socketio_engine_connections{transport=\"websocket\"}")
                .contains("socketio_events_received_total{namespace=\"/\"} 1")
                .contains("socketio_events_sent_total{namespace=\"/\"} 1")
                .contains("socketio_connects_total{namespace=\"/\"} 1")
                .contains("socketio_connect_errors_total{namespace=\"/private\"} 1")
                .contains("socketio_disconnects_total{namespace=\"/\",reason=\"client namespace disconnect\"} 1")
                .contains("socketio_handler_duration_seconds_count{namespace=\"/\"} 1")
                .contains("socketio_ack_roundtrip_seconds_count{namespace=\"/\"} 0")
                .contains("socketio_broadcasts_total{namespace=\"/\"} 0")
                .contains("socketio_connection_recoveries_total{namespace=\"/\"} 0")
                .contains("socketio_received_bytes_total ")
                .contains("socketio_sent_bytes_total ")
                .contains("socketio_received_packets_total ")
                .contains("socketio_sent_packets_total ");
    }

    @Test
    void aRecoveredSessionIsCounted() throws Exception {
        SocketIoServer rio = SocketIoServer.create(ServerOptions.builder()
                .connectionStateRecovery(ServerOptions.Recovery.defaults()).build());
        rio.onConnection(s -> s.on("news", (args, ack) -> rio.emit("news", args.node(0))));
        NettyServer rhttp = rio.listen(0).join();
        try {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new SocketIoMetrics(rio).bindTo(registry);
            String url = "ws://127.0.0.1:" + rhttp.port() + "/socket.io/?EIO=4&transport=websocket";
            Ws first = Ws.connect(url);
            assertThat((String) first.next(3000)).startsWith("0{");
            first.send("40");
            String connect = (String) first.nextNonPing(3000, true);
            String pid = connect.replaceAll(".*\"pid\":\"([^\"]+)\".*", "$1");
            first.send("42[\"news\",1]");
            String news = (String) first.nextNonPing(3000, true); // 42["news",1,"<offset>"]
            String offset = news.replaceAll(".*,\"([^\"]+)\"]$", "$1");
            first.abort(); // transport close: recoverable
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> counter(registry, "socketio.disconnects", "namespace", "/", "reason", "transport close") == 1);
            Ws second = Ws.connect(url);
            assertThat((String) second.next(3000)).startsWith("0{");
            second.send("40{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
            assertThat((String) second.nextNonPing(3000, true)).contains("\"pid\":\"" + pid + "\"");
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> counter(registry, "socketio.connection.recoveries", "namespace", "/") == 1);
            assertThat(counter(registry, "socketio.connects", "namespace", "/")).isEqualTo(2);
            second.abort();
        } finally {
            rio.close().join();
            rhttp.stop().join();
        }
    }

    @Test
    void closeStopsTheUpdatesAndBindingTwiceToOneRegistryCountsOnce() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SocketIoMetrics metrics = new SocketIoMetrics(io);
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        connect("/", false);
        assertThat(counter(registry, "socketio.connects", "namespace", "/")).isEqualTo(1);
        metrics.close();
        connect("/", false);
        assertThat(counter(registry, "socketio.connects", "namespace", "/")).isEqualTo(1);
    }
}
