package io.enlace.demo;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Asks Redis how many servers listen on a namespace's request channel (classic) or its channel (streams). */
final class RedisCheck {
    private RedisCheck() {}

    /** Waits until {@code count} servers listen for /chat requests (classic adapter). */
    static void awaitServers(String url, long count) { awaitServers(url, "/chat", count, "classic"); }

    /** As {@link #awaitServers(String, long)}, for the adapter {@code classic} or {@code streams}. */
    static void awaitServers(String url, long count, String adapter) { awaitServers(url, "/chat", count, adapter); }

    /** Waits until {@code count} servers listen on the request channel of namespace {@code nsp} (classic adapter). */
    static void awaitServers(String url, String nsp, long count) { awaitServers(url, nsp, count, "classic"); }

    private static void awaitServers(String url, String nsp, long count, String adapter) {
        String channel = adapter.equals("streams") ? "socket.io#" + nsp + "#" : "socket.io-request#" + nsp + "#";
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
