package io.enlace.redis;

import java.time.Duration;

/** {@link TwoNodesContract} in sharded mode (Node's {@code createShardedAdapter}, SPUBLISH). */
class TwoShardedNodesTest extends TwoNodesContract {
    @Override
    RedisAdapterOptions options() { return RedisAdapterOptions.builder().sharded(true).requestsTimeout(Duration.ofSeconds(2)).build(); }
}
