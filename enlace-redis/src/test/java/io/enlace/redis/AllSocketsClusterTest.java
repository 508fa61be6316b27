package io.enlace.redis;

import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.enlace.redis.SioTestClient.joined;

/**
 * {@code allSockets()} across a cluster on a real redis-server, as Node 4.x's: two Enlace nodes and one Node node
 * (socket.io 4.8 with {@code @socket.io/redis-adapter} 8.x), classic mode (the SOCKETS request, which Node answers)
 * and sharded mode (FETCH_SOCKETS, which Node answers too; Node's own sharded adapter stays local here).
 */
@ExtendWith(LeakGuardExtension.class)
class AllSocketsClusterTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) redis.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"classic", "sharded"})
    void allSocketsSeesEveryNode(String mode) throws Exception {
        RedisAdapterOptions options = RedisAdapterOptions.builder().sharded("sharded".equals(mode))
                .requestsTimeout(Duration.ofSeconds(3)).build();
        try (EnlaceNode a = new EnlaceNode("A", redis.uri(), options);
             EnlaceNode b = new EnlaceNode("B", redis.uri(), options);
             NodePeer n = new NodePeer(redis.port(), mode)) {
            a.redis.connected().get(10, TimeUnit.SECONDS);
            b.redis.connected().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.io.sockets().adapter().serverCount().get() == 3);
            String nodeSid = n.call("connectClient", "name", "n1", "room", "u1").asText();
            try (SioTestClient ca = joined(a, "u1"); SioTestClient cb = joined(b, "u1"); SioTestClient other = joined(b, "u2")) {
                assertThat(a.io.in("u1").allSockets().get(5, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrder(ca.id(), cb.id(), nodeSid)
                        .first().isEqualTo(ca.id()); // this server's first
                other.emit("join", "u1");
                await().atMost(Duration.ofSeconds(5)).until(() -> b.io.sockets().adapter().rooms().get("u1").contains(other.id()));
                assertThat(b.io.sockets().in("u2").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(other.id());
                assertThat(a.io.allSockets().get(5, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrder(ca.id(), cb.id(), other.id(), nodeSid);
                assertThat(a.io.in("u1", "u2").allSockets().get(5, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrder(ca.id(), cb.id(), other.id(), nodeSid);
                assertThat(a.io.local().in("u1").allSockets().get(5, TimeUnit.SECONDS)).containsExactly(ca.id());
                assertThat(a.io.in("u1").allSockets().get(5, TimeUnit.SECONDS))
                        .containsExactlyInAnyOrder(ca.id(), cb.id(), other.id(), nodeSid);
                assertThat(a.io.in("u1").except("u2").allSockets().get(5, TimeUnit.SECONDS)) // every server applies except
                        .containsExactlyInAnyOrder(ca.id(), cb.id(), nodeSid);
                assertThat(a.io.in("nobody").allSockets().get(5, TimeUnit.SECONDS)).isEmpty();

                cb.close();
                n.call("closeClient", "name", "n1");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> a.io.in("u1").allSockets().get(5, TimeUnit.SECONDS).equals(Set.of(ca.id(), other.id())));
            } finally {
                n.call("closeClient", "name", "n1");
            }
        }
    }
}
