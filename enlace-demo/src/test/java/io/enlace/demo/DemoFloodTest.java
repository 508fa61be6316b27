package io.enlace.demo;

import io.enlace.testing.RawWebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that asks for random numbers again and again leaves one schedule behind, not one per request. */
class DemoFloodTest {

    @RegisterExtension
    static final RunningDemo DEMO = new RunningDemo();

    @Test
    void aFloodOfRequestsKeepsOneScheduleAndNothingElseInTheTimer() throws Exception {
        byte[] one = RawWebSocket.frame(true, RawWebSocket.TEXT, "42[\"quiero un random\",600000]".getBytes());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) batch.write(one, 0, one.length);
        try (RawWebSocket ws = RawWebSocket.open(DEMO.get().port(), "/socket.io/", 0)) {
            ws.sendText("40");
            assertThat(ws.readText()).startsWith("40{\"sid\":");
            for (int i = 0; i < 20; i++) ws.write(batch.toByteArray()); // 20,000 requests without an ack
            ws.sendText("421[\"quiero un random\",600000]"); // handled after all of them: its ack says they are done
            ws.readTimeout(30_000); // 20,000 events at PARANOID leak detection on a busy 2-core box: seconds, not ms
            String ack;
            do {
                ack = ws.readText();
            } while (!ack.startsWith("431"));
            assertThat(ack).isEqualTo("431[{\"cada\":600000}]");
            assertThat(DEMO.get().activeSchedules()).isEqualTo(1);
            assertThat(DEMO.get().timerQueue()).isEqualTo(1);
        }
    }
}
