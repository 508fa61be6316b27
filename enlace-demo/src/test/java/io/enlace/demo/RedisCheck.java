package io.enlace.demo;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Asks Redis how many servers listen on the /chat request channel. */
final class RedisCheck {
    private RedisCheck() {}

    static void awaitServers(String url, long count) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                Map<String, Long> n = c.sync().pubsubNumsub("socket.io-request#/chat#");
                return n.getOrDefault("socket.io-request#/chat#", 0L) >= count;
            });
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
