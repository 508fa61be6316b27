package io.enlace.internal.redis;

import io.enlace.redis.RedisAdapterOptions;
import io.enlace.redis.RedisUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The Redis side of one node: a publishing connection and a subscribing one (as Node's pub/sub client pair), shared by
 * the adapters of all namespaces. Connects in the background and retries until Redis answers; Lettuce then reconnects
 * and resubscribes by itself. While disconnected, commands are rejected at once (never queued), so cluster operations
 * fail fast. Messages are handed, in order, to one dispatch thread (never to Lettuce's I/O threads).
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisAdapterOptions options;
    private final ScheduledExecutorService timer;
    private final ExecutorService dispatch;
    private final Map<String, BiConsumer<String, byte[]>> channels = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, byte[]>> patterns = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, byte[]>> shardChannels = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile StatefulRedisConnection<String, byte[]> pub;
    private volatile StatefulRedisPubSubConnection<String, byte[]> sub;
    private volatile boolean closed;
    private long attempt;

    public RedisLink(RedisURI uri, RedisAdapterOptions options) {
        this.uri = uri;
        this.options = options;
        // small pools (2 I/O, 2 computation threads per factory) and reconnect attempts at most reconnectDelayMax apart
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(() -> Delay.exponential(Duration.ofMillis(50), options.reconnectDelayMax(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutSource(new RequestTimeouts(options.requestsTimeout())).build())
                .build());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "enlace-redis-timer"));
        this.dispatch = Executors.newSingleThreadExecutor(r -> daemon(r, "enlace-redis-dispatch"));
        timer.execute(this::connect);
    }

    /**
     * The command timeout: {@code requestsTimeout} for the commands whose answer an operation waits for, none for the
     * Pub/Sub commands. Lettuce never writes a command that timed out before its I/O thread got to it, so a timed-out
     * PUBLISH queued behind others (a burst while the I/O thread is slow) would be dropped without a trace while the
     * ones after it go out: the other servers would miss broadcasts in the middle of a sequence, and a timed-out
     * SUBSCRIBE would leave this server deaf to a channel. Those commands wait for their turn instead, and fail only
     * when the connection does.
     */
    static final class RequestTimeouts extends TimeoutOptions.TimeoutSource {
        private final long millis;

        RequestTimeouts(Duration timeout) { this.millis = Math.max(1, timeout.toMillis()); }

        @Override
        public long getTimeout(RedisCommand<?, ?, ?> command) {
            return command != null && untimed(command.getType()) ? 0 : millis;
        }

        static boolean untimed(ProtocolKeyword type) {
            return type == CommandType.PUBLISH || type == CommandType.SPUBLISH
                    || type == CommandType.SUBSCRIBE || type == CommandType.PSUBSCRIBE || type == CommandType.SSUBSCRIBE
                    || type == CommandType.UNSUBSCRIBE || type == CommandType.PUNSUBSCRIBE || type == CommandType.SUNSUBSCRIBE;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Completes when both connections are up for the first time. */
    public CompletableFuture<Void> connected() { return firstConnect; }

    /** True while both connections are open. */
    public boolean isConnected() {
        StatefulRedisConnection<String, byte[]> p = pub;
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        return p != null && s != null && p.isOpen() && s.isOpen();
    }

    public ScheduledExecutorService timer() { return timer; }

    ClientResources resources() { return resources; }

    RedisURI uri() { return uri; }

    /** The thread that handles incoming messages, one at a time, in order. */
    java.util.concurrent.Executor dispatch() { return dispatch; }

    public RedisAdapterOptions options() { return options; }

    private void connect() {
        if (closed) return;
        StatefulRedisConnection<String, byte[]> p = null;
        try {
            p = pub != null ? pub : client.connect(CODEC, uri);
            pub = p;
            StatefulRedisPubSubConnection<String, byte[]> s = client.connectPubSub(CODEC, uri);
            s.addListener(new Listener());
            synchronized (this) { // never blocks: the commands are only queued on the new connection
                sub = s;
                if (!channels.isEmpty()) s.async().subscribe(channels.keySet().toArray(new String[0]));
                if (!patterns.isEmpty()) s.async().psubscribe(patterns.keySet().toArray(new String[0]));
                if (!shardChannels.isEmpty()) s.async().ssubscribe(shardChannels.keySet().toArray(new String[0]));
            }
            if (closed) {
                closeConnections();
                return;
            }
            if (attempt > 0) log.info("Connected to Redis at {} after {} failed attempts", redacted(), attempt);
            firstConnect.complete(null);
        } catch (RuntimeException e) {
            attempt++;
            long delay = Math.min(options.reconnectDelayMax().toMillis(), 100L << Math.min(attempt - 1, 10));
            log.error("Cannot connect to Redis at {} (attempt {}): {}. Retrying in {} ms; until then this node serves its own "
                    + "clients only and cluster operations fail.", redacted(), attempt, e.getMessage(), delay);
            if (!closed) timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    String redacted() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Subscribes a channel (now if connected, else when the connection comes up). */
    public synchronized CompletionStage<Void> subscribe(String channel, BiConsumer<String, byte[]> handler) {
        channels.put(channel, handler);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (s == null) return CompletableFuture.completedFuture(null);
        return s.async().subscribe(channel).thenApply(v -> (Void) null).exceptionally(e -> null);
    }

    /** Pattern-subscribes (the handler receives the channel name). */
    public synchronized CompletionStage<Void> psubscribe(String pattern, BiConsumer<String, byte[]> handler) {
        patterns.put(pattern, handler);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (s == null) return CompletableFuture.completedFuture(null);
        return s.async().psubscribe(pattern).thenApply(v -> (Void) null).exceptionally(e -> null);
    }

    /** SSUBSCRIBEs a shard channel (Redis 7+). */
    public synchronized CompletionStage<Void> ssubscribe(String channel, BiConsumer<String, byte[]> handler) {
        if (shardChannels.put(channel, handler) != null) return CompletableFuture.completedFuture(null);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (s == null) return CompletableFuture.completedFuture(null);
        return s.async().ssubscribe(channel).thenApply(v -> (Void) null).exceptionally(e -> null);
    }

    /** SUNSUBSCRIBEs shard channels. */
    public synchronized void sunsubscribe(Set<String> names) {
        names.forEach(shardChannels::remove);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (s != null && s.isOpen() && !names.isEmpty()) s.async().sunsubscribe(names.toArray(new String[0]));
    }

    /** SPUBLISH; fails at once when Redis is not connected. */
    public CompletableFuture<Long> spublish(String channel, byte[] message) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("SPUBLISH", null));
        return p.async().spublish(channel, message).toCompletableFuture()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("SPUBLISH", e)));
    }

    /** PUBSUB SHARDNUMSUB of one channel; fails at once when Redis is not connected. */
    public CompletableFuture<Integer> shardNumsub(String channel) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("PUBSUB SHARDNUMSUB", null));
        return p.async().pubsubShardNumsub(channel).toCompletableFuture()
                .thenApply(m -> m.values().stream().mapToInt(Long::intValue).sum())
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("PUBSUB SHARDNUMSUB", e)));
    }

    /** Forgets channels and patterns. */
    public synchronized void unsubscribe(Set<String> channelNames, Set<String> patternNames) {
        channelNames.forEach(channels::remove);
        patternNames.forEach(patterns::remove);
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        if (s != null && s.isOpen()) {
            if (!channelNames.isEmpty()) s.async().unsubscribe(channelNames.toArray(new String[0]));
            if (!patternNames.isEmpty()) s.async().punsubscribe(patternNames.toArray(new String[0]));
        }
    }

    /** PUBLISH; fails at once when Redis is not connected. */
    public CompletableFuture<Long> publish(String channel, byte[] message) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("PUBLISH", null));
        return p.async().publish(channel, message).toCompletableFuture()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("PUBLISH", e)));
    }

    /** PUBSUB NUMSUB of one channel; fails at once when Redis is not connected. */
    public CompletableFuture<Integer> numsub(String channel) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("PUBSUB NUMSUB", null));
        return p.async().pubsubNumsub(channel).toCompletableFuture()
                .thenApply(m -> m.values().stream().mapToInt(Long::intValue).sum())
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("PUBSUB NUMSUB", e)));
    }

    /** {@code SET key value PX ms}; fails at once when Redis is not connected. */
    public CompletableFuture<Void> setPx(String key, byte[] value, long px) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("SET", null));
        return p.async().set(key, value, io.lettuce.core.SetArgs.Builder.px(px)).toCompletableFuture().thenApply(x -> (Void) null)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("SET", e)));
    }

    /** {@code GETDEL key} (Redis 6.2+): the value, or null; fails at once when Redis is not connected. */
    public CompletableFuture<byte[]> getdel(String key) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("GETDEL", null));
        return p.async().getdel(key).toCompletableFuture()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("GETDEL", e)));
    }

    /** {@code XRANGE stream start end COUNT count} ({@code end} "+" for the end of the stream); fails at once when not connected. */
    public CompletableFuture<java.util.List<io.lettuce.core.StreamMessage<String, byte[]>>> xrange(String stream, String start,
            String end, long count) {
        StatefulRedisConnection<String, byte[]> p = pub;
        if (p == null || !p.isOpen()) return CompletableFuture.failedFuture(unavailable("XRANGE", null));
        io.lettuce.core.Range<String> range = io.lettuce.core.Range.from(io.lettuce.core.Range.Boundary.including(start),
                "+".equals(end) ? io.lettuce.core.Range.Boundary.unbounded() : io.lettuce.core.Range.Boundary.including(end));
        return p.async().xrange(stream, range, io.lettuce.core.Limit.create(0, count)).toCompletableFuture()
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable("XRANGE", e)));
    }

    private RedisUnavailableException unavailable(String what, Throwable cause) {
        Throwable c = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        return new RedisUnavailableException("Redis at " + redacted() + " is unavailable (" + what + " failed"
                + (c != null ? ": " + c.getMessage() : ": not connected") + ")", c);
    }

    private void deliver(Map<String, BiConsumer<String, byte[]>> handlers, String key, String channel, byte[] message) {
        BiConsumer<String, byte[]> h = handlers.get(key);
        if (h == null) return;
        try {
            dispatch.execute(() -> {
                try {
                    h.accept(channel, message);
                } catch (RuntimeException e) {
                    log.warn("Failed to handle a Redis message on {}", channel, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private final class Listener implements RedisPubSubListener<String, byte[]> {
        @Override public void message(String channel, byte[] message) { deliver(channels, channel, channel, message); }
        @Override public void message(String pattern, String channel, byte[] message) { deliver(patterns, pattern, channel, message); }
        @Override public void subscribed(String channel, long count) { }
        @Override public void psubscribed(String pattern, long count) { }
        @Override public void unsubscribed(String channel, long count) { }
        @Override public void punsubscribed(String pattern, long count) { }
        @Override public void smessage(String channel, byte[] message) { deliver(shardChannels, channel, channel, message); }
    }

    private void closeConnections() {
        StatefulRedisPubSubConnection<String, byte[]> s = sub;
        StatefulRedisConnection<String, byte[]> p = pub;
        sub = null;
        pub = null;
        if (s != null) s.closeAsync();
        if (p != null) p.closeAsync();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        timer.shutdownNow(); // no more connection attempts; client.shutdown() below closes the open connections
        pub = null;
        sub = null;
        dispatch.shutdown();
        try {
            dispatch.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
        try {
            resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Lettuce resources did not shut down cleanly: {}", e.toString());
        }
        firstConnect.completeExceptionally(new RedisUnavailableException("closed", null));
    }
}
