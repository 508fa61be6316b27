package io.enlace.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Redis adapter, with the defaults of Node's {@code @socket.io/redis-adapter} 8.x
 * ({@code createAdapter(pub, sub, opts)}) and, for {@link Protocol#STREAMS}, of {@code @socket.io/redis-streams-adapter}
 * 0.3. Nodes of one cluster, Java or Node, must use the same {@link #protocol()} and {@link #key()} (and, for streams,
 * the same {@link #streamName()}, {@link #streamCount()} and {@link #sessionKeyPrefix()}).
 */
public final class RedisAdapterOptions {
    private final String key;
    private final Duration requestsTimeout;
    private final boolean publishOnSpecificResponseChannel;
    private final Duration reconnectDelayMax;
    private final Protocol protocol;
    private final SubscriptionMode subscriptionMode;
    private final String streamName;
    private final int streamCount;
    private final long maxLen;
    private final int readCount;
    private final Duration blockTime;
    private final String sessionKeyPrefix;
    private final boolean onlyPlaintext;
    private final boolean useShardedPubSub;
    private final int maxPendingWrites;

    /** Which Node adapter the servers of the cluster speak. */
    public enum Protocol {
        /** {@code createAdapter} of {@code @socket.io/redis-adapter} 8.x: Pub/Sub, fed by {@code @socket.io/redis-emitter}. */
        CLASSIC,
        /** {@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.x: sharded Pub/Sub (Redis 7+). */
        SHARDED,
        /**
         * {@code @socket.io/redis-streams-adapter} 0.3: broadcasts and room changes through a Redis stream (kept while a
         * server is cut off, and read again on reconnection), sessions in Redis so a client recovers on any server,
         * requests through Pub/Sub; fed by {@code @socket.io/redis-streams-emitter}. Redis 6.2 or later.
         */
        STREAMS
    }

    /** Which shard channels a sharded adapter subscribes to (Node's {@code subscriptionMode}). */
    public enum SubscriptionMode {
        /** Only {@code <key>#<nsp>#} and {@code <key>#<nsp>#<uid>#}. */
        STATIC,
        /** Also one channel per room that is not a socket id (the default). */
        DYNAMIC,
        /** Also one channel per room, socket-id rooms included. */
        DYNAMIC_PRIVATE
    }

    private RedisAdapterOptions(Builder b) {
        this.key = b.key;
        this.requestsTimeout = b.requestsTimeout;
        this.publishOnSpecificResponseChannel = b.publishOnSpecificResponseChannel;
        this.reconnectDelayMax = b.reconnectDelayMax;
        this.protocol = b.protocol;
        this.subscriptionMode = b.subscriptionMode;
        this.streamName = b.streamName;
        this.streamCount = b.streamCount;
        this.maxLen = b.maxLen;
        this.readCount = b.readCount;
        this.blockTime = b.blockTime;
        this.sessionKeyPrefix = b.sessionKeyPrefix;
        this.onlyPlaintext = b.onlyPlaintext;
        this.useShardedPubSub = b.useShardedPubSub;
        this.maxPendingWrites = b.maxPendingWrites;
    }

    /** @return the defaults */
    public static RedisAdapterOptions defaults() { return builder().build(); }

    /** @return a builder with the defaults */
    public static Builder builder() { return new Builder(); }

    /** @return the channel prefix (default {@code socket.io}; the streams adapter's {@code channelPrefix}) */
    public String key() { return key; }

    /** @return how long cluster requests (fetchSockets, allRooms, serverSideEmit acks) wait for answers (5 s) */
    public Duration requestsTimeout() { return requestsTimeout; }

    /**
     * @return whether responses go to the requester's own channel {@code <key>-response#<nsp>#<uid>#} instead of the
     *         shared one (default false; every node of the cluster must agree)
     */
    public boolean publishOnSpecificResponseChannel() { return publishOnSpecificResponseChannel; }

    /** @return the longest pause between two attempts to connect to Redis at start (5 s) */
    public Duration reconnectDelayMax() { return reconnectDelayMax; }

    /**
     * @return whether to speak the sharded protocol of Node's {@code createShardedAdapter} (SPUBLISH/SSUBSCRIBE,
     *         Redis 7+) instead of the classic one; {@link #key()} is then its {@code channelPrefix}. Classic and
     *         sharded servers cannot be mixed.
     */
    public boolean sharded() { return protocol == Protocol.SHARDED; }

    /** @return the protocol (default {@link Protocol#CLASSIC}) */
    public Protocol protocol() { return protocol; }

    /**
     * @return streams: the stream name, or its prefix with {@link #streamCount()} above 1 (default {@code socket.io},
     *         Node's {@code streamName})
     */
    public String streamName() { return streamName; }

    /**
     * @return streams: the number of streams (default 1); namespace {@code nsp} uses stream
     *         {@code streamName-(hash(nsp) % streamCount)} as Node does, each read by its own connection
     */
    public int streamCount() { return streamCount; }

    /** @return streams: the approximate stream length kept by {@code XADD ... MAXLEN ~} (default 10000, Node's {@code maxLen}) */
    public long maxLen() { return maxLen; }

    /** @return streams: entries read per {@code XREAD} (default 100, Node's {@code readCount}) */
    public int readCount() { return readCount; }

    /** @return streams: how long one {@code XREAD BLOCK} waits for entries (default 5 s, Node's {@code blockTimeInMs}) */
    public Duration blockTime() { return blockTime; }

    /** @return streams: the prefix of the session keys (default {@code sio:session:}, Node's {@code sessionKeyPrefix}) */
    public String sessionKeyPrefix() { return sessionKeyPrefix; }

    /**
     * @return streams: never look for binary in messages, always write JSON (default false, Node's
     *         {@code onlyPlaintext}); binary arguments then do not survive the trip
     */
    public boolean onlyPlaintext() { return onlyPlaintext; }

    /** @return streams: requests and responses through sharded Pub/Sub, Redis 7+ (default false, Node's {@code useShardedPubSub}) */
    public boolean useShardedPubSub() { return useShardedPubSub; }

    /**
     * @return streams: how many stream writes may wait for Redis (while it is unreachable or slow) before new ones are
     *         refused, each refusal logged and counted (default 10000)
     */
    public int maxPendingWrites() { return maxPendingWrites; }

    /** @return the sharded adapter's subscription mode (default {@link SubscriptionMode#DYNAMIC}) */
    public SubscriptionMode subscriptionMode() { return subscriptionMode; }

    /** Builder of {@link RedisAdapterOptions}. */
    public static final class Builder {
        private String key = "socket.io";
        private Duration requestsTimeout = Duration.ofMillis(5000);
        private boolean publishOnSpecificResponseChannel;
        private Duration reconnectDelayMax = Duration.ofSeconds(5);
        private Protocol protocol = Protocol.CLASSIC;
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;
        private String streamName = "socket.io";
        private int streamCount = 1;
        private long maxLen = 10_000;
        private int readCount = 100;
        private Duration blockTime = Duration.ofSeconds(5);
        private String sessionKeyPrefix = "sio:session:";
        private boolean onlyPlaintext;
        private boolean useShardedPubSub;
        private int maxPendingWrites = 10_000;

        private Builder() {
        }

        /**
         * @param on speak the sharded protocol (SPUBLISH) of Node's {@code createShardedAdapter}
         * @return this
         */
        public Builder sharded(boolean on) { this.protocol = on ? Protocol.SHARDED : Protocol.CLASSIC; return this; }

        /**
         * @param protocol the Node adapter to speak
         * @return this
         */
        public Builder protocol(Protocol protocol) { this.protocol = Objects.requireNonNull(protocol); return this; }

        /**
         * @param name streams: the stream name (or prefix, with several streams)
         * @return this
         */
        public Builder streamName(String name) {
            if (Objects.requireNonNull(name).isEmpty()) throw new IllegalArgumentException("streamName must not be empty");
            this.streamName = name;
            return this;
        }

        /**
         * @param count streams: the number of streams, 1 or more
         * @return this
         */
        public Builder streamCount(int count) {
            if (count < 1) throw new IllegalArgumentException("streamCount must be at least 1, got " + count);
            this.streamCount = count;
            return this;
        }

        /**
         * @param maxLen streams: the approximate length of the stream, 1 or more
         * @return this
         */
        public Builder maxLen(long maxLen) {
            if (maxLen < 1) throw new IllegalArgumentException("maxLen must be at least 1, got " + maxLen);
            this.maxLen = maxLen;
            return this;
        }

        /**
         * @param count streams: entries per XREAD, 1 or more
         * @return this
         */
        public Builder readCount(int count) {
            if (count < 1) throw new IllegalArgumentException("readCount must be at least 1, got " + count);
            this.readCount = count;
            return this;
        }

        /**
         * @param time streams: the BLOCK time of XREAD, from 1 ms
         * @return this
         */
        public Builder blockTime(Duration time) {
            if (time.toMillis() < 1) throw new IllegalArgumentException("blockTime must be at least 1 ms, got " + time);
            this.blockTime = time;
            return this;
        }

        /**
         * @param prefix streams: the prefix of the session keys
         * @return this
         */
        public Builder sessionKeyPrefix(String prefix) { this.sessionKeyPrefix = Objects.requireNonNull(prefix); return this; }

        /**
         * @param on streams: skip the binary checks (every message as JSON)
         * @return this
         */
        public Builder onlyPlaintext(boolean on) { this.onlyPlaintext = on; return this; }

        /**
         * @param on streams: SPUBLISH/SSUBSCRIBE for requests and responses (Redis 7+)
         * @return this
         */
        public Builder useShardedPubSub(boolean on) { this.useShardedPubSub = on; return this; }

        /**
         * @param max streams: stream writes that may wait for Redis before new ones are refused, 1 or more
         * @return this
         */
        public Builder maxPendingWrites(int max) {
            if (max < 1) throw new IllegalArgumentException("maxPendingWrites must be at least 1, got " + max);
            this.maxPendingWrites = max;
            return this;
        }

        /**
         * @param mode the sharded adapter's subscription mode
         * @return this
         */
        public Builder subscriptionMode(SubscriptionMode mode) { this.subscriptionMode = Objects.requireNonNull(mode); return this; }

        /**
         * @param key channel prefix, as Node's {@code key} option
         * @return this
         */
        public Builder key(String key) { this.key = Objects.requireNonNull(key); return this; }

        /**
         * @param timeout as Node's {@code requestsTimeout}; also the timeout of the Redis commands an operation waits
         *     for ({@code PUBSUB NUMSUB}, ...). Publishes and subscriptions have none: they wait for their turn, so
         *     that none is dropped from the middle of a sequence
         * @return this
         */
        public Builder requestsTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("requestsTimeout must be positive");
            this.requestsTimeout = timeout;
            return this;
        }

        /**
         * @param on as Node's {@code publishOnSpecificResponseChannel}
         * @return this
         */
        public Builder publishOnSpecificResponseChannel(boolean on) { this.publishOnSpecificResponseChannel = on; return this; }

        /**
         * @param max longest pause between connection attempts while Redis is unreachable at start
         * @return this
         */
        public Builder reconnectDelayMax(Duration max) { this.reconnectDelayMax = Objects.requireNonNull(max); return this; }

        /** @return the options */
        public RedisAdapterOptions build() { return new RedisAdapterOptions(this); }
    }
}
