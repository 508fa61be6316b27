package io.enlace.spring.boot.autoconfigure;

import io.enlace.redis.RedisAdapterFactory;
import io.enlace.redis.RedisAdapterOptions;
import io.lettuce.core.RedisURI;

/** Builds the Redis adapter from {@code enlace.redis.*}; loaded only when enlace-redis is on the class path. */
final class EnlaceRedis {

    private EnlaceRedis() {}

    static RedisAdapterFactory factory(EnlaceProperties.Redis p) {
        RedisURI uri;
        try {
            uri = RedisURI.create(p.getUri());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("enlace.redis.uri: '" + p.getUri() + "' is not a Redis URI "
                    + "(redis://[user:password@]host:port[/db]): " + e.getMessage(), e);
        }
        RedisAdapterOptions options = RedisAdapterOptions.builder()
                .sharded(p.getAdapter() == EnlaceProperties.RedisAdapterKind.SHARDED)
                .subscriptionMode(RedisAdapterOptions.SubscriptionMode.valueOf(p.getSubscriptionMode().name()))
                .key(p.getKey())
                .requestsTimeout(p.getRequestsTimeout())
                .publishOnSpecificResponseChannel(p.isPublishOnSpecificResponseChannel())
                .reconnectDelayMax(p.getReconnectDelayMax())
                .build();
        return RedisAdapterFactory.create(uri, options);
    }
}
