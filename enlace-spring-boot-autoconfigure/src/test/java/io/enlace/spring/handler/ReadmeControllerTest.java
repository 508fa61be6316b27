package io.enlace.spring.handler;

import io.enlace.Socket;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.SocketIoController;
import io.enlace.spring.boot.autoconfigure.EnlaceAutoConfiguration;
import io.enlace.spring.boot.autoconfigure.EnlaceServerLifecycle;
import io.enlace.spring.testing.JavaClients;
import jakarta.validation.constraints.NotBlank;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The controller of README.md's Spring Boot section, as written there, with the official Java client. */
class ReadmeControllerTest {

    // --- as in README.md ---
    @SocketIoController("/chat")
    static class ChatController {
        @OnEvent("join")
        Map<String, Object> join(Socket socket, @NotBlank String room) {   // payload bound (and validated) by type
            socket.join(room);
            socket.to(room).emit("joined", Map.of("room", room));
            return Map.of("ok", true);                                     // answers the ack
        }
    }
    // --- end ---

    @Test
    void joinAnswersTheAckAndTellsTheRoom() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(EnlaceAutoConfiguration.class, ValidationAutoConfiguration.class))
                .withPropertyValues("enlace.port=0", "enlace.host=127.0.0.1")
                .withUserConfiguration(ChatController.class)
                .run(context -> {
                    try (JavaClients clients = new JavaClients(context.getBean(EnlaceServerLifecycle.class).port())) {
                        io.socket.client.Socket ana = clients.connect("/chat", null, null);
                        io.socket.client.Socket bob = clients.connect("/chat", null, null);
                        assertThat(((JSONObject) JavaClients.ack(ana, "join", "r1")[0]).getBoolean("ok")).isTrue();
                        CompletableFuture<Object[]> joined = JavaClients.next(ana, "joined");
                        assertThat(((JSONObject) JavaClients.ack(bob, "join", "r1")[0]).getBoolean("ok")).isTrue();
                        assertThat(((JSONObject) joined.get(10, TimeUnit.SECONDS)[0]).getString("room")).isEqualTo("r1");
                        JSONObject blank = (JSONObject) JavaClients.ack(bob, "join", " ")[0];
                        assertThat(blank.getString("error")).isEqualTo("must not be blank");
                    }
                });
    }
}
