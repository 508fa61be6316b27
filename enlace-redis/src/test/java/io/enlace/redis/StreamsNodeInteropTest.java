package io.enlace.redis;

import java.time.Duration;

/**
 * {@link NodeInteropContract} with the streams protocol: the Node node runs @socket.io/redis-streams-adapter 0.3.1, the
 * emitter messages are those of @socket.io/redis-streams-emitter (written by node-peer.js with XADD, as that package is
 * not published), and connection state recovery is on on both nodes (every broadcast carries its stream offset).
 */
class StreamsNodeInteropTest extends NodeInteropContract {
    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.builder().protocol(RedisAdapterOptions.Protocol.STREAMS).requestsTimeout(Duration.ofSeconds(2)).build();
    }

    @Override
    String nodeMode() { return "streams"; }

    @Override
    boolean recovery() { return true; }
}
