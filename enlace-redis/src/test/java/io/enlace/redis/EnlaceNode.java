package io.enlace.redis;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One Enlace server on a free loopback port with a Redis adapter. */
final class EnlaceNode implements AutoCloseable {
    final RedisAdapterFactory redis;
    final SocketIoServer io;
    final NettyServer http;
    final String name;

    EnlaceNode(String name, RedisURI uri, RedisAdapterOptions options) throws Exception {
        this(name, uri, options, false);
    }

    /** With {@code recovery}, connection state recovery is on (Node's defaults) and pings are 1 s apart. */
    EnlaceNode(String name, RedisURI uri, RedisAdapterOptions options, boolean recovery) throws Exception {
        this(name, uri, options, recovery, false);
    }

    /** With {@code allowEIO3}, Socket.IO v2 clients (Engine.IO v3) are accepted too. */
    EnlaceNode(String name, RedisURI uri, RedisAdapterOptions options, boolean recovery, boolean allowEIO3) throws Exception {
        this.name = name;
        this.redis = RedisAdapterFactory.create(uri, options);
        ServerOptions.Builder b = ServerOptions.builder().adapter(redis);
        b.allowEIO3(allowEIO3);
        if (recovery) b.connectionStateRecovery(ServerOptions.Recovery.defaults()).pingInterval(1000).pingTimeout(1000);
        this.io = SocketIoServer.create(b.build());
        this.http = io.attach(NettyServer.builder().host("127.0.0.1").port(0)).build().start().get(10, TimeUnit.SECONDS);
        io.onConnection(s -> {
            if (!s.recovered()) s.data(java.util.Map.of("node", name));
            s.on("join", (args, ack) -> {
                s.join(args.string(0));
                if (ack.requested()) ack.send("joined");
            });
        });
    }

    EnlaceNode(String name, RedisURI uri) throws Exception {
        this(name, uri, RedisAdapterOptions.builder().requestsTimeout(Duration.ofSeconds(2)).build());
    }

    int port() { return http.port(); }

    RedisAdapter adapter() { return (RedisAdapter) io.sockets().adapter(); }

    @Override
    public void close() throws Exception {
        io.close().get(10, TimeUnit.SECONDS);
        http.stop().get(10, TimeUnit.SECONDS);
        redis.close();
    }
}
