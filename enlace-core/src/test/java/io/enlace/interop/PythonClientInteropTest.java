package io.enlace.interop;

import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import io.enlace.testing.Requirements;

/** python-socketio (Debian's python3-socketio) against Enlace: interop/python/scenarios.py. */
class PythonClientInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static Path interop;
    private SocketIoServer io;
    private NettyServer http;

    @BeforeAll
    static void prepare() {
        Path root = InteropServers.repoRoot();
        assertThat(root).as("interop/ folder above " + System.getProperty("user.dir")).isNotNull();
        interop = root.resolve("interop");
        Requirements.requirePython("socketio", "engineio", "websocket", "requests");
    }

    @AfterEach
    void stop() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    @ParameterizedTest(name = "python-socketio over {0}")
    @ValueSource(strings = {"websocket", "polling"})
    void allScenarios(String mode) throws Exception {
        io = InteropServers.server(false);
        http = InteropServers.start(io);
        InteropServers.Run r = InteropServers.run(interop.toFile(), 90, PYTHON, "python/scenarios.py",
                String.valueOf(http.port()), mode);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.passed()).as(r.output()).containsExactly("connect, events, acks and timeouts", "server acks",
                "binary nested and in acks", "rooms and broadcast", "static and dynamic namespaces",
                "middleware error with data");
    }
}
