package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Args;
import io.enlace.RemoteSocket;
import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Enlace nodes in one JVM, one real redis-server: everything the in-memory adapter does, across the cluster, with
 * each protocol: {@link TwoClassicNodesTest}, {@link TwoShardedNodesTest}, {@link TwoStreamsNodesTest}.
 */
@ExtendWith(LeakGuardExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodesContract {
    RedisServerProcess redis;
    EnlaceNode a, b;

    /** The adapter options of both nodes. */
    abstract RedisAdapterOptions options();

    @BeforeAll
    void start() throws Exception {
        redis = RedisServerProcess.start();
        a = new EnlaceNode("A", redis.uri(), options());
        b = new EnlaceNode("B", redis.uri(), options());
        a.redis.connected().get(10, TimeUnit.SECONDS);
        b.redis.connected().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.io.sockets().adapter().serverCount().get() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
    }

    private SioTestClient joined(EnlaceNode node, String room) throws Exception {
        SioTestClient c = SioTestClient.connect(node.port());
        if (room != null) {
            c.emit("join", room);
            await().atMost(Duration.ofSeconds(5)).until(() -> node.io.sockets().adapter().rooms().getOrDefault(room, Set.of()).contains(c.id()));
        }
        return c;
    }

    @Test
    void serverCountIsTheNumberOfNodes() throws Exception {
        assertThat(b.io.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void roomBroadcastsExceptAndBinaryCrossNodes() throws Exception {
        try (SioTestClient ca = joined(a, "r1"); SioTestClient cb = joined(b, "r1"); SioTestClient cb2 = joined(b, "r2")) {
            a.io.to("r1").emit("news", Map.of("hello", "world"), 42);
            assertThat(cb.expect("news", 5000).args().toString()).isEqualTo("[{\"hello\":\"world\"},42]");
            assertThat(ca.expect("news", 5000).args().toString()).isEqualTo("[{\"hello\":\"world\"},42]");
            // cb2 (in r2) gets nothing: a broadcast to everyone that A publishes after it is the next thing it sees
            // (A's broadcasts reach B in the order A published them)
            a.io.emit("mark-1");
            assertThat(cb2.nextName(5000)).isEqualTo("mark-1");
            assertThat(ca.nextName(5000)).isEqualTo("mark-1");
            assertThat(cb.nextName(5000)).isEqualTo("mark-1");

            b.io.except("r1").emit("outside");
            assertThat(cb2.expect("outside", 5000).args()).isEmpty();
            b.io.emit("mark-2");
            assertThat(ca.nextName(5000)).as("nothing for r1 before B's next broadcast").isEqualTo("mark-2");
            assertThat(cb.nextName(5000)).as("nothing for r1 before B's next broadcast").isEqualTo("mark-2");
            assertThat(cb2.nextName(5000)).isEqualTo("mark-2");

            a.io.to("r1").emit("bin", (Object) new byte[] {1, 2, 3});
            JsonNode bin = cb.expect("bin", 5000).args().get(0);
            assertThat(bin.isBinary()).isTrue();
            assertThat(bin.binaryValue()).containsExactly(1, 2, 3);

            a.io.local().emit("local-only");
            assertThat(ca.expect("local-only", 5000).args()).isEmpty();
            a.io.emit("mark-3");
            assertThat(cb.nextName(5000)).as("nothing local to A before A's next cluster broadcast").isEqualTo("mark-3");
        }
    }

    @Test
    void fetchSocketsSeesRemoteSocketsAndActsOnThem() throws Exception {
        try (SioTestClient ca = joined(a, "f1"); SioTestClient cb = joined(b, "f1")) {
            List<RemoteSocket> found = a.io.in("f1").fetchSockets().get(5, TimeUnit.SECONDS);
            assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(ca.id(), cb.id());
            RemoteSocket remote = found.stream().filter(s -> s.id().equals(cb.id())).findFirst().orElseThrow();
            assertThat(remote.rooms()).containsExactlyInAnyOrder(cb.id(), "f1");
            assertThat(((JsonNode) remote.data()).get("node").asText()).isEqualTo("B");
            assertThat(remote.handshake().address()).isEqualTo("127.0.0.1");
            assertThat(remote.handshake().query("EIO")).isEqualTo("4");

            remote.emit("direct", "hi");
            assertThat(cb.expect("direct", 5000).args().get(0).asText()).isEqualTo("hi");
            b.io.emit("mark");
            assertThat(ca.nextName(5000)).as("nothing for the other socket before B's next broadcast").isEqualTo("mark");

            remote.join("f2");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.io.sockets().adapter().rooms().getOrDefault("f2", Set.of()).contains(cb.id()));
            remote.leave("f2");
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.io.sockets().adapter().rooms().containsKey("f2"));

            remote.disconnect(false);
            cb.disconnected.get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.io.sockets().sockets().containsKey(cb.id()));
        }
    }

    @Test
    void socketsJoinLeaveAndDisconnectAcrossNodes() throws Exception {
        try (SioTestClient ca = joined(a, "j1"); SioTestClient cb = joined(b, "j1")) {
            a.io.in("j1").socketsJoin("j2");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.io.sockets().adapter().rooms().getOrDefault("j2", Set.of()).contains(cb.id())
                    && a.io.sockets().adapter().rooms().getOrDefault("j2", Set.of()).contains(ca.id()));
            if (options().protocol() == RedisAdapterOptions.Protocol.CLASSIC) {
                assertThat(b.adapter().allRooms().get(5, TimeUnit.SECONDS)).contains("j1", "j2", ca.id(), cb.id());
                assertThat(a.adapter().allSockets(Set.of("j2")).get(5, TimeUnit.SECONDS)).contains(ca.id(), cb.id());
            }

            b.io.in("j2").socketsLeave("j2");
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.io.sockets().adapter().rooms().containsKey("j2")
                    && !a.io.sockets().adapter().rooms().containsKey("j2"));

            a.io.in("j1").disconnectSockets(true);
            ca.disconnected.get(5, TimeUnit.SECONDS);
            cb.disconnected.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverSideEmitWithAcks() throws Exception {
        b.io.sockets().onServerSideEmit("ping-cluster", (args, ack) -> ack.send(Map.of("pong", "B", "got", args.string(0))));
        List<Args> answers = a.io.serverSideEmitWithAck(Duration.ofSeconds(3), "ping-cluster", "from-A").get(5, TimeUnit.SECONDS);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).node(0).get("pong").asText()).isEqualTo("B");
        assertThat(answers.get(0).node(0).get("got").asText()).isEqualTo("from-A");
    }

    @Test
    void broadcastAcksFromEveryNode() throws Exception {
        try (SioTestClient ca = joined(a, "q1"); SioTestClient cb = joined(b, "q1")) {
            ca.autoAck(e -> "answer-A");
            cb.autoAck(e -> "answer-B");
            List<Args> answers = a.io.to("q1").timeout(Duration.ofSeconds(3)).emitWithAck("question", 7).get(5, TimeUnit.SECONDS);
            assertThat(answers).extracting(x -> x.string(0)).containsExactlyInAnyOrder("answer-A", "answer-B");
        }
    }

    @Test
    void manyBroadcastsCrossWithoutLoss() throws Exception {
        try (SioTestClient cb = joined(b, "bulk")) {
            int count = 2000;
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) a.io.to("bulk").emit("m", i);
            for (int i = 0; i < count; i++) {
                // one publishing thread: B gets them in publish order, none missing (docs/cluster.md, Order)
                assertThat(cb.expect("m", 10_000).args().get(0).asInt()).as("broadcast number %d of A's", i).isEqualTo(i);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("cross-node broadcasts: %d in %d ms (%.0f/s) through redis-server%n", count, ms, count * 1000.0 / Math.max(1, ms));
        }
    }
}
