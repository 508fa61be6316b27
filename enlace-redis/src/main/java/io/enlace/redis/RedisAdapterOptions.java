package io.enlace.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of the Redis adapter, with the defaults of Node's {@code @socket.io/redis-adapter} 8.x
 * ({@code createAdapter(pub, sub, opts)}). Nodes of one cluster, Java or Node, must use the same {@link #key()}.
 */
public final class RedisAdapterOptions {
    private final String key;
    private final Duration requestsTimeout;
    private final boolean publishOnSpecificResponseChannel;
    private final Duration reconnectDelayMax;
    private final boolean sharded;
    private final SubscriptionMode subscriptionMode;

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
        this.sharded = b.sharded;
        this.subscriptionMode = b.subscriptionMode;
    }

    /** @return the defaults */
    public static RedisAdapterOptions defaults() { return builder().build(); }

    /** @return a builder with the defaults */
    public static Builder builder() { return new Builder(); }

    /** @return the channel prefix (default {@code socket.io}) */
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
    public boolean sharded() { return sharded; }

    /** @return the sharded adapter's subscription mode (default {@link SubscriptionMode#DYNAMIC}) */
    public SubscriptionMode subscriptionMode() { return subscriptionMode; }

    /** Builder of {@link RedisAdapterOptions}. */
    public static final class Builder {
        private String key = "socket.io";
        private Duration requestsTimeout = Duration.ofMillis(5000);
        private boolean publishOnSpecificResponseChannel;
        private Duration reconnectDelayMax = Duration.ofSeconds(5);
        private boolean sharded;
        private SubscriptionMode subscriptionMode = SubscriptionMode.DYNAMIC;

        private Builder() {
        }

        /**
         * @param on speak the sharded protocol (SPUBLISH) of Node's {@code createShardedAdapter}
         * @return this
         */
        public Builder sharded(boolean on) { this.sharded = on; return this; }

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
         * @param timeout as Node's {@code requestsTimeout}; also the Redis command timeout
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
