package io.enlace.bench.targets;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.micrometer.SocketIoMetrics;
import io.enlace.netty.NettyServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.TimeUnit;

/**
 * Benchmark target: Enlace serving the benchmark contract (docs/benchmarks.md) with default options (handlers on the
 * event loop, no compression), pingInterval 25000, pingTimeout 20000, 1 MB payload limit, one I/O event loop (or
 * {@code -Denlace.bench.ioThreads=N}: N loops, used by {@code --whole-box}).
 *
 * <ul>
 *   <li>{@code echo(arg, ack)}: acks with {@code arg}</li>
 *   <li>{@code join(any, ack?)}: joins room {@code r}, acks {@code "ok"} when asked</li>
 *   <li>{@code fanout(payload, ack?)}: emits {@code msg} with {@code payload} to room {@code r}, acks {@code "ok"} when asked</li>
 *   <li>idle: heartbeats only</li>
 * </ul>
 * Usage: {@code EnlaceTarget [--redis URL] PORT [HOST]}; control on stdin as described in {@link TargetControl}. With
 * {@code --redis}, the server is one node of a cluster through {@code RedisAdapterFactory} (cluster-fanout scenario),
 * with the classic protocol, or the streams one when the environment has {@code REDIS_ADAPTER=streams}.
 * With {@code -Denlace.bench.metrics=true} (the {@code enlace-metrics} target) the Micrometer meters of
 * enlace-micrometer are bound to a Prometheus registry, scraped every 15 s as a Prometheus server would.
 */
public final class EnlaceTarget {

    private EnlaceTarget() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        io.enlace.redis.RedisAdapterFactory redis = null;
        if (args.length > 1 && args[0].equals("--redis")) {
            io.enlace.redis.RedisAdapterOptions.Protocol protocol = "streams".equals(System.getenv("REDIS_ADAPTER"))
                    ? io.enlace.redis.RedisAdapterOptions.Protocol.STREAMS : io.enlace.redis.RedisAdapterOptions.Protocol.CLASSIC;
            redis = io.enlace.redis.RedisAdapterFactory.create(io.lettuce.core.RedisURI.create(args[1]),
                    io.enlace.redis.RedisAdapterOptions.builder().protocol(protocol).build());
            redis.connected().get(30, TimeUnit.SECONDS);
            args = java.util.Arrays.copyOfRange(args, 2, args.length);
        }
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        ServerOptions.Builder options = ServerOptions.builder();
        if (redis != null) {
            options.adapter(redis);
        }
        SocketIoServer io = SocketIoServer.create(options
                .pingInterval(25_000)
                .pingTimeout(20_000)
                .maxHttpBufferSize(1_000_000)
                .build());
        io.onConnection(socket -> {
            socket.on("echo", (a, ack) -> {
                if (ack.requested()) {
                    ack.send(a.node(0));
                }
            });
            socket.on("join", (a, ack) -> {
                socket.join("r");
                if (ack.requested()) {
                    ack.send("ok");
                }
            });
            socket.on("fanout", (a, ack) -> {
                io.to("r").emit("msg", a.node(0));
                if (ack.requested()) {
                    ack.send("ok");
                }
            });
        });
        java.util.concurrent.ScheduledExecutorService scraper = null;
        if (Boolean.getBoolean("enlace.bench.metrics")) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new SocketIoMetrics(io).bindTo(registry);
            scraper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-scrape");
                t.setDaemon(true);
                return t;
            });
            scraper.scheduleAtFixedRate(registry::scrape, 15, 15, TimeUnit.SECONDS);
        }
        NettyServer server = io.attach(NettyServer.builder().host(host).port(port).ioThreads(Integer.getInteger("enlace.bench.ioThreads", 1))).build(); // --whole-box: one per CPU
        server.start().get(30, TimeUnit.SECONDS);
        TargetControl.ready(server.port());
        io.enlace.redis.RedisAdapterFactory cluster = redis;
        TargetControl.serveStdin(() -> {
            io.close().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            server.stop().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            if (cluster != null) {
                cluster.close();
            }
        });
    }
}
