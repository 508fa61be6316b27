package io.enlace.redis;

import java.time.Duration;

/** {@link TwoNodesContract} in classic mode (Node's {@code createAdapter}). */
class TwoClassicNodesTest extends TwoNodesContract {
    @Override
    RedisAdapterOptions options() { return RedisAdapterOptions.builder().requestsTimeout(Duration.ofSeconds(2)).build(); }
}
