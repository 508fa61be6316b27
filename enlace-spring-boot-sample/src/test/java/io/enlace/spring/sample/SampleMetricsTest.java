package io.enlace.spring.sample;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} on the web server's port shows the {@code socketio_*} meters, counted from what a real
 * socket.io-client (interop/spring/metrics-client.mjs: one WebSocket connection, a socket on {@code /} and one on
 * {@code /chat}) did.
 */
// a context of its own: the meters count from zero, whatever other test classes did with theirs
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
// tests turn metrics export (so the Prometheus registry and endpoint) off unless asked, as java -jar does not
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"enlace.port=0", "enlace.host=127.0.0.1"})
class SampleMetricsTest {

    @Value("${local.enlace.port}")
    int enlacePort;

    @Value("${local.server.port}")
    int webPort;

    private List<String> scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + webPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().lines().toList();
    }

    @Test
    void prometheusShowsTheSocketIoMetersOfARealClient() throws Exception {
        Scripts.requireNodeClient();
        assertThat(scrape()).contains(
                "socketio_sockets_connected{namespace=\"/\"} 0.0",
                "socketio_sockets_connected{namespace=\"/chat\"} 0.0",
                "socketio_events_received_total{namespace=\"/\"} 0.0");
        try (Scripts.Running client = new Scripts.Running("node", "spring/metrics-client.mjs",
                "http://127.0.0.1:" + enlacePort, "3")) {
            String ready = client.next(60);
            assertThat(ready).startsWith("ready ").contains("\"cada\":[600000,600000,600000]")
                    .contains("\"members\":[\"ana\"]").contains("\"say\":{\"ok\":true}");
            assertThat(scrape()).contains(
                    // one WebSocket connection, two sockets
                    "socketio_engine_connections{transport=\"websocket\"} 1.0",
                    "socketio_engine_connections{transport=\"polling\"} 0.0",
                    "socketio_sockets_connected{namespace=\"/\"} 1.0",
                    "socketio_sockets_connected{namespace=\"/chat\"} 1.0",
                    "socketio_connects_total{namespace=\"/\"} 1.0",
                    "socketio_connects_total{namespace=\"/chat\"} 1.0",
                    // 3 x "quiero un random"; "join" and "say"
                    "socketio_events_received_total{namespace=\"/\"} 3.0",
                    "socketio_events_received_total{namespace=\"/chat\"} 2.0",
                    // the handler timer samples one event in 16 of each socket: each socket's first
                    "socketio_handler_duration_seconds_count{namespace=\"/\"} 1",
                    "socketio_handler_duration_seconds_count{namespace=\"/chat\"} 1",
                    // "bienvenida"; "said" to the room (the sender is its only member)
                    "socketio_events_sent_total{namespace=\"/\"} 1.0",
                    "socketio_events_sent_total{namespace=\"/chat\"} 1.0",
                    // socket.to(room).emit("joined") and nsp.to(room).emit("said")
                    "socketio_broadcasts_total{namespace=\"/chat\"} 2.0",
                    "socketio_connect_errors_total{namespace=\"/chat\"} 0.0")
                    .noneMatch(l -> l.startsWith("socketio_disconnects_total{"));

            // /chat leaves (a DISCONNECT packet), the connection stays open for /
            OutputStream stdin = client.process.getOutputStream();
            stdin.write("leave chat\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertThat(client.next(30)).isEqualTo("left chat io client disconnect");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape()).contains(
                    "socketio_sockets_connected{namespace=\"/chat\"} 0.0",
                    "socketio_disconnects_total{namespace=\"/chat\",reason=\"client namespace disconnect\"} 1.0",
                    "socketio_sockets_connected{namespace=\"/\"} 1.0",
                    "socketio_engine_connections{transport=\"websocket\"} 1.0"));
            // the client process dies: its connection drops
            client.close();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape()).contains(
                    "socketio_sockets_connected{namespace=\"/\"} 0.0",
                    "socketio_engine_connections{transport=\"websocket\"} 0.0",
                    "socketio_disconnects_total{namespace=\"/\",reason=\"transport close\"} 1.0"));
        }
    }
}
