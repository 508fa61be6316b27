package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Socket.IO v2 clients (socket.io-client 2.5.0 in Node, Engine.IO v3) and v4 clients (socket.io-client 4.8.4) in one
 * room of a cluster on one redis-server (classic @socket.io/redis-adapter 8.3.0 protocol): an Enlace node (J) with
 * {@code allowEIO3} and a Node.js socket.io 4.8.4 node (N, interop/redis/node-peer.js, which also runs every client).
 * One broadcast from J reaches v2 clients (WebSocket and polling) and a v4 client on J and a v4 client on N; one broadcast from N reaches
 * them too; N sees J's v2 socket in the room. The same scenario runs with the v2 client on a second Node node (R,
 * {@code allowEIO3} too) as the reference: what Node does is what Enlace must do.
 */
@ExtendWith(LeakGuardExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedClusterV2Test {
    private static final List<String> EVENTS = List.of("news", "from-node");
    private RedisServerProcess redis;
    private EnlaceNode j;
    private NodePeer n;
    private NodePeer ref;

    @BeforeAll
    void start() throws Exception {
        redis = RedisServerProcess.start();
        j = new EnlaceNode("J", redis.uri(), RedisAdapterOptions.builder().requestsTimeout(Duration.ofSeconds(2)).build(),
                false, true);
        j.redis.connected().get(10, TimeUnit.SECONDS);
        n = new NodePeer(redis.port());
        ref = new NodePeer(redis.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> j.io.sockets().adapter().serverCount().get() == 3);
    }

    @AfterAll
    void stop() throws Exception {
        if (ref != null) ref.close();
        if (n != null) n.close();
        if (j != null) j.close();
        if (redis != null) redis.close();
    }

    /** How the node of the v2 client broadcasts {@code news} to a room. */
    private interface Broadcast {
        void news(String room) throws Exception;
    }

    @Test
    void v2ClientOnEnlaceAndV4ClientsOnBothNodesShareARoom() throws Exception {
        String v2 = mixedRoom("j", j.port(), room -> j.io.to(room).emit("news", Map.of("hello", "v2"), 42, new byte[] {1, 2, 3}));
        // N sees J's v2 socket in the room, with the id the v2 client computed itself (the engine sid for "/")
        JsonNode remote = n.call("fetchSockets", "rooms", List.of("mixed-j"));
        Set<String> ids = new HashSet<>();
        remote.forEach(s -> ids.add(s.get("id").asText()));
        assertThat(ids).contains(v2).hasSize(4);
        for (JsonNode s : remote) {
            if (s.get("id").asText().equals(v2)) {
                assertThat(s.get("data").toString()).isEqualTo("{\"node\":\"J\"}");
                assertThat(s.get("query").get("EIO").asText()).isEqualTo("3");
            }
        }
        close("j");
        await().atMost(Duration.ofSeconds(5)).until(() -> !j.io.sockets().adapter().rooms().containsKey("mixed-j"));
    }

    @Test
    void referenceV2ClientOnANodeNode() throws Exception {
        mixedRoom("r", ref.port, room -> ref.call("emit", "rooms", List.of(room), "event", "news",
                "args", List.of(Map.of("hello", "v2"), 42, Map.of("$bin", "010203"))));
        close("r");
    }

    /**
     * Two v2 clients (WebSocket, polling) on the server at {@code v2Port}, a v4 client on that server and one on N, all in room
     * {@code mixed-<tag>}: the v2 client's node broadcasts {@code news}, N broadcasts {@code from-node}; every client gets
     * both, binary included. Returns the v2 client's id.
     */
    private String mixedRoom(String tag, int v2Port, Broadcast fromV2Node) throws Exception {
        String room = "mixed-" + tag;
        String v2 = n.call("connectV2Client", "name", "v2-" + tag, "port", v2Port, "room", room, "events", EVENTS).asText();
        JsonNode state = n.call("clientState", "name", "v2-" + tag).get("connects").get(0);
        assertThat(state.get("protocol").asText()).as("an Engine.IO v3 client").isEqualTo("3");
        // a v2 client on long-polling only (XHR2: binary payloads in the answers that hold the attachments)
        n.call("connectV2Client", "name", "v2poll-" + tag, "port", v2Port, "room", room, "events", EVENTS,
                "transports", List.of("polling"));
        assertThat(n.call("clientState", "name", "v2poll-" + tag).get("connects").get(0).get("transport").asText())
                .isEqualTo("polling");
        n.call("connectClient", "name", "v4here-" + tag, "port", v2Port, "room", room);
        n.call("connectClient", "name", "v4n-" + tag, "room", room);
        List<String> clients = clients(tag);

        fromV2Node.news(room);
        for (String c : clients) {
            assertThat(n.event(c, "news", 5000).toString()).as(c)
                    .isEqualTo("[\"news\",{\"hello\":\"v2\"},42,{\"$bin\":\"010203\"}]");
        }
        n.call("emit", "rooms", List.of(room), "event", "from-node",
                "args", List.of(Map.of("a", List.of(1, "two")), Map.of("$bin", "0a0b")));
        for (String c : clients) {
            assertThat(n.event(c, "from-node", 5000).toString()).as(c)
                    .isEqualTo("[\"from-node\",{\"a\":[1,\"two\"]},{\"$bin\":\"0a0b\"}]");
        }
        for (String c : clients) {
            assertThat(n.call("clientEvents", "name", c).get("disconnected").asBoolean()).as(c + " still connected").isFalse();
        }
        return v2;
    }

    private static List<String> clients(String tag) {
        return List.of("v2-" + tag, "v2poll-" + tag, "v4here-" + tag, "v4n-" + tag);
    }

    private void close(String tag) throws Exception {
        for (String c : clients(tag)) n.call("closeClient", "name", c);
    }
}
