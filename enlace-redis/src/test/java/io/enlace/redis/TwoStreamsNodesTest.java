package io.enlace.redis;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link TwoNodesContract} with the streams protocol (Node's {@code @socket.io/redis-streams-adapter} 0.3), and what
 * the stream holds afterwards.
 */
class TwoStreamsNodesTest extends TwoNodesContract {
    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.builder().protocol(RedisAdapterOptions.Protocol.STREAMS)
                .requestsTimeout(Duration.ofSeconds(2)).blockTime(Duration.ofMillis(500)).build();
    }

    @Test
    void broadcastsAndRoomChangesAreStreamEntriesAsNodeWritesThem() throws Exception {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8)) {
            String before = lastId(c);
            a.io.to("w1").except("w2").emit("news", Map.of("hello", "world"), 42);
            a.io.to("w1").emit("bin", (Object) new byte[] {1, 2, 3});
            a.io.in("w1").socketsJoin("w3");
            Range<String> after = Range.from(Range.Boundary.excluding(before), Range.Boundary.unbounded());
            await().atMost(Duration.ofSeconds(5)).until(() -> c.sync().xrange("socket.io", after).size() >= 3);
            List<StreamMessage<String, String>> entries = c.sync().xrange("socket.io", after);
            assertThat(entries).hasSize(3);
            String uid = a.redis.uid();
            assertThat(entries.get(0).getBody()).containsExactly(Map.entry("uid", uid), Map.entry("nsp", "/"),
                    Map.entry("type", "3"), Map.entry("data", "{\"packet\":{\"type\":2,\"data\":[\"news\",{\"hello\":\"world\"},42]},"
                            + "\"opts\":{\"rooms\":[\"w1\"],\"except\":[\"w2\"],\"flags\":{}}}"));
            // binary: base64 of msgpack
            byte[] msgpack = Base64.getDecoder().decode(entries.get(1).getBody().get("data"));
            assertThat(io.enlace.msgpack.MsgpackCodec.decode(msgpack).path("packet").path("data").get(1).binaryValue())
                    .containsExactly(1, 2, 3);
            assertThat(entries.get(2).getBody()).containsEntry("type", "4")
                    .containsEntry("data", "{\"opts\":{\"rooms\":[\"w1\"],\"except\":[],\"flags\":{}},\"rooms\":[\"w3\"]}");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static String lastId(StatefulRedisConnection<String, String> c) {
        List<StreamMessage<String, String>> last = c.sync().xrevrange("socket.io", Range.unbounded(), io.lettuce.core.Limit.create(0, 1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
    }
}
