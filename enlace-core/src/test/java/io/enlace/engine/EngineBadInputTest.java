package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad requests answered as Node's engine.io answers them (the live comparison is NodeDifferentialTest; these run
 * without Node): never a bare close, and the session untouched unless the reference closes it too.
 */
class EngineBadInputTest {
    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private EngineServer engine;
    private NettyServer server;
    private EngineTestKit.Http http;

    @BeforeEach
    void start() {
        engine = EngineTestKit.echo(EngineOptions.builder().build());
        server = EngineTestKit.start(engine);
        http = new EngineTestKit.Http(server.port());
    }

    @AfterEach
    void stop() {
        engine.close().join();
        server.stop().join();
    }

    private String raw(String request) throws Exception { return EngineTestKit.raw(server.port(), request, 3000); }

    @Test
    void undecodableParametersTheEngineDoesNotUseDoNotRefuseTheHandshake() throws Exception {
        for (String q : new String[] {"x=%zz", "x=%", "x=%E9", "t=%GG%"}) {
            String r = raw("GET /engine.io/?EIO=4&transport=polling&" + q + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(r).as(q).startsWith("HTTP/1.1 200").contains("0{\"sid\":");
        }
        String r = raw("GET /engine.io/?EIO=4&transport=%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").endsWith("{\"code\":0,\"message\":\"Transport unknown\"}");
    }

    @Test
    void laterParametersWinAndAnEmptySidIsNoSid() {
        assertThat(http.get("/engine.io/?EIO=3&EIO=4&transport=polling").status()).isEqualTo(200);
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&transport=websocket").text())
                .isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=").text()).startsWith("0{\"sid\":");
    }

    @Test
    void aRequestOfAnotherProtocolVersionOnASessionIsRefusedAndTheSessionGoesOn() {
        String sid = http.handshake("/engine.io/");
        EngineTestKit.Resp r = http.get("/engine.io/?EIO=3&transport=polling&sid=" + sid);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4hi").status()).isEqualTo(200);
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).text()).isEqualTo("4hi");
    }

    @Test
    void octetStreamWithParametersIsText() {
        String sid = http.handshake("/engine.io/");
        String q = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(http.post(q, "4hi", "Content-Type", "application/octet-stream; charset=utf-8").status()).isEqualTo(200);
        assertThat(http.get(q).text()).isEqualTo("4hi");
        EngineTestKit.Resp refused = http.post(q, "4hi", "Content-Type", "application/octet-stream");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(http.get(q).status()).as("session closed, as in Node").isEqualTo(400);
    }

    @Test
    void webSocketHandshakesWithBadHeadersGetAnAnswer() throws Exception {
        String base = "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\n";
        assertThat(raw(base + "Sec-WebSocket-Version: 13\r\n\r\n"))
                .startsWith("HTTP/1.1 400").endsWith("Missing or invalid Sec-WebSocket-Key header");
        assertThat(raw(base + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: short\r\n\r\n"))
                .startsWith("HTTP/1.1 400").endsWith("Missing or invalid Sec-WebSocket-Key header");
        // no version header: Netty would speak the 2010 draft (hixie-76); refused as Node's ws does
        String noVersion = raw(base + KEY + "\r\n");
        assertThat(noVersion).startsWith("HTTP/1.1 400").endsWith("Missing or invalid Sec-WebSocket-Version header");
        assertThat(noVersion).containsIgnoringCase("sec-websocket-version: 13, 8");
        assertThat(raw(base + KEY + "Sec-WebSocket-Version: 12\r\n\r\n")).startsWith("HTTP/1.1 400");
        // the accepted one (the read ends at its time-out: a 101 has no body and the connection stays open)
        assertThat(EngineTestKit.raw(server.port(), base + KEY + "Sec-WebSocket-Version: 13\r\n\r\n", 500))
                .startsWith("HTTP/1.1 101");
        assertThat(engine.clientsCount()).isLessThanOrEqualTo(1);
    }

    @Test
    void anUpgradeWithBadHeadersLeavesThePollingSessionAsItWas() throws Exception {
        String sid = http.handshake("/engine.io/");
        String r = raw("GET /engine.io/?EIO=4&transport=websocket&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400");
        String q = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(http.post(q, "4still here").status()).isEqualTo(200);
        assertThat(http.get(q).text()).isEqualTo("4still here");
    }

    @Test
    void overlongRequestLineAndHeadersGet414And431() throws Exception {
        assertThat(raw("GET /engine.io/?EIO=4&transport=polling&x=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 414");
        assertThat(raw("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000)
                + "\r\n\r\n")).startsWith("HTTP/1.1 431");
    }
}
