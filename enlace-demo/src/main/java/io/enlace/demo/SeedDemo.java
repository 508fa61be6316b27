package io.enlace.demo;

import io.enlace.ServerOptions;
import io.enlace.admin.AdminOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The seed demo: the random-numbers page at {@code /} (namespace {@code /}) and the chat at {@code /chat} (namespace
 * {@code /chat}), with the official client served at {@code /socket.io/socket.io.js}. Connection state recovery is on
 * (Node's defaults: a client that drops for up to 2 minutes gets its session back, with the numbers and chat messages
 * it missed).
 *
 * <pre>{@code
 * java -jar enlace-demo.jar [--port 3000] [--host 0.0.0.0]     (or the PORT environment variable)
 * java -jar enlace-demo.jar --admin-password s3cret               (the admin UI at /admin/, user admin)
 * }</pre>
 *
 * <p>It always serves the Prometheus scrape at {@code /metrics}; with an admin password (or {@code ADMIN_PASSWORD}) also
 * the Socket.IO admin UI ({@link Observability}).
 */
public final class SeedDemo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeedDemo.class);

    /** Default port, as in the seed. */
    public static final int DEFAULT_PORT = 3000;

    private final SocketIoServer io;
    private final NettyServer http;
    private final ScheduledExecutorService timer;
    private final RandomNumbers random;
    private ClusterMode cluster = ClusterMode.single();
    private Observability observability;
    private String serverId;
    private volatile boolean closed;
    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    private SeedDemo(SocketIoServer io, NettyServer http, ScheduledExecutorService timer, RandomNumbers random) {
        this.io = io;
        this.http = http;
        this.timer = timer;
        this.random = random;
    }

    /** Starts the demo on {@code host}:{@code port} (0 = a free port); returns once it is listening. */
    public static SeedDemo start(String host, int port) throws Exception {
        return start(host, port, ClusterMode.single());
    }

    /**
     * Starts the demo as a node of the cluster on the Redis at {@code redisUrl} ({@code redis://[user:password@]host:port},
     * null = single node); an unreachable Redis leaves it local-only with a warning. Returns once it is listening.
     */
    public static SeedDemo start(String host, int port, String redisUrl) throws Exception {
        return start(host, port, ClusterMode.from(redisUrl, null));
    }

    /**
     * Like {@link #start(String, int, String)}, with the Redis adapter: {@code classic}, {@code sharded} or
     * {@code streams} (null: classic).
     */
    public static SeedDemo start(String host, int port, String redisUrl, String redisAdapter) throws Exception {
        return start(host, port, ClusterMode.from(redisUrl, null, ClusterMode.protocol(redisAdapter, null)));
    }

    static SeedDemo start(String host, int port, ClusterMode cluster) throws Exception {
        return start(host, port, cluster, ServerOptions.Recovery.defaults(), null);
    }

    /** With another recovery window (tests). */
    static SeedDemo start(String host, int port, ClusterMode cluster, ServerOptions.Recovery recovery) throws Exception {
        return start(host, port, cluster, recovery, null);
    }

    /** As {@link #start(String, int, ClusterMode)}, with the admin UI on when {@code admin} is not null. */
    static SeedDemo start(String host, int port, ClusterMode cluster, Observability.Admin admin) throws Exception {
        return start(host, port, cluster, ServerOptions.Recovery.defaults(), admin);
    }

    /** The demo with this recovery window, and the admin UI on when {@code admin} is not null. */
    static SeedDemo start(String host, int port, ClusterMode cluster, ServerOptions.Recovery recovery,
                          Observability.Admin admin) throws Exception {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "enlace-demo-random");
            t.setDaemon(true);
            return t;
        });
        // a schedule replaced by a new request is removed at once: a client asking again and again would otherwise
        // leave one cancelled task per request in the queue until its time (up to 10 minutes)
        timer.setRemoveOnCancelPolicy(true);
        // allowEIO3: Socket.IO v2 clients too (the conformance mode stays v4-only for the official suites)
        ServerOptions.Builder ob = ServerOptions.builder().connectionStateRecovery(recovery).allowEIO3(true);
        if (cluster.clustered()) ob.adapter(cluster.adapter());
        ServerOptions options = ob.build();
        SocketIoServer io = SocketIoServer.create(options);
        RandomNumbers random = new RandomNumbers(timer, io.sockets(), options.connectionStateRecovery());
        io.onConnection(random::onConnection);
        ChatNamespace.register(io.of("/chat"));

        NettyServer.Builder builder = NettyServer.builder().host(host).port(port);
        io.attach(builder) // the engine at /socket.io/ and the client bundle (serveClient)
                .fallback(new StaticPages());
        String serverId = serverId();
        Observability observability = Observability.install(io, builder, admin, serverId);
        NettyServer http = builder.build();
        try {
            http.start().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            observability.close();
            io.close();
            timer.shutdownNow();
            cluster.close();
            throw e;
        }
        SeedDemo demo = new SeedDemo(io, http, timer, random);
        demo.cluster = cluster;
        demo.observability = observability;
        demo.serverId = serverId;
        LOG.info("Enlace demo mode: {}", cluster.describe());
        return demo;
    }

    /** This node's id in the admin UI: host name and pid, as Node's cluster workers ({@code host#pid}). */
    private static String serverId() {
        int n = STARTED.incrementAndGet();
        String id = AdminOptions.defaultServerId() + "#" + ProcessHandle.current().pid();
        return n == 1 ? id : id + "-" + n;
    }

    /** The Prometheus registry behind {@code /metrics}. */
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics() { return observability.registry(); }

    /** This node's id in the admin UI. */
    String adminServerId() { return serverId; }

    /** True when the admin UI is on ({@code --admin-password}). */
    public boolean adminEnabled() { return observability.adminEnabled(); }

    /** The port it listens on. */
    public int port() { return http.port(); }

    /** The page URL, for {@code host}. */
    public String url(String host) { return "http://" + host + ":" + port() + "/"; }

    /** The Socket.IO server. */
    public SocketIoServer io() { return io; }

    /** True when it runs as a node of a Redis cluster ({@code --redis} / {@code REDIS_URL}). */
    public boolean clustered() { return cluster.clustered(); }

    /** True when clustered and Redis is connected right now (false while it runs local-only). */
    public boolean clusterConnected() { return cluster.clustered() && cluster.redis().isConnected(); }

    /** Tasks waiting in the random numbers' timer (running schedules and nothing else). */
    int timerQueue() { return ((ScheduledThreadPoolExecutor) timer).getQueue().size(); }

    /** How many random-number schedules are running (one per socket that asked), those kept for a recovery included. */
    public int activeSchedules() { return random.activeSchedules(); }

    /** How many random-number schedules go on for a socket that dropped and may come back (connection state recovery). */
    public int schedulesAwaitingRecovery() { return random.awaitingRecovery(); }

    /** Disconnects everyone and stops listening. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            io.close().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the Socket.IO server: {}", e.toString());
        }
        try {
            http.stop().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        timer.shutdownNow();
        cluster.close();
        observability.close();
    }

    /** Runs the demo until the process is stopped (SIGTERM / Ctrl-C close it gracefully). */
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("enlace-demo: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    private static final String USAGE =
            "usage: java -jar enlace-demo.jar [--port N] [--host ADDRESS] [--redis redis://host:port]"
            + " [--redis-adapter classic|sharded|streams]\n"
            + "                                [--admin-password PASSWORD [--admin-user NAME]]\n"
            + "  (PORT, REDIS_URL, REDIS_ADAPTER and ADMIN_PASSWORD env also read; default port 3000, single node\n"
            + "   without --redis, classic adapter; the admin UI at /admin/ only with a password, user admin by\n"
            + "   default; /metrics always)";

    private static void run(String[] args) throws Exception {
        int port = DEFAULT_PORT;
        String host = "0.0.0.0";
        String env = System.getenv("PORT");
        if (env != null && !env.isBlank()) port = parsePort(env.trim(), "PORT");
        String redis = null;
        String redisAdapter = null;
        String adminUser = "admin";
        String adminPassword = System.getenv("ADMIN_PASSWORD");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--redis-adapter") && i + 1 < args.length) {
                redisAdapter = args[++i];
            } else if (a.startsWith("--redis-adapter=")) {
                redisAdapter = a.substring(16);
            } else if (a.equals("--admin-password") && i + 1 < args.length) {
                adminPassword = args[++i];
            } else if (a.startsWith("--admin-password=")) {
                adminPassword = a.substring(17);
            } else if (a.equals("--admin-user") && i + 1 < args.length) {
                adminUser = args[++i];
            } else if (a.startsWith("--admin-user=")) {
                adminUser = a.substring(13);
            } else if (a.equals("--redis") && i + 1 < args.length) {
                redis = args[++i];
            } else if (a.startsWith("--redis=")) {
                redis = a.substring(8);
            } else if (a.equals("--port") && i + 1 < args.length) {
                port = parsePort(args[++i], "--port");
            } else if (a.startsWith("--port=")) {
                port = parsePort(a.substring(7), "--port");
            } else if (a.equals("--host") && i + 1 < args.length) {
                host = args[++i];
            } else if (a.startsWith("--host=")) {
                host = a.substring(7);
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                return;
            } else {
                throw new IllegalArgumentException("unknown argument: " + a + " (try --help)");
            }
        }
        Observability.Admin admin = adminPassword == null || adminPassword.isEmpty() ? null
                : new Observability.Admin(adminUser, adminPassword);
        SeedDemo demo;
        try {
            demo = start(host, port, ClusterMode.from(redis, System.getenv("REDIS_URL"),
                    ClusterMode.protocol(redisAdapter, System.getenv("REDIS_ADAPTER"))), admin);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("Enlace demo: cannot listen on {}:{}: {}", host, port, cause.getMessage());
            System.exit(1);
            return;
        }
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down the Enlace demo");
            demo.close();
            LOG.info("Enlace demo stopped");
        }, "enlace-demo-shutdown"));
        LOG.info("Enlace demo listening on {} (chat: {}chat, metrics: {}metrics)", demo.url(shown), demo.url(shown),
                demo.url(shown));
        if (admin != null) {
            LOG.info("Socket.IO admin UI at {}admin/ : server URL {}, user {}", demo.url(shown),
                    demo.url(shown).substring(0, demo.url(shown).length() - 1), admin.user());
        }
    }

    static int parsePort(String s, String what) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a port number from 0 to 65535, got '" + s + "'");
        }
    }
}
