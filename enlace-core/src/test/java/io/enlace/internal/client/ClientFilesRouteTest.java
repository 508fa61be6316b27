package io.enlace.internal.client;

import io.enlace.engine.CorsOptions;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.netty.NettyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClientFilesHandler} mounted as the Socket.IO server mounts it ({@code route(routePrefix(), handler)} next to
 * the engine at the same path), over a real {@link NettyServer}: the files are served, with the engine's CORS headers,
 * and every other request under the path still reaches the engine.
 */
class ClientFilesRouteTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EngineServer engine;
    private NettyServer server;
    private ClientBundle bundle;

    @BeforeEach
    void start() throws Exception {
        bundle = ClientBundle.defaultBundle();
        engine = EngineServer.create(EngineOptions.builder().path("/socket.io/")
                .cors(CorsOptions.builder().origin("http://app.example").build()).build());
        ClientFilesHandler files = new ClientFilesHandler("/socket.io/", bundle);
        server = NettyServer.builder().host("127.0.0.1").port(0)
                .route(files.routePrefix(), files)
                .engine(engine)
                .build();
        server.start().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop().get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheFilesWithTheEnginesCors() throws Exception {
        HttpResponse<String> res = get("/socket.io/socket.io.min.js?x=1", "Origin", "http://app.example");
        if (bundle.present()) {
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("etag")).hasValue("\"" + bundle.version() + "\"");
            assertThat(res.body()).contains("Socket.IO v" + bundle.version());
            HttpResponse<String> cached = get("/socket.io/socket.io.min.js", "If-None-Match", "\"" + bundle.version() + "\"");
            assertThat(cached.statusCode()).isEqualTo(304);
            assertThat(cached.body()).isEmpty();
        } else {
            assertThat(res.statusCode()).isEqualTo(404);
        }
        assertThat(res.headers().firstValue("access-control-allow-origin")).hasValue("http://app.example");
    }

    @Test
    void mountAddsTheRouteAtItsPrefix() throws Exception {
        assertThat(new ClientFilesHandler("/socket.io/").routePrefix()).isEqualTo("/socket.io/socket.io.");
        // a request under the route's prefix that is no client file: the route took it (its handler declined, so
        // 404), the engine did not (it would answer 400 "Transport unknown")
        HttpResponse<String> res = get("/socket.io/socket.io.nothing");
        assertThat(res.statusCode()).isEqualTo(404);
    }

    @Test
    void leavesTheEngineItsRequests() throws Exception {
        HttpResponse<String> handshake = get("/socket.io/?EIO=4&transport=polling");
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).startsWith("0{\"sid\":");
        HttpResponse<String> unknown = get("/socket.io/?EIO=4&transport=abc");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"code\":0");
    }
}
