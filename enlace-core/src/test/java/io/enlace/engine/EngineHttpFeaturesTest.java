package io.enlace.engine;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.EngineTestKit.Ws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CORS and preflight, the WebSocket Origin check, cookies, header hooks and HTTP compression. */
class EngineHttpFeaturesTest {
    private NettyServer server;
    private Http http;
    private final Map<String, EngineSocket> sockets = new ConcurrentHashMap<>();

    private EngineServer start(EngineOptions options) {
        EngineServer engine = EngineTestKit.echo(options);
        engine.onConnection(s -> sockets.put(s.id(), s));
        server = EngineTestKit.start(engine);
        http = new Http(server.port());
        return engine;
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    @Test
    void corsAnyOrigin() {
        start(EngineOptions.builder().cors(CorsOptions.builder().origin("*").build()).build());
        Resp r = http.get("/engine.io/?EIO=4&transport=polling", "Origin", "https://a.example");
        assertThat(r.header("access-control-allow-origin")).isEqualTo("*");
        // errors carry the CORS headers too
        Resp e = http.get("/engine.io/?EIO=4", "Origin", "https://a.example");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.header("access-control-allow-origin")).isEqualTo("*");
        Resp pre = http.send("OPTIONS", "/engine.io/?EIO=4&transport=polling", null, "Origin", "https://a.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-custom");
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("access-control-allow-origin")).isEqualTo("*");
        assertThat(pre.header("access-control-allow-methods")).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
        assertThat(pre.header("access-control-allow-headers")).isEqualTo("content-type,x-custom");
    }

    @Test
    void corsOriginListCredentialsAndPreflight() {
        start(EngineOptions.builder().cors(CorsOptions.builder()
                .origins(List.of("https://good.example", "https://also.example")).credentials(true)
                .methods(List.of("GET", "POST")).allowedHeaders(List.of("x-token")).exposedHeaders(List.of("x-id"))
                .maxAge(Duration.ofSeconds(600)).build()).build());
        Resp ok = http.get("/engine.io/?EIO=4&transport=polling", "Origin", "https://good.example");
        assertThat(ok.header("access-control-allow-origin")).isEqualTo("https://good.example");
        assertThat(ok.header("access-control-allow-credentials")).isEqualTo("true");
        assertThat(ok.header("access-control-expose-headers")).isEqualTo("x-id");
        assertThat(ok.header("vary")).isEqualTo("Origin");
        Resp bad = http.get("/engine.io/?EIO=4&transport=polling", "Origin", "https://evil.example");
        assertThat(bad.status()).isEqualTo(200); // like the cors module: no allow-origin header, the browser blocks it
        assertThat(bad.header("access-control-allow-origin")).isNull();
        Resp pre = http.send("OPTIONS", "/engine.io/?EIO=4&transport=polling", null, "Origin", "https://also.example",
                "Access-Control-Request-Method", "POST");
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("access-control-allow-origin")).isEqualTo("https://also.example");
        assertThat(pre.header("access-control-allow-methods")).isEqualTo("GET,POST");
        assertThat(pre.header("access-control-allow-headers")).isEqualTo("x-token");
        assertThat(pre.header("access-control-max-age")).isEqualTo("600");
    }

    @Test
    void corsPatternAndFunction() {
        start(EngineOptions.builder().cors(CorsOptions.builder()
                .origin(Pattern.compile("https://[a-z]+\\.example")).build()).build());
        assertThat(http.get("/engine.io/?EIO=4&transport=polling", "Origin", "https://abc.example")
                .header("access-control-allow-origin")).isEqualTo("https://abc.example");
        assertThat(http.get("/engine.io/?EIO=4&transport=polling", "Origin", "https://a1.example")
                .header("access-control-allow-origin")).isNull();
        server.stop().join();
        start(EngineOptions.builder().cors(CorsOptions.builder().origin(o -> o.endsWith(":8443")).build()).build());
        assertThat(http.get("/engine.io/?EIO=4&transport=polling", "Origin", "https://x:8443")
                .header("access-control-allow-origin")).isEqualTo("https://x:8443");
    }

    @Test
    void crossSiteWebSocketHijackingIsRefused() throws Exception {
        start(EngineOptions.builder().cors(CorsOptions.builder().origin("https://good.example").build()).build());
        String req = "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
        String evil = EngineTestKit.raw(server.port(), req + "Origin: https://evil.example\r\n\r\n", 3000);
        assertThat(evil).startsWith("HTTP/1.1 403").endsWith("Forbidden");
        assertThat(sockets).isEmpty();
        Ws good = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket", true,
                "Origin", "https://good.example");
        assertThat((String) good.next(3000)).startsWith("0{");
        good.abort();
        // the upgrade of a polling session is checked the same way
        String sid = http.handshake("/engine.io/");
        String up = EngineTestKit.raw(server.port(), req.replace("websocket HTTP", "websocket&sid=" + sid + " HTTP")
                + "Origin: https://evil.example\r\n\r\n", 3000);
        assertThat(up).startsWith("HTTP/1.1 403");
    }

    @Test
    void cookieAndHeaderHooks() {
        EngineServer engine = start(EngineOptions.builder().cookie(CookieOptions.defaults()).build());
        engine.onInitialHeaders((h, req) -> h.set("x-initial", "yes"));
        engine.onHeaders((h, req) -> h.set("x-every", req.method().name()));
        Resp hs = http.get("/engine.io/?EIO=4&transport=polling");
        String sid = hs.text().substring(9, 29);
        assertThat(hs.header("set-cookie")).isEqualTo("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(hs.header("x-initial")).isEqualTo("yes");
        assertThat(hs.header("x-every")).isEqualTo("GET");
        Resp post = http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4x");
        assertThat(post.header("x-initial")).isNull();
        assertThat(post.header("set-cookie")).isNull();
        assertThat(post.header("x-every")).isEqualTo("POST");
    }

    @Test
    void compressionFromThreshold() throws Exception {
        start(EngineOptions.builder().httpCompressionThreshold(100).build());
        String sid = http.handshake("/engine.io/");
        String url = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        String big = "z".repeat(5000);
        sockets.get(sid).send(big);
        Resp gz = http.get(url, "Accept-Encoding", "gzip, deflate");
        assertThat(gz.header("content-encoding")).isEqualTo("gzip");
        assertThat(gz.body().length).isLessThan(500);
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("4" + big);
        sockets.get(sid).send(big);
        Resp df = http.get(url, "Accept-Encoding", "deflate");
        assertThat(df.header("content-encoding")).isEqualTo("deflate");
        assertThat(new String(new InflaterInputStream(new ByteArrayInputStream(df.body())).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("4" + big);
        // below the threshold, without Accept-Encoding, or with compress=false: plain
        sockets.get(sid).send("small");
        assertPlain(http.get(url, "Accept-Encoding", "gzip"), "4small");
        sockets.get(sid).send(big);
        assertPlain(http.get(url), "4" + big);
        sockets.get(sid).send(big, false);
        assertPlain(http.get(url, "Accept-Encoding", "gzip"), "4" + big);
    }

    private static void assertPlain(Resp r, String body) {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-encoding")).isNull();
        assertThat(r.text()).isEqualTo(body);
    }

    @Test
    void compressionOff() {
        start(EngineOptions.builder().httpCompression(false).httpCompressionThreshold(10).build());
        String sid = http.handshake("/engine.io/");
        sockets.get(sid).send("q".repeat(1000));
        assertPlain(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid, "Accept-Encoding", "gzip"), "4" + "q".repeat(1000));
    }

    @Test
    void customPath() {
        start(EngineOptions.builder().path("/rt").build());
        assertThat(http.get("/rt/?EIO=4&transport=polling").status()).isEqualTo(200);
        assertThat(http.get("/engine.io/?EIO=4&transport=polling").status()).isEqualTo(404);
    }

    @Test
    void unknownOptionsRejected() {
        assertThatThrownBy(() -> EngineOptions.builder().transports(List.of("webtransport")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown transport: webtransport");
        assertThatThrownBy(() -> EngineOptions.builder().transports(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("transports must not be empty");
        assertThatThrownBy(() -> EngineOptions.builder().pingInterval(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pingInterval must be > 0, got 0");
    }
}
