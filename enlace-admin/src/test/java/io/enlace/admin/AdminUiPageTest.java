package io.enlace.admin;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.engine.CorsOptions;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The UI page and its files served beside the Socket.IO server (AdminUi.mountUi), over HTTP. */
class AdminUiPageTest {
    private SocketIoServer io;
    private NettyServer http;

    @BeforeEach
    void start() {
        Requirements.require(AdminUi.uiAvailable(), "the admin UI files are not packaged (enlace-admin was built without npm)");
        io = SocketIoServer.create();
        http = AdminUi.mountUi(io.attach(NettyServer.builder().port(0)), "/admin/").build();
        http.start().join();
    }

    @AfterEach
    void stop() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    @Test
    void thePageItsFilesAndTheirCompressedCopies() throws Exception {
        Http h = new Http(http.port());
        Resp redirect = h.get("/admin?x=1");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("location")).isEqualTo("/admin/?x=1");

        Resp page = h.get("/admin/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
        String html = page.text();
        assertThat(html).contains("<title>Socket.IO Admin UI</title>");
        assertThat(h.get("/admin/index.html").text()).isEqualTo(html);

        // every script the page loads is served, as JavaScript, in br and gzip too
        Matcher scripts = Pattern.compile("src=\"(js/[^\"]+\\.js)\"").matcher(html);
        int n = 0;
        while (scripts.find()) {
            n++;
            Resp js = h.get("/admin/" + scripts.group(1));
            assertThat(js.status()).isEqualTo(200);
            assertThat(js.header("content-type")).isEqualTo("application/javascript; charset=utf-8");
            Resp gz = h.get("/admin/" + scripts.group(1), "Accept-Encoding", "gzip");
            assertThat(gz.header("content-encoding")).isEqualTo("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(js.body());
            }
            Resp br = h.get("/admin/" + scripts.group(1), "Accept-Encoding", "gzip, br");
            assertThat(br.header("content-encoding")).isEqualTo("br");
            assertThat(br.body().length).isLessThan(js.body().length);
        }
        assertThat(n).isEqualTo(2);

        String etag = page.header("etag");
        assertThat(etag).isEqualTo("\"0.5.1\"");
        assertThat(h.get("/admin/", "If-None-Match", etag).status()).isEqualTo(304);
        assertThat(h.get("/admin/favicon.png").header("content-type")).isEqualTo("image/png");
        assertThat(h.get("/admin/nothing-here.js").status()).isEqualTo(404);
        assertThat(h.get("/admin/../pom.xml").status()).isEqualTo(404);
        assertThat(h.get("/administrator").status()).isEqualTo(404);
        // the Socket.IO server and its client bundle are still there
        assertThat(h.get("/socket.io/socket.io.js").status()).isEqualTo(200);
        assertThat(new String(h.get("/socket.io/?EIO=4&transport=polling").body(), StandardCharsets.UTF_8)).startsWith("0{");
    }

    @Test
    void theHostedUiGetsInWithTheDocumentedCors() throws Exception {
        SocketIoServer hosted = SocketIoServer.create(ServerOptions.builder()
                .cors(CorsOptions.builder().origins(List.of("https://admin.socket.io", "https://app.example.com")).credentials(true).build())
                .build());
        AdminUi admin = AdminUi.instrument(hosted, AdminOptions.builder().noAuth().build());
        NettyServer server = hosted.listen(0).join();
        try {
            Http h = new Http(server.port());
            Resp res = h.get("/socket.io/?EIO=4&transport=polling", "Origin", "https://admin.socket.io");
            assertThat(res.status()).isEqualTo(200);
            assertThat(res.header("access-control-allow-origin")).isEqualTo("https://admin.socket.io");
            assertThat(res.header("access-control-allow-credentials")).isEqualTo("true");
            assertThat(h.get("/socket.io/?EIO=4&transport=polling", "Origin", "https://evil.example").header("access-control-allow-origin"))
                    .isNull();
        } finally {
            admin.close();
            hosted.close().join();
            server.stop().join();
        }
    }
}
