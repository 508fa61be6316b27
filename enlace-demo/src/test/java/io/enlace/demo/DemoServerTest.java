package io.enlace.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's HTTP side: pages, scripts, the client bundle and 404s. */
class DemoServerTest {

    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();


    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + DEMO.get().port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheSeedPage() throws Exception {
        HttpResponse<String> res = get("/");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(res.headers().firstValue("content-security-policy")).get().asString().contains("default-src 'self'");
        assertThat(res.body()).contains("<script src=\"/socket.io/socket.io.js\"></script>")
                .contains("<script src=\"/app.js\"></script>").doesNotContain("http://").doesNotContain("https://");
        assertThat(get("/?cada=200").statusCode()).isEqualTo(200);
        assertThat(get("/index.html").body()).isEqualTo(res.body());
    }

    @Test
    void servesTheChatPageAndAssets() throws Exception {
        assertThat(get("/chat").body()).contains("/chat.js").contains("/socket.io/socket.io.js");
        HttpResponse<String> app = get("/app.js");
        assertThat(app.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
        assertThat(app.body()).contains("'quiero un random'").contains("console.log(data.numero)").contains("5000");
        assertThat(get("/chat.js").body()).contains("io('/chat'");
        assertThat(get("/style.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void servesTheClientBundle() throws Exception {
        // the bundle's resources, as enlace-core's build packages them (ClientBundle.DEFAULT_BASE, an internal class)
        Interop.require(DemoServerTest.class.getClassLoader().getResource("io/enlace/client-dist/VERSION") != null,
                "the socket.io-client bundle was not packaged by this build (npm unavailable?)");
        HttpResponse<String> res = get("/socket.io/socket.io.js");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).startsWith("/*!\n * Socket.IO v4.8.");
        assertThat(res.headers().firstValue("etag")).get().asString().startsWith("\"4.8.");
    }

    @Test
    void answers404ForUnknownPaths() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/public/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml").statusCode()).isIn(400, 404);
    }
}
