package io.enlace.interop;

import io.enlace.testing.InteropScript;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO v2 browser bundle ({@code socket.io-client} 2.5.0's {@code dist/socket.io.js}) in headless Chromium
 * (Debian's {@code /usr/bin/chromium} driven by playwright-core: {@code interop/v2/v2-browser.mjs}) against
 * {@link V2ContractApp}'s {@code /socket.io/}: websocket, XHR2 binary polling, base64 polling and JSONP polling (each
 * with the content types on the wire), the upgrade, a Blob, namespaces, and a JSONP page and a websocket page in one
 * room. The same script passes against Node's socket.io 4.8 with {@code allowEIO3}
 * ({@code node interop/v2/with-node-server.mjs v2-browser.mjs}).
 */
class V2BrowserTest {

    @BeforeAll
    static void requirements() {
        Requirements.requireNode();
        Requirements.requireNodeModules(Requirements.interopDir().resolve("v2"), "socket.io-client", "playwright-core");
        Requirements.requireChromium();
    }

    @Test
    void socketIoClient2InHeadlessChromium() throws Exception {
        try (V2ContractApp app = new V2ContractApp(true)) {
            InteropScript.run("v2-browser", 240, "node", "v2/v2-browser.mjs", app.url()).assertPassed(9,
                    "XHR polling: the same over binary (XHR2) payloads",
                    "XHR polling with forceBase64",
                    "JSONP polling (forceJSONP)",
                    "no page errors and no request outside the server under test");
        }
    }
}
