package io.enlace.spring.sample;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application (as on SIGTERM) closes the Socket.IO server gracefully: socket.io-client sees its
 * connections close over websocket, polling and polling with upgrade, and every random-number schedule stops.
 */
class SampleShutdownTest {

    @Test
    void closingTheApplicationDisconnectsTheClients() throws Exception {
        Scripts.requireNodeClient();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleApplication.class)
                .run("--server.port=0", "--enlace.port=0", "--enlace.host=127.0.0.1");
        RandomNumbersController random = app.getBean(RandomNumbersController.class);
        int port = app.getEnvironment().getProperty("local.enlace.port", Integer.class);
        try (Scripts.Running client = new Scripts.Running("node", "spring/shutdown-client.mjs", "http://127.0.0.1:" + port)) {
            List<String> connected = new ArrayList<>();
            for (int i = 0; i < 3; i++) connected.add(client.next(60));
            assertThat(connected).containsExactlyInAnyOrder("connected websocket", "connected polling", "connected upgrade");
            assertThat(random.activeSchedules()).isEqualTo(3);
            app.close();
            List<String> gone = new ArrayList<>();
            for (int i = 0; i < 3; i++) gone.add(client.next(30));
            // a polling client sees "transport close" when its pending poll gets the close packet, "transport error" when
            // it was between two polls and its next one finds the port closed (as with Node's io.close())
            assertThat(gone).containsExactlyInAnyOrder("disconnect websocket transport close",
                    gone.contains("disconnect polling transport error") ? "disconnect polling transport error"
                            : "disconnect polling transport close",
                    "disconnect upgrade transport close");
            assertThat(random.activeSchedules()).isZero();
        } finally {
            app.close();
        }
    }
}
