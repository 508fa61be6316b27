package io.enlace.netty;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.testing.EngineTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POST over {@code maxHttpBufferSize} is refused with 413 while its body is still coming in. The server then shuts
 * its output and drops what the client goes on sending instead of closing at once: a close with unread bytes arriving
 * makes the kernel send a reset, which can destroy the 413 before the client reads it (and which fails the client's
 * further writes); the connection closes once the client closes its side.
 */
class PayloadTooLargeTest {
    private NettyServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    @Test
    void theRefusedClientReadsThe413AndMaySendTheRestOfItsBody() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().maxHttpBufferSize(1000).build());
        server = EngineTestKit.start(engine);
        String sid = new EngineTestKit.Http(server.port()).handshake("/engine.io/");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            out.write(chunk);
            out.flush();
            // the whole response, then the end of the stream (the server shut its output)
            InputStream in = s.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) response.write(buf, 0, n);
            assertThat(response.toString(StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
            // the rest of the body is read and dropped: no reset fails these writes
            for (int i = 0; i < 60; i++) out.write(chunk); // the remaining ~980 KB
            out.flush();
            s.shutdownOutput();
        }
        // the session itself is untouched: it still echoes
        EngineTestKit.Http http = new EngineTestKit.Http(server.port());
        assertThat(http.post("/engine.io/?EIO=4&transport=polling&sid=" + sid, "4still").text()).isEqualTo("ok");
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid).text()).contains("4still");
    }
}
