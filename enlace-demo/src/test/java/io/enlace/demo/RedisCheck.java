package io.enlace.demo;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Asks Redis how many servers listen on the /chat request channel (classic) or the /chat channel (streams). */
final class RedisCheck {
    private RedisCheck() {}

    static void awaitServers(String url, long count) { awaitServers(url, count, "classic"); }

    /** @param adapter classic or streams */
    static void awaitServers(String url, long count, String adapter) {
        String channel = adapter.equals("streams") ? "socket.io#/chat#" : "socket.io-request#/chat#";
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
