package io.enlace.examples;

import io.enlace.examples.chat.ChatExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ported chat example, driven by the official Node client (drivers/chat.mjs) over each transport. */
class ChatExampleTest {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void chatWithTheNodeClient(String mode) throws Exception {
        ChatExample chat = ChatExample.start(0);
        try {
            Drivers.run("chat.mjs", "http://127.0.0.1:" + chat.port(), mode, 2);
            if (!mode.equals("polling")) { // a polling client's last DISCONNECT may not leave before node exits
                await().atMost(Duration.ofSeconds(10)).until(() -> chat.io().sockets().sockets().isEmpty());
            }
        } finally {
            chat.close();
        }
    }

    @Test
    void servesItsPage() throws Exception {
        ChatExample chat = ChatExample.start(0);
        try {
            HttpResponse<String> page = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + chat.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("/socket.io/socket.io.js").contains("'add user'");
        } finally {
            chat.close();
        }
    }
}
