package io.enlace.interop;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import org.junit.jupiter.api.AfterAll;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code engine.io-client} (npm, version pinned in {@code interop/package.json}) against Enlace, driven
 * by {@code node interop/engine/<scenario>.mjs <port>}. Skipped when {@code node} or {@code interop/node_modules} is
 * missing (run {@code npm ci --prefix interop} first).
 */
class EngineClientInteropTest {
    private static Path interop;
    private static NettyServer server;

    @BeforeAll
    static void setUp() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("interop"))) dir = dir.getParent();
        assertThat(dir).as("interop/ directory above " + Path.of("").toAbsolutePath()).isNotNull();
        interop = dir.resolve("interop");
        Requirements.requireNode();
        Requirements.requireNodeModules(interop, "engine.io-client");
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder()
                // pings every 300 ms so that a run spans several heartbeats; a pong may take up to 1 s on a loaded
                // machine (the 200 ms timeout itself is covered by EngineHeartbeatTest)
                .pingInterval(300).pingTimeout(1000).build());
        server = EngineTestKit.start(engine);
    }

    @AfterAll
    static void tearDown() {
        if (server != null) server.stop().join();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "upgrade"})
    void officialClientEchoes(String scenario) throws Exception {
        Process p = new ProcessBuilder("node", interop.resolve("engine/" + scenario + ".mjs").toString(),
                String.valueOf(server.port())).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).as(out).noneMatch(l -> l.startsWith("FAIL"));
        String first = scenario.equals("websocket") ? "OK open websocket" : "OK open polling";
        assertThat(lines).as(out).contains(first, "OK message hello", "OK message wörld 😀",
                "OK message binary:1,2,3,250", "OK echo", "DONE");
        String transport = scenario.equals("polling") ? "polling" : "websocket";
        assertThat(lines).as(out).contains("OK heartbeat open " + transport);
        if (scenario.equals("upgrade")) assertThat(lines).contains("OK upgrade websocket");
    }
}
