package io.enlace.interop;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO as v2 clients speak it (protocol 4 over Engine.IO 3), against the contract that Node's socket.io 4.8 with
 * {@code allowEIO3} passes: {@code interop/v2/sio-v3.mjs} (raw frames at {@code /socket.io/}: the implicit {@code /},
 * CONNECT with a namespace query and without payload, socket ids, error packets, binary attachments on WebSocket and
 * both polling payload formats, acks both ways, disconnects, a room of a v3 and a v4 client, the client-driven
 * heartbeat) against {@link V2ContractApp}.
 */
class SocketIoV2InteropTest {

    @BeforeAll
    static void requirements() {
        Requirements.requireNode();
        Requirements.requireNodeModules(Requirements.interopDir().resolve("v2"), "ws");
    }

    @Test
    void socketIoV2Contract() throws Exception {
        try (V2ContractApp app = new V2ContractApp(true)) {
            InteropScript.run("sio-v3", 180, "node", "v2/sio-v3.mjs", app.url()).assertPassed(17);
        }
    }
}
