package io.enlace.demo;

import io.enlace.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo with Socket.IO v2 clients ({@code allowEIO3} is on in the demo mode): {@code interop/v2/demo-v2.mjs} with
 * socket.io-client 2.5.0 on {@code /} (bienvenida, random numbers, invalid requests; websocket and polling) and on
 * {@code /chat} (the name from the namespace query or the handshake query, {@code name required} as its {@code error}
 * event, one room shared with a socket.io-client 4.8.4).
 */
class DemoV2ClientTest {

    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();

    @Test
    void demoWithSocketIoV2Clients() throws Exception {
        Requirements.requireNode();
        Requirements.requireNodeModules(Requirements.interopDir().resolve("v2"), "socket.io-client", "socket.io-client-v4");
        Interop.run("demo-v2", 180, "node", "v2/demo-v2.mjs", DEMO.get().url("127.0.0.1"))
                .assertPassed(5, "[websocket] / : bienvenida, the engine id as socket id, random numbers, invalid requests",
                        "/chat: a v2 client (name in its query) and a v4 client (name in its auth) in one room");
        // the v2 sockets are gone and their schedules stopped (v2 sockets are never kept for recovery)
        await().atMost(Duration.ofSeconds(5)).until(() -> DEMO.get().io().sockets().sockets().isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> DEMO.get().activeSchedules() == DEMO.get().schedulesAwaitingRecovery());
    }
}
