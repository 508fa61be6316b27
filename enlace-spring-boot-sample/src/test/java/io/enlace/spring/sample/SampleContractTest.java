package io.enlace.spring.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enlace.SocketIoServer;
import io.enlace.testing.Requirements;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample serves the demo contract (interop/demo/node-contract.mjs and python_contract.py, the same scripts that
 * check enlace-demo) with annotated controllers, over websocket, polling and polling with upgrade; Actuator shows the
 * {@code enlace} health component on the web server's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"enlace.port=0", "enlace.host=127.0.0.1"})
class SampleContractTest {

    @Value("${local.enlace.port}")
    int enlacePort;

    @Value("${local.server.port}")
    int webPort;

    @Autowired
    RandomNumbersController random;

    @Autowired
    SocketIoServer io;

    private String url() {
        return "http://127.0.0.1:" + enlacePort;
    }

    @Test
    void nodeClientContract() throws Exception {
        Scripts.requireNodeClient();
        String out = Scripts.run(240, "node", "demo/node-contract.mjs", url());
        Scripts.assertPassed(out, 16, "[websocket] / sends bienvenida", "[polling] / quiero un random",
                "[upgrade] / invalid without an ack gets 'random rechazado'", "[upgrade] /chat join, say",
                "[polling] /chat refuses a missing or bad name", "client files: the 8 files are the npm package bytes");
        noneLeft();
    }

    @Test
    void pythonClientContract() throws Exception {
        Requirements.requirePython("socketio", "websocket", "requests");
        String out = Scripts.run(240, "/usr/bin/python3", "demo/python_contract.py", url());
        Scripts.assertPassed(out, 9, "[websocket] / quiero un random", "[polling] /chat: name required",
                "[upgrade] / sends bienvenida");
        noneLeft();
    }

    /** Every schedule stopped with its socket: no timer left behind. */
    private void noneLeft() {
        await().atMost(Duration.ofSeconds(10)).until(() -> random.activeSchedules() == 0
                && io.sockets().sockets().isEmpty() && io.of("/chat").sockets().isEmpty());
    }

    @Test
    void actuatorHealthShowsTheEnlaceComponent() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode enlace = new ObjectMapper().readTree(health.body()).path("components").path("enlace");
        assertThat(enlace.path("status").asText()).isEqualTo("UP");
        assertThat(enlace.path("details").path("port").asInt()).isEqualTo(enlacePort);
        assertThat(enlace.path("details").path("path").asText()).isEqualTo("/socket.io/");
        assertThat(webPort).isNotEqualTo(enlacePort);
    }
}
