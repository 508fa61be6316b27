package io.enlace.interop;

import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import io.enlace.testing.Requirements;

/** socket.io-client 4.8 (npm, driven from Node) against Enlace: interop/sio/scenarios.mjs. */
class NodeClientInteropTest {
    private static Path interop;
    private SocketIoServer io;
    private NettyServer http;

    @BeforeAll
    static void prepare() throws Exception {
        Path root = InteropServers.repoRoot();
        assertThat(root).as("interop/ folder above " + System.getProperty("user.dir")).isNotNull();
        interop = root.resolve("interop");
        Requirements.requireNode();
        if (!Files.isDirectory(interop.resolve("node_modules/socket.io-client"))) {
            Requirements.requireCommand("npm", "--version");
            InteropServers.Run r = InteropServers.run(interop.toFile(), 180, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(r.exit()).as("npm ci in interop/: " + r.output()).isZero();
        }
    }

    @AfterEach
    void stop() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    private InteropServers.Run scenarios(boolean recovery, String mode) throws Exception {
        io = InteropServers.server(recovery);
        http = InteropServers.start(io);
        File dir = interop.toFile();
        return InteropServers.run(dir, 90, "node", "sio/scenarios.mjs", String.valueOf(http.port()), mode,
                recovery ? "recovery" : "main");
    }

    @ParameterizedTest(name = "socket.io-client 4.8 over {0}")
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void allScenarios(String mode) throws Exception {
        InteropServers.Run r = scenarios(false, mode);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.passed()).as(r.output()).containsExactly(
                "connect", "events both ways", "client ack (server answers)", "client ack timeout",
                "server ack (client answers) and server timeout", "binary both ways, nested and in acks",
                "rooms and broadcast", "static namespace", "dynamic namespace", "middleware error with data",
                "server-side disconnect");
    }

    @Test
    void recoveryWithReplayOfMissedEvents() throws Exception {
        InteropServers.Run r = scenarios(true, "websocket");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.passed()).as(r.output()).containsExactly("connection state recovery");
    }
}
