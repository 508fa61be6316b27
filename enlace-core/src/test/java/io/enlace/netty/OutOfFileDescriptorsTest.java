package io.enlace.netty;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server out of file descriptors ({@code EMFILE} on accept, here under {@code ulimit -n 400} and without a
 * connection cap) says so once, pauses accepting, and accepts again as soon as one of its connections closes: the
 * clients waiting in the backlog are then served.
 */
class OutOfFileDescriptorsTest {

    @Test
    void acceptFailuresAreLoggedOnceAndAcceptingResumesWhenConnectionsClose() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder("bash", "-c", "ulimit -n 400 && exec \"$0\" -cp \"$1\" "
                + "-Dorg.slf4j.simpleLogger.defaultLogLevel=info io.enlace.netty.FdLimitedServerMain", java, cp)
                .redirectErrorStream(true).start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.add(line);
            } catch (IOException ignored) {
                // gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<Socket> sockets = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> out.stream().anyMatch(l -> l.startsWith("PORT ")));
            String[] ready = out.stream().filter(l -> l.startsWith("PORT ")).findFirst().orElseThrow().split(" ");
            int port = Integer.parseInt(ready[1]);
            int free = 400 - Integer.parseInt(ready[2]);
            // 50 more keep-alive connections than free descriptors: the last ones wait in the accept backlog
            byte[] get = "GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < free + 50; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.getOutputStream().write(get);
                sockets.add(s);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> count(out, "accepting connections failed") >= 1);
            // the accepted ones are answered at once; give them a second, then sort them out
            Socket last = sockets.get(free - 60);
            assertThat(answered(last, 5000)).isTrue();
            List<Socket> served = new ArrayList<>(List.of(last));
            List<Socket> waiting = new ArrayList<>();
            for (Socket s : sockets) if (s != last) (answered(s, 20) ? served : waiting).add(s);
            assertThat(waiting).isNotEmpty();
            assertThat(served).hasSizeGreaterThan(free / 2);
            // one WARN for the episode, not one per failed accept or per second
            assertThat(count(out, "accepting connections failed")).isEqualTo(1);
            // connections close: the waiting ones are accepted and served
            for (Socket s : served) s.close();
            for (Socket s : waiting) assertThat(answered(s, 5000)).as("a client waiting in the backlog is served").isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> count(out, "accepting connections again") >= 1);
        } finally {
            for (Socket s : sockets) s.close();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    /** Whether the response to the request already sent arrives within {@code ms}. */
    private static boolean answered(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        try {
            byte[] b = new byte[64];
            int n = s.getInputStream().read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200");
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
