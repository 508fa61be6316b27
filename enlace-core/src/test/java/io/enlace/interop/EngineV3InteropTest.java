package io.enlace.interop;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Engine.IO v3 on the wire against the contract that Node's engine.io 6.6 with {@code allowEIO3} passes:
 * {@code interop/v2/engine-v3.mjs} (raw HTTP and WebSockets: handshakes for XHR2, {@code b64}, JSONP and WebSocket,
 * payload formats, JSONP answers and form POSTs, the client-driven heartbeat, type-byte binary frames, the upgrade,
 * close, overlap, limits) against {@link V2ContractApp}'s engine, and its {@code --refusing} cases against one with
 * {@code allowEIO3} off (the default).
 */
class EngineV3InteropTest {

    @BeforeAll
    static void requirements() {
        Requirements.requireNode();
        Requirements.requireNodeModules(Requirements.interopDir().resolve("v2"), "ws");
    }

    @Test
    void engineV3Contract() throws Exception {
        try (V2ContractApp app = new V2ContractApp(true)) {
            InteropScript.run("engine-v3", 180, "node", "v2/engine-v3.mjs", app.url()).assertPassed(37);
        }
    }

    @Test
    void refusedWhenAllowEio3IsOff() throws Exception {
        try (V2ContractApp app = new V2ContractApp(false)) {
            InteropScript.run("engine-v3-refusing", 60, "node", "v2/engine-v3.mjs", app.url(), "--refusing").assertPassed(3);
        }
    }
}
