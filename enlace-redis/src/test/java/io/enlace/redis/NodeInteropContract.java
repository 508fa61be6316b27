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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An Enlace node (J) and a Node.js socket.io 4.8.4 node (N) on one redis-server, both on the same protocol, plus the
 * emitter of that protocol: every cluster operation in both directions, binary payloads, the emitter. One subclass per
 * protocol: {@link NodeInteropTest} (classic, @socket.io/redis-adapter 8.3.0 and @socket.io/redis-emitter 5.1.0),
 * {@link StreamsNodeInteropTest} (@socket.io/redis-streams-adapter 0.3.1).
 */
@ExtendWith(LeakGuardExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeInteropContract {
    RedisServerProcess redis;
    EnlaceNode j;
    NodePeer n;
    final List<JsonNode> javaServerSide = new CopyOnWriteArrayList<>();

    /** The Enlace node's adapter options. */
    abstract RedisAdapterOptions options();

    /** The mode of node-peer.js (classic, sharded, specific, streams). */
    abstract String nodeMode();

    /** Whether connection state recovery is on (on both nodes). */
    boolean recovery() { return false; }

    @BeforeAll
    void start() throws Exception {
        redis = RedisServerProcess.start();
        j = new EnlaceNode("J", redis.uri(), options(), recovery());
        j.io.sockets().onServerSideEmit("ping-cluster", (args, ack) -> {
            javaServerSide.add(args.node(0));
            if (ack.requested()) ack.send(Map.of("pong", "J", "got", args.node(0)));
        });
        j.redis.connected().get(10, TimeUnit.SECONDS);
        n = new NodePeer(redis.port(), nodeMode());
        await().atMost(Duration.ofSeconds(10)).until(() -> j.io.sockets().adapter().serverCount().get() == 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (n != null) n.close();
        if (j != null) j.close();
        if (redis != null) redis.close();
    }

    /** With recovery on, the event's last argument is its offset (a stream entry id): checked and removed. */
    JsonNode withoutOffset(JsonNode event) {
        if (!recovery()) return event;
        assertThat(event.get(event.size() - 1).asText()).as("offset of " + event).matches("\\d+-\\d+");
        com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) event).deepCopy();
        copy.remove(copy.size() - 1);
        return copy;
    }

    SioTestClient javaClient(String room) throws Exception {
        SioTestClient c = SioTestClient.connect(j.port());
        c.emit("join", room);
        await().atMost(Duration.ofSeconds(5)).until(() -> j.io.sockets().adapter().rooms().getOrDefault(room, Set.of()).contains(c.id()));
        return c;
    }

    String nodeClient(String name, String room) throws Exception {
        return n.call("connectClient", "name", name, "room", room).asText();
    }

    boolean nodeClientDisconnected(String name) throws Exception {
        return n.call("clientEvents", "name", name).get("disconnected").asBoolean();
    }

    Set<String> nodeRoom(String room) throws Exception {
        Set<String> out = new java.util.HashSet<>();
        n.call("localRooms").path(room).forEach(x -> out.add(x.asText()));
        return out;
    }

    @Test
    void serverCountOnBothSides() throws Exception {
        assertThat(j.io.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(n.call("serverCount").asInt()).isEqualTo(2);
    }

    @Test
    void javaBroadcastsReachNodeClients() throws Exception {
        nodeClient("b-n1", "b1");
        try (SioTestClient jc = javaClient("b1")) {
            j.io.to("b1").emit("news", Map.of("hello", "world"), 42, 1.5, new byte[] {1, 2, 3});
            JsonNode e = n.event("b-n1", "news", 5000);
            assertThat(withoutOffset(e).toString()).isEqualTo("[\"news\",{\"hello\":\"world\"},42,1.5,{\"$bin\":\"010203\"}]");
            SioTestClient.Event local = jc.expect("news", 5000);
            assertThat(local.args().get(0).toString()).isEqualTo("{\"hello\":\"world\"}");
            assertThat(local.args().get(3).binaryValue()).containsExactly(1, 2, 3);

            // published in this order: had "not-b1" reached the Node client, it would have come before "everyone"
            j.io.except("b1").emit("not-b1");
            j.io.emit("everyone");
            assertThat(n.eventsUntil("b-n1", "everyone", 5000)).extracting(x -> x.get(0).asText()).containsExactly("everyone");
        } finally {
            n.call("closeClient", "name", "b-n1");
        }
    }

    @Test
    void nodeBroadcastsReachJavaClients() throws Exception {
        try (SioTestClient jc = javaClient("c1"); SioTestClient jc3 = javaClient("c3")) {
            n.call("emit", "rooms", List.of("c1"), "event", "from-node", "args", List.of(Map.of("a", 1), Map.of("$bin", "0a0b")));
            SioTestClient.Event e = jc.expect("from-node", 5000);
            assertThat(e.args().get(0).toString()).isEqualTo("{\"a\":1}");
            assertThat(e.args().get(1).binaryValue()).containsExactly(10, 11);
            // jc3 (not in c1) gets nothing: a broadcast to everyone published after it is the next thing it sees
            n.call("emit", "event", "mark-1");
            assertThat(jc3.nextName(5000)).isEqualTo("mark-1");

            n.call("emit", "rooms", List.of("c1", "c3"), "except", List.of("c3"), "event", "multi", "args", List.of(1));
            assertThat(jc.expect("multi", 5000).args().get(0).asInt()).isEqualTo(1);
            n.call("emit", "event", "mark-2");
            assertThat(jc3.nextName(5000)).isEqualTo("mark-2");
        }
    }

    @Test
    void fetchSocketsAndRemoteSocketOperationsBothWays() throws Exception {
        String nodeSid = nodeClient("f-n1", "f1");
        try (SioTestClient jc = javaClient("f1")) {
            // Java fetches the Node socket
            List<RemoteSocket> found = j.io.in("f1").fetchSockets().get(5, TimeUnit.SECONDS);
            assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(nodeSid, jc.id());
            RemoteSocket ns = found.stream().filter(s -> s.id().equals(nodeSid)).findFirst().orElseThrow();
            assertThat(((JsonNode) ns.data()).get("node").asText()).isEqualTo("N");
            assertThat(ns.rooms()).contains("f1", nodeSid);
            assertThat(ns.handshake().query("transport")).isEqualTo("websocket");
            ns.emit("to-node-socket", "x");
            assertThat(withoutOffset(n.event("f-n1", "to-node-socket", 5000)).toString()).isEqualTo("[\"to-node-socket\",\"x\"]");
            ns.join("f2");
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeRoom("f2").contains(nodeSid));
            ns.leave("f2");
            await().atMost(Duration.ofSeconds(5)).until(() -> !nodeRoom("f2").contains(nodeSid));

            // Node fetches the Java socket
            JsonNode list = n.call("fetchSockets", "rooms", List.of("f1"));
            JsonNode js = null;
            for (JsonNode s : list) if (s.get("id").asText().equals(jc.id())) js = s;
            assertThat(js).as("Java socket in " + list).isNotNull();
            assertThat(js.get("data").get("node").asText()).isEqualTo("J");
            assertThat(js.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(js.get("query").get("EIO").asText()).isEqualTo("4");
            assertThat(js.get("rooms").toString()).contains("f1");
            assertThat(n.call("remoteEmit", "rooms", List.of(jc.id()), "event", "to-java-socket", "args", List.of("y")).asInt()).isEqualTo(1);
            assertThat(jc.expect("to-java-socket", 5000).args().get(0).asText()).isEqualTo("y");
            n.call("remoteJoin", "rooms", List.of(jc.id()), "room", "f3");
            await().atMost(Duration.ofSeconds(5)).until(() -> j.io.sockets().adapter().rooms().getOrDefault("f3", Set.of()).contains(jc.id()));
            n.call("remoteLeave", "rooms", List.of(jc.id()), "room", "f3");
            await().atMost(Duration.ofSeconds(5)).until(() -> !j.io.sockets().adapter().rooms().containsKey("f3"));
            n.call("remoteDisconnect", "rooms", List.of(jc.id()));
            jc.disconnected.get(5, TimeUnit.SECONDS);

            ns.disconnect(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeClientDisconnected("f-n1"));
        } finally {
            n.call("closeClient", "name", "f-n1");
        }
    }

    @Test
    void socketsJoinLeaveDisconnectBothWays() throws Exception {
        String nodeSid = nodeClient("s-n1", "s1");
        try (SioTestClient jc = javaClient("s1")) {
            j.io.in("s1").socketsJoin("s2");
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeRoom("s2").contains(nodeSid)
                    && j.io.sockets().adapter().rooms().getOrDefault("s2", Set.of()).contains(jc.id()));
            n.call("socketsLeave", "rooms", List.of("s2"), "room", "s2");
            await().atMost(Duration.ofSeconds(5)).until(() -> !nodeRoom("s2").contains(nodeSid)
                    && !j.io.sockets().adapter().rooms().containsKey("s2"));
            n.call("socketsJoin", "rooms", List.of("s1"), "room", "s4");
            await().atMost(Duration.ofSeconds(5)).until(() -> j.io.sockets().adapter().rooms().getOrDefault("s4", Set.of()).contains(jc.id()));
            j.io.in("s4").socketsLeave("s4");
            await().atMost(Duration.ofSeconds(5)).until(() -> !nodeRoom("s4").contains(nodeSid));

            n.call("disconnectSockets", "rooms", List.of(jc.id()), "close", false);
            jc.disconnected.get(5, TimeUnit.SECONDS);
            j.io.in("s1").disconnectSockets(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> nodeClientDisconnected("s-n1"));
        } finally {
            n.call("closeClient", "name", "s-n1");
        }
    }

    @Test
    void serverSideEmitBothWaysWithAndWithoutAcks() throws Exception {
        j.io.serverSideEmit("ping-cluster", Map.of("from", "J"));
        await().atMost(Duration.ofSeconds(5)).until(() -> n.call("serverSideReceived").toString().contains("\"from\":\"J\""));
        List<Args> answers = j.io.serverSideEmitWithAck(Duration.ofSeconds(3), "ping-cluster", Map.of("from", "J", "ack", true)).get(5, TimeUnit.SECONDS);
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).node(0).get("pong").asText()).isEqualTo("N");

        javaServerSide.clear();
        n.call("serverSideEmit", "arg", Map.of("from", "N"));
        await().atMost(Duration.ofSeconds(5)).until(() -> javaServerSide.toString().contains("\"from\":\"N\""));
        JsonNode fromNode = n.call("serverSideEmitWithAck", "arg", Map.of("from", "N", "ack", true));
        assertThat(fromNode.size()).isEqualTo(1);
        assertThat(fromNode.get(0).get("pong").asText()).isEqualTo("J");
        assertThat(fromNode.get(0).get("got")).isEqualTo(NodePeer.JSON.readTree("{\"from\":\"N\",\"ack\":true}"));
    }

    @Test
    void broadcastAcksBothWays() throws Exception {
        nodeClient("a-n1", "a1");
        try (SioTestClient jc = javaClient("a1")) {
            jc.autoAck(e -> "answer-from-java");
            List<Args> answers = j.io.to("a1").timeout(Duration.ofSeconds(3)).emitWithAck("question", 7).get(5, TimeUnit.SECONDS);
            assertThat(answers).extracting(a -> a.string(0)).containsExactlyInAnyOrder("answer-from-java", "answer-from-a-n1");

            JsonNode fromNode = n.call("emitWithAck", "rooms", List.of("a1"), "event", "question", "args", List.of(8), "timeout", 3000);
            assertThat(fromNode.toString()).contains("answer-from-java", "answer-from-a-n1");
            assertThat(fromNode.size()).isEqualTo(2);
        } finally {
            n.call("closeClient", "name", "a-n1");
        }
    }

    @Test
    void redisEmitterReachesJava() throws Exception {
        javaServerSide.clear();
        try (SioTestClient jc = javaClient("e1")) {
            n.call("emitterEmit", "rooms", List.of("e1"), "event", "from-emitter", "args", List.of(Map.of("a", 1), Map.of("$bin", "ff")));
            SioTestClient.Event e = jc.expect("from-emitter", 5000);
            assertThat(e.args().get(0).toString()).isEqualTo("{\"a\":1}");
            assertThat(e.args().get(1).binaryValue()).containsExactly(0xff);
            n.call("emitterEmit", "event", "all-from-emitter", "args", List.of(2));
            assertThat(jc.expect("all-from-emitter", 5000).args().get(0).asInt()).isEqualTo(2);

            n.call("emitterJoin", "rooms", List.of("e1"), "room", "e2");
            await().atMost(Duration.ofSeconds(5)).until(() -> j.io.sockets().adapter().rooms().getOrDefault("e2", Set.of()).contains(jc.id()));
            n.call("emitterLeave", "rooms", List.of("e2"), "room", "e2");
            await().atMost(Duration.ofSeconds(5)).until(() -> !j.io.sockets().adapter().rooms().containsKey("e2"));
            n.call("emitterServerSideEmit", "arg", "from-emitter");
            await().atMost(Duration.ofSeconds(5)).until(() -> javaServerSide.toString().contains("from-emitter"));
            n.call("emitterDisconnect", "rooms", List.of("e1"), "close", true);
            jc.disconnected.get(5, TimeUnit.SECONDS);
        }
    }
}
