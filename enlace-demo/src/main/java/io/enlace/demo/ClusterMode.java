package io.enlace.demo;

import io.enlace.adapter.AdapterFactory;
import io.enlace.redis.RedisAdapterFactory;
import io.enlace.redis.RedisAdapterOptions;
import io.lettuce.core.RedisURI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How the demo runs: a single node (the in-memory adapter), or a node of a cluster through Redis
 * ({@code --redis redis://host:port} or {@code REDIS_URL}), using an adapter of {@code enlace-redis} chosen with
 * {@code --redis-adapter classic|sharded|streams} (or {@code REDIS_ADAPTER}; default classic): the protocols of Node's
 * {@code @socket.io/redis-adapter} 8.x ({@code createAdapter}, {@code createShardedAdapter}) and
 * {@code @socket.io/redis-streams-adapter} 0.3, so Node.js socket.io nodes on the same adapter can join the cluster.
 *
 * <p>An unreachable Redis does not stop the demo: it starts local-only with a warning and the adapter keeps trying.
 */
final class ClusterMode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);
    /** How long the start waits for Redis before going on local-only. */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(3);

    private final String shownUrl;
    private final RedisAdapterFactory factory;

    private ClusterMode(String shownUrl, RedisAdapterFactory factory) {
        this.shownUrl = shownUrl;
        this.factory = factory;
    }

    /** Single node: the in-memory adapter. */
    static ClusterMode single() {
        return new ClusterMode(null, null);
    }

    /**
     * The adapter protocol named by {@code --redis-adapter} (wins) or {@code REDIS_ADAPTER}: classic (the default when
     * both are blank), sharded or streams.
     *
     * @throws IllegalArgumentException for another name
     */
    static RedisAdapterOptions.Protocol protocol(String flag, String env) {
        String name = flag != null && !flag.isBlank() ? flag.trim() : env != null && !env.isBlank() ? env.trim() : "classic";
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "classic" -> RedisAdapterOptions.Protocol.CLASSIC;
            case "sharded" -> RedisAdapterOptions.Protocol.SHARDED;
            case "streams" -> RedisAdapterOptions.Protocol.STREAMS;
            default -> throw new IllegalArgumentException("--redis-adapter / REDIS_ADAPTER must be classic, sharded or streams, got '"
                    + name + "'");
        };
    }

    /**
     * Cluster mode through the Redis at {@code url}. Does not fail when Redis is unreachable.
     *
     * @throws IllegalArgumentException when {@code url} is not a Redis URI
     */
    static ClusterMode redis(String url) { return redis(url, RedisAdapterOptions.Protocol.CLASSIC); }

    /**
     * Cluster mode through the Redis at {@code url} with this protocol. Does not fail when Redis is unreachable.
     *
     * @throws IllegalArgumentException when {@code url} is not a Redis URI
     */
    static ClusterMode redis(String url, RedisAdapterOptions.Protocol protocol) {
        RedisURI uri = parse(url);
        String shown = mask(url, uri);
        RedisAdapterFactory factory = RedisAdapterFactory.create(uri, RedisAdapterOptions.builder().protocol(protocol).build());
        ClusterMode mode = new ClusterMode(shown, factory);
        try {
            factory.connected().get(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Redis at {} is unreachable: this node starts LOCAL-ONLY (its own clients only; cluster-wide "
                    + "lists and broadcasts fail or stay local) and keeps retrying in the background", shown);
        }
        return mode;
    }

    /** From {@code --redis} (wins) or the {@code REDIS_URL} environment value; blank or null means single node. */
    static ClusterMode from(String flag, String env) { return from(flag, env, RedisAdapterOptions.Protocol.CLASSIC); }

    /** Like {@link #from(String, String)}, with the adapter protocol. */
    static ClusterMode from(String flag, String env, RedisAdapterOptions.Protocol protocol) {
        String url = flag != null && !flag.isBlank() ? flag.trim() : env != null && !env.isBlank() ? env.trim() : null;
        return url == null ? single() : redis(url, protocol);
    }

    static RedisURI parse(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !url.startsWith("redis-socket://")) {
            throw new IllegalArgumentException("--redis / REDIS_URL must be a redis:// or rediss:// URL, got '"
                    + maskRaw(url) + "'");
        }
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid --redis / REDIS_URL '" + maskRaw(url) + "': " + e.getMessage());
        }
    }

    /** The URI for logs: scheme, host, port and database, with any user name or password replaced by {@code ***}. */
    static String mask(String url, RedisURI uri) {
        int start = url.indexOf("//");
        int end = url.indexOf('/', start + 2);
        String authority = url.substring(start + 2, end < 0 ? url.length() : end);
        boolean credentials = authority.contains("@");
        String scheme = uri.isSsl() ? "rediss" : "redis";
        String host = uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
        return scheme + "://" + (credentials ? "***@" : "") + host + (uri.getDatabase() != 0 ? "/" + uri.getDatabase() : "");
    }

    /** For an URL that does not parse: everything between "//" and the last '@' is hidden. */
    static String maskRaw(String url) {
        int at = url.lastIndexOf('@');
        int start = url.indexOf("//");
        return at > 0 && start >= 0 && start + 2 <= at ? url.substring(0, start + 2) + "***" + url.substring(at) : url;
    }

    /** True when {@code e} (or a cause) says Redis is unreachable right now. */
    static boolean unavailable(Throwable e) {
        for (int i = 0; e != null && i < 8; i++, e = e.getCause()) {
            if (e instanceof io.enlace.redis.RedisUnavailableException) return true;
        }
        return false;
    }

    /** True in cluster mode. */
    boolean clustered() {
        return factory != null;
    }

    /** The adapter factory to use, or null for the default in-memory adapter. */
    AdapterFactory adapter() {
        return factory;
    }

    /** The Redis adapter factory, or null on a single node. */
    RedisAdapterFactory redis() {
        return factory;
    }

    /** A line for the start-up log. */
    String describe() {
        if (factory == null) return "single node (in-memory adapter; pass --redis redis://host:port or REDIS_URL to join a cluster)";
        String protocol = switch (factory.protocol()) {
            case CLASSIC -> "@socket.io/redis-adapter protocol";
            case SHARDED -> "@socket.io/redis-adapter sharded protocol";
            case STREAMS -> "@socket.io/redis-streams-adapter protocol, stream \"socket.io\"";
        };
        return "cluster via Redis at " + shownUrl + " (" + protocol + ", key \"socket.io\", server uid "
                + factory.uid() + (factory.isConnected() ? ", connected" : ", NOT connected yet: local-only until Redis answers") + ")";
    }

    /** Closes the Redis connections; close the Socket.IO server first. */
    @Override
    public void close() {
        if (factory != null) factory.close();
    }
}
