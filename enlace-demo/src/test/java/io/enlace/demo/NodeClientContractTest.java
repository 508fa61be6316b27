package io.enlace.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo contract with the official Node client (socket.io-client 4.8): websocket, polling, polling + upgrade,
 * invalid inputs; and the client files served at /socket.io/ compared with the npm package.
 */
class NodeClientContractTest {

    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();


    @Test
    void demoContractWithSocketIoClient() throws Exception {
        Interop.requireNode("socket.io-client");
        Interop.run("node-contract", 180, "node", "demo/node-contract.mjs", DEMO.get().url("127.0.0.1"))
                .assertPassed(16,
                        "[websocket] / sends bienvenida", "[polling] / quiero un random", "[upgrade] /chat join, say",
                        "client files: the 8 files are the npm package bytes");
        // every schedule stopped with its socket, or goes on for a socket that dropped and may recover (it ends with the
        // recovery window: DemoRecoveryTest)
        await().atMost(Duration.ofSeconds(5)).until(() -> DEMO.get().activeSchedules() == DEMO.get().schedulesAwaitingRecovery());
        assertThat(DEMO.get().io().sockets().sockets()).isEmpty();
    }
}
