package io.enlace.redis;

import io.enlace.adapter.Adapter;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.AdapterFactory;
import io.enlace.internal.redis.RedisLink;
import io.enlace.internal.redis.StreamLink;
import io.lettuce.core.RedisURI;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Creates {@link RedisAdapter}s (one per namespace) that share one pair of Redis connections, speaking the classic
 * protocol of Node's {@code @socket.io/redis-adapter} 8.x, so Enlace and Node servers form one cluster; with
 * {@link RedisAdapterOptions#sharded()}, {@link ShardedRedisAdapter}s speaking its sharded protocol instead; with
 * {@link RedisAdapterOptions.Protocol#STREAMS}, {@link RedisStreamsAdapter}s speaking the protocol of
 * {@code @socket.io/redis-streams-adapter} 0.3 (plus one connection that writes the stream and one per stream that reads it).
 *
 * <pre>{@code
 * RedisAdapterFactory redis = RedisAdapterFactory.create(RedisURI.create("redis://127.0.0.1:6379"));
 * SocketIoServer io = SocketIoServer.create(ServerOptions.builder().adapter(redis).build());
 * ...
 * io.close().join();
 * redis.close();
 * }</pre>
 *
 * <p>The connection is made in the background: if Redis cannot be reached, the error is logged and retried (up to
 * {@link RedisAdapterOptions#reconnectDelayMax()} apart), and the server meanwhile serves its own clients only (cluster
 * operations fail with {@link RedisUnavailableException}). Close the factory after the server.
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisLink link;
    private final StreamLink streams;
    private final String uid;
    private final RedisAdapterOptions.Protocol protocol;

    private RedisAdapterFactory(RedisURI uri, RedisAdapterOptions options) {
        this.link = new RedisLink(uri, options);
        this.protocol = options.protocol();
        this.streams = protocol == RedisAdapterOptions.Protocol.STREAMS ? new StreamLink(link) : null;
        this.uid = protocol == RedisAdapterOptions.Protocol.CLASSIC ? randomId() : randomHex();
    }

    /**
     * @param uri where Redis is
     * @return a factory with the default options
     */
    public static RedisAdapterFactory create(RedisURI uri) { return create(uri, RedisAdapterOptions.defaults()); }

    /**
     * @param uri     where Redis is
     * @param options adapter options
     * @return a factory; it starts connecting at once
     */
    public static RedisAdapterFactory create(RedisURI uri, RedisAdapterOptions options) {
        return new RedisAdapterFactory(Objects.requireNonNull(uri), Objects.requireNonNull(options));
    }

    @Override
    public Adapter create(AdapterContext context) {
        return switch (protocol) {
            case CLASSIC -> new RedisAdapter(context, link, uid);
            case SHARDED -> new ShardedRedisAdapter(context, link, uid);
            case STREAMS -> new RedisStreamsAdapter(context, link, streams, uid);
        };
    }

    /**
     * @return this server's id in the cluster: 6 URL-safe characters like Node's {@code uid2(6)} (classic), or 16 hex
     *         digits like {@code randomBytes(8).toString("hex")} (sharded, streams)
     */
    public String uid() { return uid; }

    /** @return the protocol the adapters of this factory speak */
    public RedisAdapterOptions.Protocol protocol() { return protocol; }

    /** @return true while the Redis connections are open (for streams, the stream writer's too) */
    public boolean isConnected() { return link.isConnected() && (streams == null || streams.writerConnected()); }

    /**
     * @return streams: how many stream writes were refused because {@link RedisAdapterOptions#maxPendingWrites()} already
     *         waited for Redis (each reached this server's clients only); 0 for the other protocols
     */
    public long refusedStreamWrites() { return streams == null ? 0 : streams.refusedWrites(); }

    /**
     * @return completes when Redis is first reached (for streams: once the stream writer is connected and the readers
     *         know where they start); fails if the factory is closed before
     */
    public CompletableFuture<Void> connected() {
        return streams == null ? link.connected() : link.connected().thenCompose(v -> streams.ready());
    }

    /** Closes the Redis connections and threads. Close the server first. */
    @Override
    public void close() {
        if (streams != null) streams.close();
        link.close();
    }

    static String randomHex() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    static String randomId() {
        char[] c = new char[6];
        for (int i = 0; i < c.length; i++) c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        return new String(c);
    }
}
