package io.enlace.interop;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Socket.IO v2 client, {@code socket.io-client} 2.5.0 in Node ({@code interop/v2/v2-client.mjs}), against
 * {@link V2ContractApp}'s {@code /socket.io/}: websocket, polling (XHR2 and {@code b64}), the upgrade, binary both
 * ways, acks both ways, {@code /chat?name=x}, namespaces refused by a middleware (message and {@code err.data}) and
 * unknown, the server-side disconnect, the client-driven heartbeat, and a room shared with {@code socket.io-client}
 * 4.8.4 receiving one broadcast each. The same script passes against Node's socket.io 4.8 with {@code allowEIO3}
 * ({@code node interop/v2/with-node-server.mjs v2-client.mjs}).
 */
class V2ClientInteropTest {

    @BeforeAll
    static void requirements() {
        Requirements.requireNode();
        Requirements.requireNodeModules(Requirements.interopDir().resolve("v2"), "socket.io-client", "socket.io-client-v4", "ws");
    }

    @Test
    void socketIoClient2InNode() throws Exception {
        try (V2ContractApp app = new V2ContractApp(true)) {
            InteropScript.run("v2-client", 120, "node", "v2/v2-client.mjs", app.url()).assertPassed(14,
                    "websocket only: connects to \"/\" without a CONNECT of its own",
                    "polling only (XHR)",
                    "default transports: polling, then the upgrade to websocket",
                    "namespace refused by a middleware",
                    "a v2 and a v4 client in one room get one broadcast each");
        }
    }
}
