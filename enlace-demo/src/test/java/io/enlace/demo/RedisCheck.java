package io.enlace.demo;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Asks Redis how many servers listen on a namespace's request channel (/chat by default). */
final class RedisCheck {
    private RedisCheck() {}

    static void awaitServers(String url, long count) { awaitServers(url, "/chat", count); }

    /** Waits until {@code count} servers listen on the request channel of namespace {@code nsp}. */
    static void awaitServers(String url, String nsp, long count) {
        String channel = "socket.io-request#" + nsp + "#";
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Map<String, Long> n = c.sync().pubsubNumsub(channel);
                return n.getOrDefault(channel, 0L) >= count;
            });
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
