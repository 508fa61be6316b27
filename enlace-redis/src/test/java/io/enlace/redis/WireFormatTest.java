package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.testing.LeakGuardExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bytes an Enlace node publishes, compared with the traffic captured from two Node nodes on
 * {@code @socket.io/redis-adapter} 8.3.0 (shared/docs/cluster-wire.md section 7.1), server and request ids replaced.
 */
@ExtendWith(LeakGuardExtension.class)
class WireFormatTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisServerProcess redis;
    private static EnlaceNode node;
    private static RedisClient client;
    private static StatefulRedisPubSubConnection<String, byte[]> capture;
    private static final BlockingQueue<String[]> seen = new LinkedBlockingQueue<>(); // {channel, hex}

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        node = new EnlaceNode("W", redis.uri(), RedisAdapterOptions.builder().requestsTimeout(Duration.ofMillis(500)).build());
        node.redis.connected().get(10, TimeUnit.SECONDS);
        client = RedisClient.create(redis.uri());
        capture = client.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        capture.addListener(new RedisPubSubAdapter<>() {
            @Override public void message(String channel, byte[] message) { seen.add(new String[] {channel, HEX.formatHex(message)}); }
            @Override public void message(String pattern, String channel, byte[] message) { message(channel, message); }
        });
        // also on the request channel, so that PUBSUB NUMSUB counts a second server and requests get published
        capture.sync().subscribe("socket.io-request#/#", "socket.io-response#/#");
        capture.sync().psubscribe("socket.io#/#*");
        await().atMost(Duration.ofSeconds(5)).until(() -> node.io.sockets().adapter().serverCount().get() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (capture != null) capture.close();
        if (client != null) client.shutdown();
        if (node != null) node.close();
        if (redis != null) redis.close();
    }

    private static String[] next(String channel) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            String[] m = seen.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && m[0].equals(channel)) return m;
        }
        throw new AssertionError("nothing on " + channel);
    }

    private static String uidHex() { return HEX.formatHex(node.redis.uid().getBytes(StandardCharsets.UTF_8)); }

    private static String text(String[] m) { return new String(HEX.parseHex(m[1]), StandardCharsets.UTF_8); }

    @Test
    void roomBroadcastIsByteForByteNodes() throws Exception {
        seen.clear();
        node.io.to("room1").emit("news", Map.of("hello", "world"), 42);
        String[] m = next("socket.io#/#room1#");
        assertThat(m[1]).isEqualTo(("93a653426b6e665883a47479706502a46461746193a46e65777381a568656c6c6fa5776f726c642aa36e7370a12f"
                + "83a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677380").replace("53426b6e6658", uidHex()));
        node.io.to("room1").emit("bin", (Object) new byte[] {1, 2, 3});
        assertThat(next("socket.io#/#room1#")[1]).contains("a46461746192a362696ec403010203");
        node.io.emit("all", "x");
        assertThat(MsgpackCodec.decode(HEX.parseHex(next("socket.io#/#")[1])).toString())
                .isEqualTo("[\"" + node.redis.uid() + "\",{\"type\":2,\"data\":[\"all\",\"x\"],\"nsp\":\"/\"},{\"rooms\":[],\"except\":[],\"flags\":{}}]");
        node.io.to("room1", "room2").except("room3").asVolatile().emit("multi", 1);
        JsonNode multi = MsgpackCodec.decode(HEX.parseHex(next("socket.io#/#")[1]));
        assertThat(multi.get(2).get("except").toString()).isEqualTo("[\"room3\"]");
        assertThat(multi.get(2).get("flags").toString()).isEqualTo("{\"volatile\":true}");
        assertThat(multi.get(2).get("rooms")).hasSize(2);
    }

    @Test
    void requestsAreNodesJson() throws Exception {
        String uid = node.redis.uid();
        seen.clear();
        node.io.in("room1").socketsJoin("room2");
        assertThat(text(next("socket.io-request#/#"))).isEqualTo("{\"uid\":\"" + uid + "\",\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room2\"]}");
        node.io.in("room9").disconnectSockets(true);
        assertThat(text(next("socket.io-request#/#"))).isEqualTo("{\"uid\":\"" + uid + "\",\"type\":4,\"opts\":{\"rooms\":[\"room9\"],\"except\":[]},\"close\":true}");
        node.io.serverSideEmit("ping-cluster", Map.of("from", "A"));
        assertThat(text(next("socket.io-request#/#"))).isEqualTo("{\"uid\":\"" + uid + "\",\"type\":6,\"data\":[\"ping-cluster\",{\"from\":\"A\"}]}");

        node.io.in("room1").fetchSockets(); // nobody answers: it times out, but the request is on the wire
        JsonNode fetch = JSON.readTree(text(next("socket.io-request#/#")));
        assertThat(fetch.toString()).isEqualTo("{\"uid\":\"" + uid + "\",\"requestId\":\"" + fetch.get("requestId").asText()
                + "\",\"type\":5,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]}}");
        assertThat(fetch.get("requestId").asText()).hasSize(6);
        node.adapter().allRooms();
        JsonNode all = JSON.readTree(text(next("socket.io-request#/#")));
        assertThat(all.toString()).isEqualTo("{\"uid\":\"" + uid + "\",\"requestId\":\"" + all.get("requestId").asText() + "\",\"type\":1}");

        node.io.timeout(Duration.ofSeconds(2)).to("room1").emitWithAck("question", 7);
        String[] m = next("socket.io-request#/#");
        JsonNode ack = MsgpackCodec.decode(HEX.parseHex(m[1]));
        assertThat(ack.toString()).isEqualTo("{\"uid\":\"" + uid + "\",\"requestId\":\"" + ack.get("requestId").asText() + "\",\"type\":7,"
                + "\"packet\":{\"type\":2,\"data\":[\"question\",7],\"nsp\":\"/\"},\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{\"timeout\":2000}}}");
        assertThat(m[1]).isEqualTo(HEX.formatHex(MsgpackCodec.notepack().encode(ack)));
    }

    @Test
    void answersAForeignBroadcastWithAckLikeNode() throws Exception {
        try (SioTestClient c = SioTestClient.connect(node.port())) {
            c.emit("join", "room1");
            await().atMost(Duration.ofSeconds(5)).until(() -> node.io.sockets().adapter().rooms().getOrDefault("room1", Set.of()).contains(c.id()));
            c.autoAck(e -> "answer-from-client@3102");
            seen.clear();
            JsonNode request = JSON.readTree("{\"uid\":\"SBknfX\",\"requestId\":\"KWWlPM\",\"type\":7,\"packet\":{\"type\":2,\"data\":[\"question\",7],"
                    + "\"nsp\":\"/\"},\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{\"timeout\":2000}}}");
            try (var pub = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
                pub.sync().publish("socket.io-request#/#", MsgpackCodec.notepack().encode(request));
            }
            assertThat(c.next("question", 5000).args().get(0).asInt()).isEqualTo(7);
            assertThat(text(next("socket.io-response#/#"))).isEqualTo("{\"type\":8,\"requestId\":\"KWWlPM\",\"clientCount\":1}");
            // msgpack {"type":9,"requestId":"KWWlPM","packet":"answer-from-client@3102"}, as written by notepack
            assertThat(next("socket.io-response#/#")[1]).isEqualTo("83a47479706509a9726571756573744964a64b57576c504da67061636b6574b7"
                    + HEX.formatHex("answer-from-client@3102".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
