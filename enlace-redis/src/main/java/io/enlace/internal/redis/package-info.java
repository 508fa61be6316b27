/**
 * The Redis connections of enlace-redis, not API: {@link io.enlace.internal.redis.RedisLink} (one per factory: a
 * command/publish connection and a subscribe connection, as Node's pub/sub client pair, shared by the adapters of all
 * namespaces) and {@link io.enlace.internal.redis.StreamLink} (for the streams protocol: one connection that writes the
 * stream through a bounded outbox, one per stream that reads it). Both connect in the background and retry until Redis
 * answers; while disconnected, commands fail at once rather than queue.
 *
 * <p>Threading: the links are thread-safe. Lettuce's own threads (two I/O and two computation threads per factory) do
 * the network work and complete the command futures; every message and stream entry received is handed, in order, to
 * the single {@code enlace-redis-dispatch} thread, so a slow adapter never holds up Lettuce's I/O and messages of one
 * channel are never handled concurrently. Connection attempts and reconnect delays run on {@code enlace-redis-timer}.
 *
 * <p>Buffers: payloads are {@code byte[]} (Lettuce's {@code ByteArrayCodec}); Lettuce releases its own Netty buffers,
 * and nothing here holds one.
 */
package io.enlace.internal.redis;
