package io.enlace.demo;

import io.enlace.SocketIoServer;
import io.enlace.admin.AdminOptions;
import io.enlace.admin.AdminUi;
import io.enlace.micrometer.SocketIoMetrics;
import io.enlace.netty.HttpHandler;
import io.enlace.netty.NettyServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * What the demo shows of itself: the Prometheus scrape at {@code /metrics} (Enlace's meters from enlace-micrometer, the
 * JVM's, and Netty's pooled allocator), always; and the Socket.IO admin UI (enlace-admin) when an admin password is
 * given: the {@code /admin} namespace in development mode behind basic auth, and the UI page at {@code /admin/}.
 * Without a password nothing of the admin UI exists (the namespace is unknown, {@code /admin/} answers 404).
 */
final class Observability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
    /** The UI page's path. */
    static final String ADMIN_PATH = "/admin/";

    /** The admin UI login, or none. */
    record Admin(String user, String password) {
        Admin {
            if (user == null || user.isBlank()) throw new IllegalArgumentException("--admin-user must not be empty");
            if (password == null || password.isEmpty()) throw new IllegalArgumentException("--admin-password must not be empty");
        }

        @Override
        public String toString() { return "Admin[" + user + ", password hidden]"; }
    }

    private final PrometheusMeterRegistry registry;
    private final SocketIoMetrics metrics;
    private final AdminUi admin;

    private Observability(PrometheusMeterRegistry registry, SocketIoMetrics metrics, AdminUi admin) {
        this.registry = registry;
        this.metrics = metrics;
        this.admin = admin;
    }

    /**
     * Binds the meters to a new Prometheus registry, instruments {@code io} for the admin UI when {@code login} is
     * not null, and mounts {@code /metrics} (and {@code /admin/}) on {@code builder}.
     */
    static Observability install(SocketIoServer io, NettyServer.Builder builder, Admin login, String serverId) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        new NettyAllocatorMetrics(alloc instanceof ByteBufAllocatorMetricProvider p ? p : PooledByteBufAllocator.DEFAULT)
                .bindTo(registry);
        SocketIoMetrics metrics = new SocketIoMetrics(io);
        metrics.bindTo(registry);
        builder.route("/metrics", scrape(registry));

        AdminUi admin = null;
        if (login != null) {
            admin = AdminUi.instrument(io, AdminOptions.builder()
                    .basicAuth(login.user(), AdminOptions.hashPassword(login.password()))
                    .serverId(serverId)
                    .mode(AdminOptions.Mode.DEVELOPMENT)
                    .build());
            AdminUi.mountUi(builder, ADMIN_PATH);
            if (!AdminUi.uiAvailable()) {
                LOG.warn("the admin UI page is not packaged with this build: use the hosted UI at https://admin.socket.io "
                        + "(it needs CORS for its origin) or rebuild with npm available");
            }
        }
        return new Observability(registry, metrics, admin);
    }

    /** {@code GET /metrics}: the Prometheus text format. */
    private static HttpHandler scrape(PrometheusMeterRegistry registry) {
        return request -> {
            String path = request.uri();
            int q = path.indexOf('?');
            if (q >= 0) path = path.substring(0, q);
            if (!path.equals("/metrics")) return null;
            boolean head = HttpMethod.HEAD.equals(request.method());
            if (!head && !HttpMethod.GET.equals(request.method())) return null;
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            return res;
        };
    }

    /** True when the admin UI is on. */
    boolean adminEnabled() { return admin != null; }

    /** The registry behind {@code /metrics}. */
    PrometheusMeterRegistry registry() { return registry; }

    @Override
    public void close() {
        if (admin != null) admin.close();
        metrics.close();
        registry.close();
    }
}
