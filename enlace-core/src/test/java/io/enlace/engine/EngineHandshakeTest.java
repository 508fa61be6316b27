package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Handshakes and the request error table (codes 0 to 5), over real sockets. */
class EngineHandshakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private NettyServer server;
    private final List<ConnectionError> errors = new CopyOnWriteArrayList<>();

    private Http startWith(EngineOptions options) {
        EngineServer engine = EngineTestKit.echo(options);
        engine.onConnectionError(errors::add);
        server = EngineTestKit.start(engine);
        return new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    @Test
    void pollingHandshakeHasExactlyTheFiveKeys() throws Exception {
        Http http = startWith(EngineOptions.builder().pingInterval(300).pingTimeout(200).build());
        Resp r = http.get("/engine.io/?EIO=4&transport=polling&t=abc&foo=bar");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(r.header("cache-control")).isEqualTo("no-store");
        assertThat(r.text()).startsWith("0{\"sid\":\"");
        JsonNode n = JSON.readTree(r.text().substring(1));
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(n.get("sid").asText()).matches("[A-Za-z0-9_-]{20}");
        assertThat(n.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
        assertThat(n.get("pingInterval").asInt()).isEqualTo(300);
        assertThat(n.get("pingTimeout").asInt()).isEqualTo(200);
        assertThat(n.get("maxPayload").asInt()).isEqualTo(1_000_000);
        assertThat(r.text()).doesNotContain("\u001e");
    }

    @Test
    void pathWithoutTrailingSlashAndClientSidIgnored() throws Exception {
        Http http = startWith(EngineOptions.builder().build());
        Resp r = http.get("/engine.io?EIO=4&transport=polling");
        assertThat(r.status()).isEqualTo(200);
        // a client cannot choose its sid: an unknown sid is refused
        Resp r2 = http.get("/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA");
        assertThat(r2.status()).isEqualTo(400);
        assertThat(r2.text()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
    }

    @Test
    void websocketHandshakeHasNoUpgrades() throws Exception {
        startWith(EngineOptions.builder().build());
        Ws ws = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        Object first = ws.next(3000);
        assertThat(first).isInstanceOf(String.class);
        JsonNode n = JSON.readTree(((String) first).substring(1));
        assertThat(n.get("upgrades").size()).isZero();
        ws.send("4hi");
        assertThat(ws.nextNonPing(3000, true)).isEqualTo("4hi");
        ws.abort();
    }

    @Test
    void noUpgradesWhenDisabled() throws Exception {
        Http http = startWith(EngineOptions.builder().allowUpgrades(false).build());
        assertThat(http.get("/engine.io/?EIO=4&transport=polling").text()).contains("\"upgrades\":[]");
    }

    @Test
    void initialPacketFollowsTheOpenPacket() {
        Http http = startWith(EngineOptions.builder().initialPacket("welcome").build());
        String body = http.get("/engine.io/?EIO=4&transport=polling").text();
        assertThat(body).startsWith("0{").endsWith("}\u001e4welcome");
    }

    @Test
    void listenerClosingDuringPollingHandshakeGetsOpenAndClose() throws Exception {
        EngineServer engine = EngineServer.create(EngineOptions.builder().pingInterval(10_000).build());
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        engine.onConnection(s -> {
            s.onClose((r, d) -> closed.complete(r));
            s.send("hi");
            s.close();
        });
        server = EngineTestKit.start(engine);
        Resp r = new Http(server.port()).get("/engine.io/?EIO=4&transport=polling");
        assertThat(r.status()).isEqualTo(200);
        // the handshake GET carries the open packet, what the listener sent, then the close packet
        assertThat(r.text()).startsWith("0{\"sid\":\"").endsWith("\u001e4hi\u001e1");
        assertThat(r.text().split("\u001e")).hasSize(3);
        assertThat(closed.get(3, TimeUnit.SECONDS)).isEqualTo(CloseReason.FORCED_CLOSE);
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void errorTable() {
        Http http = startWith(EngineOptions.builder().build());
        assertError(http.get("/engine.io/?EIO=4"), 400, 0, "Transport unknown");
        assertError(http.get("/engine.io/?EIO=4&transport=abc"), 400, 0, "Transport unknown");
        assertError(http.get("/engine.io/?EIO=4&transport=polling&sid=nope"), 400, 1, "Session ID unknown");
        assertError(http.send("POST", "/engine.io/?EIO=4&transport=polling", new byte[0]), 400, 2, "Bad handshake method");
        assertError(http.send("PUT", "/engine.io/?EIO=4&transport=polling", new byte[0]), 400, 2, "Bad handshake method");
        assertError(http.send("OPTIONS", "/engine.io/?EIO=4&transport=polling", null), 400, 2, "Bad handshake method");
        assertError(http.get("/engine.io/?EIO=4&transport=websocket"), 400, 3, "Bad request");
        assertError(http.get("/engine.io/?transport=polling"), 400, 5, "Unsupported protocol version");
        assertError(http.get("/engine.io/?EIO=abc&transport=polling"), 400, 5, "Unsupported protocol version");
        assertError(http.get("/engine.io/?EIO=3&transport=polling"), 400, 5, "Unsupported protocol version");
        String sid = http.handshake("/engine.io/");
        assertError(http.get("/engine.io/?EIO=4&transport=websocket&sid=" + sid), 400, 3, "Bad request");
        assertError(http.send("DELETE", "/engine.io/?EIO=4&transport=polling&sid=" + sid, null), 400, 3, "Bad request");
        assertThat(errors).extracting(ConnectionError::code)
                .containsExactly(0, 0, 1, 2, 2, 2, 3, 5, 5, 5, 3, 3);
        assertThat(errors.get(0).uri()).isEqualTo("/engine.io/?EIO=4");
    }

    @Test
    void engineIoV3IsRefusedByDefaultWithTheReferencesContext() throws Exception {
        Http http = startWith(EngineOptions.builder().build());
        // anything but EIO=4 is v3 (engine.io 6's computeProtocolRevision); JSONP (j) changes nothing: refused before
        // a transport is made
        for (String q : List.of("EIO=3", "EIO=5", "EIO=abc", "EIO=", "EIO=3&j=0", "EIO=3&b64=1")) {
            assertError(http.get("/engine.io/?" + q + "&transport=polling"), 400, 5, "Unsupported protocol version");
        }
        assertError(http.get("/engine.io/?transport=polling&j=1"), 400, 5, "Unsupported protocol version");
        assertThat(errors).hasSize(7).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(5);
            assertThat(e.context()).isEqualTo(Map.of("protocol", 3));
        });
        // a v4 session asked with another revision: PROTOCOL_MISMATCH, with both revisions in the context
        errors.clear();
        String sid = http.handshake("/engine.io/");
        assertError(http.get("/engine.io/?EIO=3&transport=polling&sid=" + sid), 400, 3, "Bad request");
        assertError(http.get("/engine.io/?transport=polling&sid=" + sid), 400, 3, "Bad request");
        assertThat(errors).extracting(ConnectionError::context).containsExactly(
                Map.of("name", "PROTOCOL_MISMATCH", "protocol", 3, "previousProtocol", 4),
                Map.of("name", "PROTOCOL_MISMATCH", "protocol", 3, "previousProtocol", 4));
        assertThat(http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4hi").status()).as("the session goes on").isEqualTo(200);
    }

    @Test
    void withAllowEio3V3HandshakesOpenV3SessionsOnTheSamePath() throws Exception {
        List<io.enlace.engine.EngineSocket> sockets = new CopyOnWriteArrayList<>();
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().allowEIO3(true).build());
        engine.onConnection(sockets::add);
        engine.onConnectionError(errors::add);
        server = EngineTestKit.start(engine);
        Http http = new Http(server.port());
        Resp v3 = http.get("/engine.io/?EIO=3&transport=polling");
        assertThat(v3.status()).isEqualTo(200);
        assertThat(v3.header("content-type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(v3.text()).matches("\\d+:0\\{\"sid\":\"[^\"]+\",\"upgrades\":\\[\"websocket\"\\],.*\\}");
        Resp jsonp = http.get("/engine.io/?EIO=3&transport=polling&j=4");
        assertThat(jsonp.status()).isEqualTo(200);
        assertThat(jsonp.header("content-type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(jsonp.header("x-content-type-options")).as("a script must not be marked nosniff").isNull();
        assertThat(jsonp.text()).startsWith("___eio[4](\"").endsWith("\");");
        assertThat(http.get("/engine.io/?transport=polling").text()).as("no EIO: v3").matches("\\d+:0\\{.*");
        assertThat(http.get("/engine.io/?EIO=4&transport=polling").text()).as("v4 beside it").startsWith("0{");
        assertThat(sockets).extracting(io.enlace.engine.EngineSocket::protocol).containsExactly(3, 3, 3, 4);
        // a v3 session asked with EIO=4: PROTOCOL_MISMATCH, the reverse of the v4 case; polling and WebSocket alike
        String sid = v3.text().substring(v3.text().indexOf("\"sid\":\"") + 7).split("\"")[0];
        assertError(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid), 400, 3, "Bad request");
        String ws = "GET /engine.io/?EIO=4&transport=websocket&sid=" + sid + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        assertThat(EngineTestKit.raw(server.port(), ws, 3000)).startsWith("HTTP/1.1 400").endsWith("Bad request");
        assertThat(errors).extracting(ConnectionError::context).containsExactly(
                Map.of("name", "PROTOCOL_MISMATCH", "protocol", 4, "previousProtocol", 3),
                Map.of("name", "PROTOCOL_MISMATCH", "protocol", 4, "previousProtocol", 3));
        assertThat(http.post("/engine.io/?EIO=3&transport=polling&sid=" + sid, "6:4hello").status()).as("the session goes on").isEqualTo(200);
    }

    @Test
    void checkOrderTransportThenOriginThenSidThenMethodThenVersion() throws Exception {
        Http http = startWith(EngineOptions.builder().build());
        // transport before version and sid
        assertError(http.get("/engine.io/?EIO=9&transport=abc&sid=x"), 400, 0, "Transport unknown");
        // sid before method and version
        assertError(http.send("PUT", "/engine.io/?EIO=9&transport=polling&sid=x", new byte[0]), 400, 1, "Session ID unknown");
        // method before version
        assertError(http.send("POST", "/engine.io/?EIO=9&transport=polling", new byte[0]), 400, 2, "Bad handshake method");
        // bad characters in Origin: code 3. Netty's HTTP decoder already refuses such headers on the wire, so this
        // goes through the engine's handler in an EmbeddedChannel (as in a user's own pipeline)
        EngineServer engine = EngineServer.create(EngineOptions.builder().build());
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(NettyServer.channelHandler(engine));
        io.netty.handler.codec.http.DefaultFullHttpRequest req = new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET,
                "/engine.io/?EIO=4&transport=polling", io.netty.buffer.Unpooled.EMPTY_BUFFER,
                new io.netty.handler.codec.http.DefaultHttpHeaders(false), new io.netty.handler.codec.http.DefaultHttpHeaders(false));
        req.headers().set("Origin", "a\u0001b");
        ch.writeInbound(req);
        io.netty.handler.codec.http.FullHttpResponse res = ch.readOutbound();
        try {
            assertThat(res.status().code()).isEqualTo(400);
            assertThat(res.content().toString(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        } finally {
            res.release();
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void allowRequestRefusesWith403AndCustomMessage() {
        Http http = startWith(EngineOptions.builder()
                .allowRequest(req -> CompletableFuture.supplyAsync(
                        () -> req.uri().contains("token=ok") ? AllowRequest.Decision.allow()
                                : req.uri().contains("token=silent") ? AllowRequest.Decision.deny(null)
                                : AllowRequest.Decision.deny("bad token"),
                        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)))
                .build());
        assertError(http.get("/engine.io/?EIO=4&transport=polling&token=no"), 403, 4, "bad token");
        assertError(http.get("/engine.io/?EIO=4&transport=polling&token=silent"), 403, 4, "Forbidden");
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&token=ok").status()).isEqualTo(200);
        // allowRequest runs before the version check
        assertError(http.get("/engine.io/?EIO=3&transport=polling&token=no"), 403, 4, "bad token");
        assertThat(errors).extracting(ConnectionError::code).containsExactly(4, 4, 4);
    }

    @Test
    void websocketUpgradeErrorsAreRaw400() throws Exception {
        startWith(EngineOptions.builder().build());
        String ws = "GET /engine.io/?EIO=3&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        String res = EngineTestKit.raw(server.port(), ws, 3000);
        assertThat(res).startsWith("HTTP/1.1 400").contains("text/html").endsWith("Unsupported protocol version");
        String res2 = EngineTestKit.raw(server.port(), ws.replace("EIO=3&", "EIO=4&").replace("websocket HTTP", "websocket&sid=zz HTTP"), 3000);
        assertThat(res2).startsWith("HTTP/1.1 400").endsWith("Session ID unknown");
    }

    @Test
    void manyConcurrentHandshakesGetDistinctSids() throws Exception {
        Http http = startWith(EngineOptions.builder().build());
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<String>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) fs.add(CompletableFuture.supplyAsync(() -> http.handshake("/engine.io/"), pool));
            List<String> sids = fs.stream().map(CompletableFuture::join).toList();
            assertThat(sids).doesNotHaveDuplicates().hasSize(100);
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertError(Resp r, int status, int code, String message) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    }
}
