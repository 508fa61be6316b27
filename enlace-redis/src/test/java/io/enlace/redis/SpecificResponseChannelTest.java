package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.Args;
import io.enlace.RemoteSocket;
import io.enlace.testing.LeakGuardExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** publishOnSpecificResponseChannel: answers go to {@code socket.io-response#/#<uid>#}; Enlace and Node agree. */
@ExtendWith(LeakGuardExtension.class)
class SpecificResponseChannelTest {

    @Test
    void requestsAndAcksWithPerServerResponseChannels() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            EnlaceNode j = new EnlaceNode("J", redis.uri(), RedisAdapterOptions.builder()
                    .publishOnSpecificResponseChannel(true).requestsTimeout(Duration.ofSeconds(3)).build());
            try (NodePeer n = new NodePeer(redis.port(), "specific")) {
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> j.io.sockets().adapter().serverCount().get() == 2);
                String nodeSid = n.call("connectClient", "name", "sp1", "room", "s1").asText();
                try (SioTestClient jc = SioTestClient.connect(j.port())) {
                    jc.emit("join", "s1");
                    await().atMost(Duration.ofSeconds(5)).until(() -> j.io.sockets().adapter().rooms().getOrDefault("s1", Set.of()).contains(jc.id()));
                    assertThat(j.io.in("s1").fetchSockets().get(5, TimeUnit.SECONDS)).extracting(RemoteSocket::id)
                            .containsExactlyInAnyOrder(nodeSid, jc.id());
                    assertThat(n.call("fetchSockets", "rooms", List.of("s1")).toString()).contains(jc.id());
                    assertThat(j.adapter().allRooms().get(5, TimeUnit.SECONDS)).contains(nodeSid);
                    jc.autoAck(e -> "java");
                    List<Args> acks = j.io.to("s1").timeout(Duration.ofSeconds(3)).emitWithAck("q").get(5, TimeUnit.SECONDS);
                    assertThat(acks).extracting(a -> a.string(0)).containsExactlyInAnyOrder("java", "answer-from-sp1");
                    JsonNode nodeAcks = n.call("emitWithAck", "rooms", List.of("s1"), "event", "q", "timeout", 3000);
                    assertThat(nodeAcks.toString()).contains("java", "answer-from-sp1");
                }
            } finally {
                j.close();
            }
        }
    }
}
