package io.enlace.redis;

import io.enlace.adapter.Adapter;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.AdapterFactory;
import io.enlace.internal.redis.RedisLink;
import io.lettuce.core.RedisURI;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Creates {@link RedisAdapter}s (one per namespace) that share one pair of Redis connections, speaking the classic
 * protocol of Node's {@code @socket.io/redis-adapter} 8.x, so Enlace and Node servers form one cluster; with
 * {@link RedisAdapterOptions#sharded()}, {@link ShardedRedisAdapter}s speaking its sharded protocol instead.
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
    private final String uid;
    private final boolean sharded;

    private RedisAdapterFactory(RedisURI uri, RedisAdapterOptions options) {
        this.link = new RedisLink(uri, options);
        this.sharded = options.sharded();
        this.uid = sharded ? randomHex() : randomId();
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
        return sharded ? new ShardedRedisAdapter(context, link, uid) : new RedisAdapter(context, link, uid);
    }

    /**
     * @return this server's id in the cluster: 6 URL-safe characters like Node's {@code uid2(6)} (classic), or 16 hex
     *         digits like {@code randomBytes(8).toString("hex")} (sharded)
     */
    public String uid() { return uid; }

    /** @return true while the Redis connections are open */
    public boolean isConnected() { return link.isConnected(); }

    /** @return completes when Redis is first reached (fails if the factory is closed before) */
    public CompletableFuture<Void> connected() { return link.connected(); }

    /** Closes the Redis connections and threads. Close the server first. */
    @Override
    public void close() { link.close(); }

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
