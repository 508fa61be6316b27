/**
 * Cluster adapters over Redis, wire-compatible with Node's socket.io packages, so Enlace and Node servers share one
 * cluster: {@link io.enlace.redis.RedisAdapterFactory} (plug it in with {@code ServerOptions.Builder.adapter}) makes,
 * per namespace, a {@link io.enlace.redis.RedisAdapter} (classic Pub/Sub protocol of {@code @socket.io/redis-adapter}
 * 8.x, also fed by {@code @socket.io/redis-emitter}), a {@link io.enlace.redis.ShardedRedisAdapter} (its sharded
 * protocol, Redis 7+) or a {@link io.enlace.redis.RedisStreamsAdapter} ({@code @socket.io/redis-streams-adapter} 0.3,
 * with connection state recovery across servers), as {@link io.enlace.redis.RedisAdapterOptions} say. Messages are JSON
 * or notepack msgpack (enlace-msgpack), as the Node packages write them. The connections themselves are in
 * {@code io.enlace.internal.redis}.
 *
 * <p>Threading: the adapters follow the adapter SPI's rules (every method may be called concurrently, from event loops,
 * handler threads and user threads) and never block the caller: publishing is asynchronous, and cluster requests
 * ({@code fetchSockets}, {@code serverSideEmitWithAck}, ...) return futures completed by the answers of the other
 * servers or failed by a timer on the server's scheduler. Everything received from Redis is handled on one thread per
 * factory, {@code enlace-redis-dispatch}, in the order Redis delivered it, never on Lettuce's I/O threads: remote
 * broadcasts, room operations and answers, and {@code onServerSideEmit} listeners. A broadcast from another server is
 * written to the local sockets from there as a local one is, hopping to each socket's event loop. A factory also owns a
 * timer thread ({@code enlace-redis-timer}) for its connection attempts; {@code close()} stops both.
 *
 * <p>Buffers: no Netty buffer crosses this package; Redis messages are {@code byte[]} (Lettuce's byte-array codec) and
 * Jackson trees, decoded on the dispatch thread.
 */
package io.enlace.redis;
