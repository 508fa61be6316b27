package io.enlace.demo;

import io.enlace.testing.Requirements;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The demo as a node of a Redis cluster: two Enlace demo nodes (in this JVM) and one Node.js socket.io 4.8 node
 * ({@code interop/redis/chat-node.js}) on one real redis-server, with the classic adapter ({@code @socket.io/redis-adapter}
 * 8.x) or the streams adapter ({@code @socket.io/redis-streams-adapter} 0.3); socket.io-client instances connected to the
 * three nodes share the /chat rooms ({@code interop/demo/cluster-chat.mjs}). With streams, a client that drops from one
 * node comes back on another with its session ({@code interop/demo/recovery.mjs}).
 */
class DemoClusterTest {

    @Test
    void chatRoomsSpanEnlaceAndNodeNodes() throws Exception {
        chatRoomsSpanEnlaceAndNodeNodes("classic");
    }

    @Test
    void withStreamsChatRoomsSpanTheNodesAndSessionsMoveBetweenThem() throws Exception {
        chatRoomsSpanEnlaceAndNodeNodes("streams");
    }

    private void chatRoomsSpanEnlaceAndNodeNodes(String adapter) throws Exception {
        RedisProcess.assumeInstalled();
        Interop.requireNode("socket.io-client");
        Path redisDir = Interop.dir().resolve("redis");
        if (!Files.isDirectory(redisDir.resolve("node_modules/@socket.io/redis-streams-adapter"))) {
            Interop.require(Interop.commandWorks("npm", "ci", "--prefix", redisDir.toString(), "--no-audit", "--no-fund"),
                    "npm ci in interop/redis failed");
        }
        try (RedisProcess redis = RedisProcess.start();
             SeedDemo a = SeedDemo.start("127.0.0.1", 0, redis.url(), adapter);
             SeedDemo b = SeedDemo.start("127.0.0.1", 0, redis.url(), adapter);
             NodePeer c = new NodePeer(redisDir, "chat-node.js", redis.url(), adapter)) {
            assertThat(a.clustered()).isTrue();
            // every node subscribed: 2 Enlace + 1 Node servers on the /chat channel
            RedisCheck.awaitServers(redis.url(), 3, adapter);
            Interop.run("cluster-chat", 120, "node", "demo/cluster-chat.mjs", a.url("127.0.0.1"), b.url("127.0.0.1"),
                    "http://127.0.0.1:" + c.port + "/")
                    .assertPassed(3, "members lists are cluster-wide", "said reaches everyone", "leave and disconnect");
            if (adapter.equals("streams")) {
                Interop.run("cluster-recovery", 180, "node", "demo/recovery.mjs", a.url("127.0.0.1"), b.url("127.0.0.1"),
                        "http://127.0.0.1:" + c.port + "/")
                        .assertPassed(6, "[websocket] numbers and chat messages missed while away are replayed (on another node)",
                                "[polling] numbers and chat messages missed while away are replayed (on another node)",
                                "[websocket] /chat Enlace -> Node", "[polling] /chat Node -> Enlace");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> a.io().of("/chat").sockets().isEmpty()
                    && b.io().of("/chat").sockets().isEmpty());
        }
    }

    @Test
    void unreachableRedisStartsLocalOnlyAndJoinsLater() throws Exception {
        RedisProcess.assumeInstalled();
        int port = RedisProcess.freePort(); // nobody listens there yet
        long t0 = System.nanoTime();
        try (SeedDemo demo = SeedDemo.start("127.0.0.1", 0, "redis://127.0.0.1:" + port)) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
            assertThat(demo.clustered()).isTrue();
            assertThat(demo.clusterConnected()).isFalse();
            assertThat(demo.port()).isPositive();
            // (a developer machine without Node skips this part; under CI=true a missing Node fails the test)
            if (Requirements.strict() || (Interop.commandWorks("node", "--version")
                    && Files.isDirectory(Interop.dir().resolve("node_modules/socket.io-client")))) {
                Interop.requireNode("socket.io-client");
                // local-only: the chat works for this node's clients, the members list is this node's
                String out = Interop.run("chat-local-only", 60, "node", "demo/chat-join.mjs", demo.url("127.0.0.1"), "solo",
                        "r1", "hi").assertPassed(1).output();
                assertThat(out).contains("join ack {\"room\":\"r1\",\"members\":[\"solo\"]}");
            }
            try (RedisProcess redis = RedisProcess.start(port, null)) {
                // the adapter retries (at most 5 s apart) and joins the cluster without a restart
                await().atMost(Duration.ofSeconds(20)).until(demo::clusterConnected);
            }
        }
    }

    @Test
    void withoutRedisNothingChanges() throws Exception {
        try (SeedDemo demo = SeedDemo.start("127.0.0.1", 0)) {
            assertThat(demo.clustered()).isFalse();
            assertThat(demo.io().of("/chat").adapter()).isInstanceOf(io.enlace.adapter.InMemoryAdapter.class);
        }
        assertThat(ClusterMode.from(null, " ").clustered()).isFalse();
    }

    @Test
    void credentialsAreMaskedInLogsAndBadUrlsRefused() {
        assertThat(ClusterMode.mask("redis://user:s3cret@db.example:6380/2", RedisURI.create("redis://user:s3cret@db.example:6380/2"))).isEqualTo("redis://***@db.example:6380/2");
        assertThat(ClusterMode.mask("redis://:s3cret@10.0.0.5:6379", RedisURI.create("redis://:s3cret@10.0.0.5:6379"))).isEqualTo("redis://***@10.0.0.5:6379");
        assertThat(ClusterMode.mask("rediss://10.0.0.5:6379", RedisURI.create("rediss://10.0.0.5:6379"))).isEqualTo("rediss://10.0.0.5:6379");
        assertThat(ClusterMode.maskRaw("http://u:pw@x:1")).isEqualTo("http://***@x:1");
        assertThatThrownBy(() -> ClusterMode.parse("http://u:pw@x:1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> ClusterMode.parse("localhost:6379")).isInstanceOf(IllegalArgumentException.class);
    }
}
