package io.enlace.examples;

import io.enlace.examples.privatemessaging.PrivateMessagingExample;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ported private messaging example, driven by the official Node client (drivers/private-messaging.mjs). */
class PrivateMessagingExampleTest {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling", "upgrade"})
    void privateMessagingWithTheNodeClient(String mode) throws Exception {
        PrivateMessagingExample app = PrivateMessagingExample.start(0);
        try {
            Drivers.run("private-messaging.mjs", "http://127.0.0.1:" + app.port(), mode, 2);
            if (!mode.equals("polling")) { // a polling client's last DISCONNECT may not leave before node exits
                await().atMost(Duration.ofSeconds(10)).until(() -> app.io().sockets().sockets().isEmpty());
            }
        } finally {
            app.close();
        }
    }
}
