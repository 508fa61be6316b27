package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Args;
import io.enlace.RemoteSocket;
import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.enlace.redis.SioTestClient.joined;

/** Sharded mode (SPUBLISH): two Enlace nodes and a Node node on createShardedAdapter, one redis-server 7. */
@ExtendWith(LeakGuardExtension.class)
class ShardedInteropTest {
    private static final RedisAdapterOptions SHARDED = RedisAdapterOptions.builder().sharded(true).requestsTimeout(Duration.ofSeconds(3)).build();
    private static RedisServerProcess redis;
    private static EnlaceNode a, b;
    private static NodePeer n;
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        a = new EnlaceNode("A", redis.uri(), SHARDED);
        b = new EnlaceNode("B", redis.uri(), SHARDED);
        b.io.sockets().onServerSideEmit("ping-cluster", (args, ack) -> {
            received.add(args.node(0));
            if (ack.requested()) ack.send(Map.of("pong", "B"));
        });
        a.io.sockets().onServerSideEmit("ping-cluster", (args, ack) -> {
            if (ack.requested()) ack.send(Map.of("pong", "A"));
        });
        a.redis.connected().get(10, TimeUnit.SECONDS);
        b.redis.connected().get(10, TimeUnit.SECONDS);
        n = new NodePeer(redis.port(), "sharded");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.io.sockets().adapter().serverCount().get() == 3);
        assertThat(a.redis.uid()).hasSize(16).matches("[0-9a-f]+");
    }

    @AfterAll
    static void stop() throws Exception {
        if (n != null) n.close();
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
    }

    @Test
    void broadcastsBothWaysWithBinary() throws Exception {
        n.call("connectClient", "name", "sh1", "room", "room1");
        try (SioTestClient ca = joined(a, "room1"); SioTestClient cb = joined(b, "room1")) {
            a.io.to("room1").emit("news", Map.of("hello", "world"), new byte[] {1, 2, 3});
            SioTestClient.Event news = cb.expect("news", 5000);
            assertThat(news.args().get(0).toString()).isEqualTo("{\"hello\":\"world\"}");
            assertThat(news.args().get(1).binaryValue()).containsExactly(1, 2, 3);
            JsonNode e = n.event("sh1", "news", 5000);
            assertThat(e.toString()).isEqualTo("[\"news\",{\"hello\":\"world\"},{\"$bin\":\"010203\"}]");
            n.call("emit", "rooms", List.of("room1"), "event", "from-node", "args", List.of(Map.of("$bin", "0708")));
            assertThat(ca.expect("from-node", 5000).args().get(0).binaryValue()).containsExactly(7, 8);
            assertThat(cb.expect("from-node", 5000).args().get(0).binaryValue()).containsExactly(7, 8);
            n.call("emit", "event", "all-from-node", "args", List.of(1));
            assertThat(ca.expect("all-from-node", 5000).args().toString()).isEqualTo("[1]");
            assertThat(cb.expect("all-from-node", 5000).args().toString()).isEqualTo("[1]");
        } finally {
            n.call("closeClient", "name", "sh1");
        }
    }

    @Test
    void fetchSocketsJoinAndAcksAcrossAllThree() throws Exception {
        String nodeSid = n.call("connectClient", "name", "sh2", "room", "f1").asText();
        try (SioTestClient ca = joined(a, "f1"); SioTestClient cb = joined(b, "f1")) {
            List<RemoteSocket> all = a.io.in("f1").fetchSockets().get(5, TimeUnit.SECONDS);
            assertThat(all).extracting(RemoteSocket::id).containsExactlyInAnyOrder(nodeSid, ca.id(), cb.id());
            JsonNode fromNode = n.call("fetchSockets", "rooms", List.of("f1"));
            assertThat(fromNode.toString()).contains(ca.id(), cb.id(), "\"node\":\"A\"");

            a.io.in("f1").socketsJoin("f2");
            await().atMost(Duration.ofSeconds(5)).until(() -> n.call("localRooms").path("f2").toString().contains(nodeSid)
                    && b.io.sockets().adapter().rooms().getOrDefault("f2", Set.of()).contains(cb.id()));

            ca.autoAck(x -> "from-A");
            cb.autoAck(x -> "from-B");
            List<Args> acks = b.io.to("f1").timeout(Duration.ofSeconds(3)).emitWithAck("q", 1).get(5, TimeUnit.SECONDS);
            assertThat(acks).extracting(x -> x.string(0)).containsExactlyInAnyOrder("from-A", "from-B", "answer-from-sh2");
            JsonNode nodeAcks = n.call("emitWithAck", "rooms", List.of("f1"), "event", "q", "args", List.of(2), "timeout", 3000);
            assertThat(nodeAcks.toString()).contains("from-A", "from-B", "answer-from-sh2");

            List<Args> pongs = a.io.serverSideEmitWithAck(Duration.ofSeconds(3), "ping-cluster", "hi").get(5, TimeUnit.SECONDS);
            assertThat(pongs).hasSize(2);
            assertThat(pongs.toString()).contains("\"pong\":\"B\"", "\"pong\":\"N\"");
            JsonNode nodePongs = n.call("serverSideEmitWithAck", "arg", "hello");
            assertThat(nodePongs.toString()).contains("\"pong\":\"A\"", "\"pong\":\"B\"");

            n.call("disconnectSockets", "rooms", List.of("f1"), "close", true);
            ca.disconnected.get(5, TimeUnit.SECONDS);
            cb.disconnected.get(5, TimeUnit.SECONDS);
        } finally {
            n.call("closeClient", "name", "sh2");
        }
    }
}
