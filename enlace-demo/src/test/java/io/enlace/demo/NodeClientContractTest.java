package io.enlace.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo contract with the official Node client (socket.io-client 4.8): websocket, polling, polling + upgrade,
 * invalid inputs; and the client files served at /socket.io/ compared with the npm package.
 */
class NodeClientContractTest {

    private static SeedDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = SeedDemo.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (demo != null) demo.close();
    }

    @Test
    void demoContractWithSocketIoClient() throws Exception {
        Interop.requireNode("socket.io-client");
        Interop.run("node-contract", 180, "node", "demo/node-contract.mjs", demo.url("127.0.0.1"))
                .assertPassed(16,
                        "[websocket] / sends bienvenida", "[polling] / quiero un random", "[upgrade] /chat join, say",
                        "client files: the 8 files are the npm package bytes");
        // every schedule stopped with its socket: no timer left behind
        await().atMost(Duration.ofSeconds(5)).until(() -> demo.activeSchedules() == 0);
        assertThat(demo.io().sockets().sockets()).isEmpty();
    }
}
