package io.enlace.internal.client;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import io.enlace.testing.Requirements;

/** {@code serveClient}: on by default through {@link SocketIoServer#listen}/{@code attach}, off on request. */
class ServeClientOptionTest {

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servedByDefault() throws Exception {
        Requirements.require(ClientBundle.defaultBundle().present(), "the client bundle was not fetched at build time (needs node and npm)");
        SocketIoServer io = SocketIoServer.create();
        NettyServer http = io.listen(0).join();
        try {
            HttpResponse<String> r = get(http.port(), "/socket.io/socket.io.js");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
            assertThat(r.body()).contains("Socket.IO v4.8");
            // the engine still gets its own requests
            assertThat(get(http.port(), "/socket.io/?EIO=4&transport=polling").body()).startsWith("0{\"sid\":");
        } finally {
            io.close().join();
            http.stop().join();
        }
    }

    @Test
    void offWhenAskedTheEngineAnswers() throws Exception {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().serveClient(false).build());
        NettyServer http = io.listen(0).join();
        try {
            HttpResponse<String> r = get(http.port(), "/socket.io/socket.io.js");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        } finally {
            io.close().join();
            http.stop().join();
        }
    }
}
