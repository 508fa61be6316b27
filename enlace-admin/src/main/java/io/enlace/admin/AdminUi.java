package io.enlace.admin;

import io.enlace.Namespace;
import io.enlace.SocketIoServer;
import io.enlace.internal.admin.AdminServer;
import io.enlace.internal.admin.AdminSettings;
import io.enlace.internal.admin.UiFiles;
import io.enlace.netty.HttpHandler;
import io.enlace.netty.NettyServer;

import java.util.Objects;

/**
 * The server side of the Socket.IO admin UI ({@code @socket.io/admin-ui} 0.5.x) for an Enlace server, and the UI
 * itself served beside it. Java's {@code instrument(io, options)}:
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create();
 * AdminUi admin = AdminUi.instrument(io, AdminOptions.builder()
 *         .basicAuth("admin", AdminOptions.hashPassword("s3cret"))   // or a bcrypt hash kept in the configuration
 *         .build());
 * NettyServer http = AdminUi.mountUi(io.attach(NettyServer.builder().port(3000)), "/admin/").build();
 * http.start().join();
 * // the UI at http://localhost:3000/admin/ : server URL http://localhost:3000, user admin, password s3cret
 * }</pre>
 *
 * <p>What the UI gets, as from a Node server: the admin namespace ({@code /admin}) behind basic auth (a session id lets
 * the UI log in again; a wrong password is refused with {@code invalid credentials}); {@code config} with the supported
 * features (no write feature when read-only); {@code server_stats} every 2 s with the aggregated events (connections,
 * disconnections by reason, Engine.IO packets and bytes in and out); in {@link AdminOptions.Mode#DEVELOPMENT
 * development} mode {@code all_sockets} at login and {@code socket_connected}, {@code socket_updated},
 * {@code socket_disconnected}, {@code room_joined}, {@code room_left}, {@code event_received} and {@code event_sent} as
 * they happen; and the UI's commands {@code emit}, {@code join}, {@code leave} and {@code _disconnect}. Everything
 * goes through the namespaces' adapters: with a cluster adapter (enlace-redis) one UI sees and drives every node,
 * Node.js nodes running {@code instrument()} included, each listed under its {@code serverId}.
 *
 * <p>Hosted UI: to use {@code https://admin.socket.io} instead of the served page, allow its origin with credentials:
 * {@code ServerOptions.builder().cors(CorsOptions.builder().origin("https://admin.socket.io").credentials(true).build())}.
 *
 * <p>Cost: production mode adds a few adder increments per connection and per Engine.IO read or write; development
 * mode adds one admin broadcast per socket event (skipped while no UI is connected on a single node).
 */
public final class AdminUi implements AutoCloseable {
    private final AdminServer server;

    private AdminUi(AdminServer server) { this.server = server; }

    /**
     * Instruments {@code io}: creates the admin namespace, its auth middleware and handlers, and starts the stats.
     * Call it once per server, before or after {@code listen}.
     */
    public static AdminUi instrument(SocketIoServer io, AdminOptions options) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        AdminServer s = new AdminServer(io, new AdminSettings(options.namespaceName(), options.username(),
                options.passwordHash(), options.readonly(), options.serverId(),
                options.mode() == AdminOptions.Mode.DEVELOPMENT, options.sessionTtl()));
        s.start();
        return new AdminUi(s);
    }

    /** The admin namespace. */
    public Namespace namespace() { return server.namespace(); }

    /** Stops the stats and the events; later admin connections are refused. The namespace stays. */
    @Override
    public void close() { server.close(); }

    /**
     * A handler serving the UI page and its files under {@code prefix} (e.g. {@code /admin/}); {@code prefix} without
     * its trailing slash redirects there. The files come from the npm package {@code @socket.io/admin-ui}, fetched when
     * enlace-admin is built; without them (built without npm) a WARN is logged and the page answers 404.
     */
    public static HttpHandler uiHandler(String prefix) { return new UiFiles(prefix); }

    /**
     * Mounts {@link #uiHandler} on {@code builder} at {@code prefix} (e.g. {@code /admin/}) and returns the builder.
     * Use a prefix outside the Socket.IO path.
     */
    public static NettyServer.Builder mountUi(NettyServer.Builder builder, String prefix) {
        UiFiles files = new UiFiles(prefix);
        String p = files.prefix();
        return builder.route(p.substring(0, p.length() - 1), files);
    }

    /** True when this build packages the UI files (else {@link #uiHandler} answers 404). */
    public static boolean uiAvailable() { return new UiFiles("/").present(); }
}
