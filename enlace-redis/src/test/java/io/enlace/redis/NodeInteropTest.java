package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link NodeInteropContract} in classic mode (@socket.io/redis-adapter 8.3.0, @socket.io/redis-emitter 5.1.0), plus the requests only the classic protocol has. */
class NodeInteropTest extends NodeInteropContract {
    @Override
    RedisAdapterOptions options() { return RedisAdapterOptions.builder().requestsTimeout(java.time.Duration.ofSeconds(2)).build(); }

    @Override
    String nodeMode() { return "classic"; }

    @Test
    void allRoomsSocketsAndLegacyRequestsBothWays() throws Exception {
        String nodeSid = nodeClient("r-n1", "rooms-n");
        try (SioTestClient jc = javaClient("rooms-j")) {
            assertThat(j.adapter().allRooms().get(5, TimeUnit.SECONDS)).contains("rooms-n", "rooms-j", nodeSid, jc.id());
            assertThat(n.call("allRooms").toString()).contains("rooms-n", "rooms-j", jc.id());
            // type 0 (SOCKETS), which Node 8.x answers but no longer sends
            assertThat(j.adapter().allSockets(Set.of("rooms-n")).get(5, TimeUnit.SECONDS)).containsExactly(nodeSid);
            // (both servers answer it: wait for the two answers)
            JsonNode res = n.call("rawRequest", "request", Map.of("uid", "raw", "requestId", "t0req", "type", 0, "rooms", List.of("rooms-j")),
                    "expect", 2);
            assertThat(res.toString()).contains(jc.id());
            // legacy join/leave/disconnect (no opts: one socket, answered with the requestId)
            res = n.call("rawRequest", "request", Map.of("uid", "raw", "requestId", "t2req", "type", 2, "sid", jc.id(), "room", "legacy"));
            assertThat(res.size()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> j.io.sockets().adapter().rooms().getOrDefault("legacy", Set.of()).contains(jc.id()));
            res = n.call("rawRequest", "request", Map.of("uid", "raw", "requestId", "t3req", "type", 3, "sid", jc.id(), "room", "legacy"));
            assertThat(res.size()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> !j.io.sockets().adapter().rooms().containsKey("legacy"));
            n.call("rawRequest", "request", Map.of("uid", "raw", "requestId", "t4req", "type", 4, "sid", jc.id(), "close", true));
            jc.disconnected.get(5, TimeUnit.SECONDS);
        } finally {
            n.call("closeClient", "name", "r-n1");
        }
    }

}
