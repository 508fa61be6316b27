package io.enlace.admin;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The admin UI protocol with socket.io-client 4.8 from npm acting as the UI ({@code interop/admin/admin-flows.mjs}):
 * wrong password, session id, config, all_sockets, server_stats, every development event and every command, against
 * three servers (development with basic auth; read-only production; no auth).
 */
class AdminUiFlowsTest {
    private static final String HASH = AdminOptions.hashPassword("s3cret");
    private static final List<SocketIoServer> servers = new ArrayList<>();
    private static final List<NettyServer> https = new ArrayList<>();
    private static final List<AdminUi> admins = new ArrayList<>();

    /** A server with the application contract of admin-flows.mjs and the admin UI with {@code options}. */
    static String start(AdminOptions options) {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().build());
        io.onConnection(s -> {
            s.emit("welcome", Map.of("id", s.id()));
            s.on("hello", (args, ack) -> ack.send("hi " + args.node(0).asText()));
            s.on("join", (args, ack) -> { s.join(args.string(0)); ack.send(s.rooms()); });
            s.on("leave", (args, ack) -> { s.leave(args.string(0)); ack.send(s.rooms()); });
            s.on("set-data", (args, ack) -> { s.data(args.node(0)); ack.send(); });
            s.on("rooms", (args, ack) -> ack.send(s.rooms()));
        });
        admins.add(AdminUi.instrument(io, options));
        NettyServer http = io.listen(0).join();
        servers.add(io);
        https.add(http);
        return "http://127.0.0.1:" + http.port();
    }

    private static String main;
    private static String readonly;
    private static String noAuth;

    @BeforeAll
    static void startServers() {
        main = start(AdminOptions.builder().basicAuth("admin", HASH).serverId("enlace-test").build());
        readonly = start(AdminOptions.builder().basicAuth("admin", HASH).serverId("enlace-readonly").readonly(true)
                .mode(AdminOptions.Mode.PRODUCTION).build());
        noAuth = start(AdminOptions.builder().noAuth().serverId("enlace-open").build());
    }

    @AfterAll
    static void stopServers() {
        admins.forEach(AdminUi::close);
        servers.forEach(io -> io.close().join());
        https.forEach(h -> h.stop().join());
    }

    @Test
    void theAdminProtocolWithSocketIoClientAsTheUi() throws Exception {
        Requirements.requireNode();
        Requirements.requireNodeModules(Requirements.interopDir().resolve("admin"), "socket.io-client");
        InteropScript.run("admin-flows", 180, "node", "admin/admin-flows.mjs", main, readonly, noAuth)
                .assertPassed(16,
                        "wrong password is refused with invalid credentials",
                        "no credentials are refused with invalid credentials",
                        "login: session id, config with every feature, all_sockets",
                        "the session id logs in again",
                        "an unknown session id is refused",
                        "server_stats every 2 s",
                        "socket_connected, room_joined and socket_updated (upgrade)",
                        "event_sent and event_received",
                        "room_joined and room_left",
                        "socket_updated when the socket data changes",
                        "command emit",
                        "command join and leave",
                        "command _disconnect",
                        "socket_disconnected when a client leaves",
                        "read-only production mode",
                        "no auth");
    }
}
