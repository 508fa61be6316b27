package io.enlace.demo;

import io.enlace.ServerOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery in the single-node demo, with the official Node client ({@code interop/demo/recovery.mjs}):
 * a client that drops for a moment gets its session back with the numbers and chat messages it missed; the numbers of a
 * client that never comes back stop with the recovery window.
 */
class DemoRecoveryTest {

    @Test
    void aClientThatDropsForAMomentGetsWhatItMissed() throws Exception {
        Interop.requireNode("socket.io-client");
        try (SeedDemo demo = SeedDemo.start("127.0.0.1", 0)) {
            Interop.run("recovery", 120, "node", "demo/recovery.mjs", demo.url("127.0.0.1"))
                    .assertPassed(2, "[websocket] numbers and chat messages missed while away are replayed (same node)",
                            "[polling] numbers and chat messages missed while away are replayed (same node)");
            await().atMost(Duration.ofSeconds(5)).until(() -> demo.io().of("/chat").sockets().isEmpty());
        }
    }

    @Test
    void theNumbersOfAClientThatDoesNotComeBackStopWithTheRecoveryWindow() throws Exception {
        Interop.requireNode("socket.io-client");
        try (SeedDemo demo = SeedDemo.start("127.0.0.1", 0, ClusterMode.single(),
                new ServerOptions.Recovery(Duration.ofMillis(1500), true))) {
            Interop.run("recovery-leave", 60, "node", "demo/recovery.mjs", "--leave", demo.url("127.0.0.1"))
                    .assertPassed(1, "a client asks for numbers, then drops for good");
            await().atMost(Duration.ofSeconds(5)).until(() -> demo.schedulesAwaitingRecovery() == 1);
            assertThat(demo.activeSchedules()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> demo.activeSchedules() == 0);
        }
    }
}
