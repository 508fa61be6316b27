package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Socket;
import io.enlace.adapter.PersistedSession;
import io.enlace.adapter.RecoveredSession;
import io.enlace.testing.LeakGuardExtension;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery across the servers of a streams cluster: two Enlace nodes (J1, J2) and a Node.js socket.io
 * 4.8.4 node (N) on @socket.io/redis-streams-adapter 0.3.1, one redis-server. A socket.io-client 4.8.4 (in node-peer.js)
 * connects to one server through a TCP proxy; the test cuts the proxy, broadcasts while the client is away, and points
 * the proxy at another server: the client reconnects there by itself, with its pid and offset, and must get the same
 * socket id, its rooms and data, and the packets it missed, in order.
 */
@ExtendWith(LeakGuardExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsRecoveryTest {
    private static final RedisAdapterOptions STREAMS = RedisAdapterOptions.builder().protocol(RedisAdapterOptions.Protocol.STREAMS)
            .requestsTimeout(Duration.ofSeconds(2)).build();
    RedisServerProcess redis;
    EnlaceNode j1, j2;
    NodePeer n;
    RedisClient raw;
    StatefulRedisConnection<String, String> rc;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServerProcess.start();
        j1 = new EnlaceNode("J1", redis.uri(), STREAMS, true);
        j2 = new EnlaceNode("J2", redis.uri(), STREAMS, true);
        j1.redis.connected().get(10, TimeUnit.SECONDS);
        j2.redis.connected().get(10, TimeUnit.SECONDS);
        n = new NodePeer(redis.port(), "streams");
        await().atMost(Duration.ofSeconds(10)).until(() -> j1.io.sockets().adapter().serverCount().get() == 3);
        raw = RedisClient.create(redis.uri());
        rc = raw.connect(StringCodec.UTF8);
    }

    @AfterAll
    void stop() throws Exception {
        if (rc != null) rc.close();
        if (raw != null) raw.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (n != null) n.close();
        if (j1 != null) j1.close();
        if (j2 != null) j2.close();
        if (redis != null) redis.close();
    }

    /** What the test needs of a server, Enlace or Node. */
    interface Server {
        int port();

        void emit(Set<String> rooms, Set<String> except, String event, Object arg) throws Exception;

        boolean has(String sid) throws Exception;

        Set<String> rooms(String sid) throws Exception;

        String dataNode(String sid) throws Exception;
    }

    private Server enlace(EnlaceNode node) {
        return new Server() {
            @Override public int port() { return node.port(); }

            @Override public void emit(Set<String> rooms, Set<String> except, String event, Object arg) {
                node.io.to(rooms.toArray(String[]::new)).except(except.toArray(String[]::new)).emit(event, arg);
            }

            @Override public boolean has(String sid) { return node.io.sockets().sockets().containsKey(sid); }

            @Override public Set<String> rooms(String sid) { return node.io.sockets().sockets().get(sid).rooms(); }

            @Override public String dataNode(String sid) {
                Socket s = node.io.sockets().sockets().get(sid);
                Object data = s.data();
                return data instanceof JsonNode j ? j.path("node").asText() : String.valueOf(((Map<?, ?>) data).get("node"));
            }
        };
    }

    private Server node() {
        return new Server() {
            @Override public int port() { return n.port; }

            @Override public void emit(Set<String> rooms, Set<String> except, String event, Object arg) throws Exception {
                n.call("emit", "rooms", List.copyOf(rooms), "except", List.copyOf(except), "event", event, "args", List.of(arg));
            }

            @Override public boolean has(String sid) throws Exception { return !n.call("socketInfo", "id", sid).isNull(); }

            @Override public Set<String> rooms(String sid) throws Exception {
                Set<String> out = new HashSet<>();
                n.call("socketInfo", "id", sid).path("rooms").forEach(r -> out.add(r.asText()));
                return out;
            }

            @Override public String dataNode(String sid) throws Exception {
                return n.call("socketInfo", "id", sid).path("data").path("node").asText();
            }
        };
    }

    private Server server(String name) {
        return switch (name) {
            case "J1" -> enlace(j1);
            case "J2" -> enlace(j2);
            case "N" -> node();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private String lastEntry() {
        var last = rc.sync().xrevrange("socket.io", Range.unbounded(), io.lettuce.core.Limit.create(0, 1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
    }

    /** Emits, then waits until the broadcast is an entry of the stream (so that the next one comes after it). */
    private void emitAndAwaitEntry(Server s, Set<String> rooms, Set<String> except, String event, int arg) throws Exception {
        String before = lastEntry();
        s.emit(rooms, except, event, arg);
        await().atMost(Duration.ofSeconds(5)).until(() -> !lastEntry().equals(before));
    }

    private final List<JsonNode> events = new ArrayList<>();

    private List<JsonNode> eventsOf(String client) throws Exception {
        n.call("clientEvents", "name", client).path("events").forEach(events::add);
        return events;
    }

    @ParameterizedTest(name = "{0} -> {1} over {2}")
    @CsvSource({"J1,J2,websocket", "J1,J2,polling", "J1,N,websocket", "J1,N,polling", "N,J1,websocket", "N,J1,polling"})
    void aClientThatDropsRecoversOnAnotherServer(String fromName, String toName, String transport) throws Exception {
        Server from = server(fromName);
        Server to = server(toName);
        Server third = server(fromName.equals("N") || toName.equals("N") ? (fromName.equals("J2") || toName.equals("J2") ? "J1" : "J2") : "N");
        String room = "rec-" + fromName + toName + transport;
        String client = "c-" + room;
        events.clear();
        String sid = n.call("connectClient", "name", client, "port", from.port(), "room", room,
                "transports", List.of(transport), "proxied", true).asText();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> from.has(sid) && from.rooms(sid).contains(room));
            from.emit(Set.of(room), Set.of(), "before", 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(client).stream().anyMatch(e -> e.get(0).asText().equals("before")));
            String offsetBefore = events.get(0).get(2).asText();
            assertThat(offsetBefore).as("the offset of " + events.get(0)).matches("\\d+-\\d+");

            n.call("cutClient", "name", client);
            // the server notices (transport close, or poll connection closed) and stores the session
            await().atMost(Duration.ofSeconds(10)).until(() -> !from.has(sid));

            emitAndAwaitEntry(from, Set.of(room), Set.of(), "missed", 1);
            emitAndAwaitEntry(to, Set.of(room), Set.of(), "missed", 2);
            emitAndAwaitEntry(third, Set.of(), Set.of(), "missed-all", 3);
            emitAndAwaitEntry(to, Set.of(), Set.of(room), "not-for-you", 4);
            emitAndAwaitEntry(third, Set.of("some-other-room"), Set.of(), "not-for-you", 5);

            n.call("pointClient", "name", client, "port", to.port());
            await().atMost(Duration.ofSeconds(15)).until(() -> n.call("clientState", "name", client).path("connects").size() == 2);
            JsonNode second = n.call("clientState", "name", client).path("connects").get(1);
            assertThat(second.path("id").asText()).as("same socket id").isEqualTo(sid);
            assertThat(second.path("recovered").asBoolean()).as("socket.recovered on the client").isTrue();
            assertThat(second.path("transport").asText()).isEqualTo(transport);

            await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(client).size() >= 4);
            List<String> names = eventsOf(client).stream().map(e -> e.get(0).asText() + " " + e.get(1).asText()).toList();
            assertThat(names).as("missed packets, in order").containsExactly("before 0", "missed 1", "missed 2", "missed-all 3");
            List<String> offsets = events.stream().map(e -> e.get(2).asText()).toList();
            assertThat(offsets).allMatch(o -> o.matches("\\d+-\\d+"));
            for (int i = 1; i < offsets.size(); i++) assertThat(compare(offsets.get(i), offsets.get(i - 1))).isPositive();

            assertThat(to.has(sid)).isTrue();
            assertThat(to.rooms(sid)).containsExactlyInAnyOrder(sid, room);
            assertThat(to.dataNode(sid)).as("socket data restored").isEqualTo(fromName);

            to.emit(Set.of(room), Set.of(), "after", 6);
            await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(client).stream().anyMatch(e -> e.get(0).asText().equals("after")));
        } finally {
            n.call("closeClient", "name", client);
        }
    }

    private static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    @Test
    void unknownSessionsAndOffsetsGiveNoSession() throws Exception {
        RedisStreamsAdapter adapter = (RedisStreamsAdapter) j1.io.sockets().adapter();
        assertThat(adapter.restoreSession("no-such-pid", "1-0").get(5, TimeUnit.SECONDS)).isNull();
        adapter.persistSession(new PersistedSession("sid-x", "pid-x", Set.of("sid-x", "r"), Map.of("node", "J1")));
        await().atMost(Duration.ofSeconds(5)).until(() -> rc.sync().exists("sio:session:pid-x") == 1);
        assertThat(rc.sync().pttl("sio:session:pid-x")).isBetween(100_000L, 120_000L); // PX maxDisconnectionDuration
        assertThat(adapter.restoreSession("pid-x", "not-an-offset").get(5, TimeUnit.SECONDS)).isNull();
        assertThat(rc.sync().exists("sio:session:pid-x")).as("an invalid offset leaves the session").isEqualTo(1);
        assertThat(adapter.restoreSession("pid-x", "1-0").get(5, TimeUnit.SECONDS)).as("an offset not in the stream").isNull();
        assertThat(rc.sync().exists("sio:session:pid-x")).as("GETDEL took it, as Node does").isZero();

        adapter.persistSession(new PersistedSession("sid-y", "pid-y", Set.of("sid-y"), null));
        String offset = lastEntry();
        if (offset.equals("0-0")) {
            emitAndAwaitEntry(enlace(j1), Set.of("x"), Set.of(), "filler", 0);
            offset = lastEntry();
        }
        String at = offset;
        await().atMost(Duration.ofSeconds(5)).until(() -> rc.sync().exists("sio:session:pid-y") == 1);
        RecoveredSession s = adapter.restoreSession("pid-y", at).get(5, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        assertThat(s.sid()).isEqualTo("sid-y");
        assertThat(s.data()).isNull();
        assertThat(s.missedPackets()).isEmpty();
    }
}
