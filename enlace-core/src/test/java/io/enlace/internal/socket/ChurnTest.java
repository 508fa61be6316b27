package io.enlace.internal.socket;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connect / emit / disconnect churn mixed with abrupt disconnects (TCP resets mid-handshake, mid-upgrade, after
 * connecting), at a small scale: afterwards nothing is left (connections, sessions, Socket.IO clients), every
 * connected socket saw its disconnect, no connection error was raised, and no buffer leaked (the leak guard).
 */
class ChurnTest {
    private SocketIoServer io;
    private NettyServer http;
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger disconnected = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();

    @AfterEach
    void stop() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    /** Resets the connection (RST, not FIN): the abrupt way a client can go. */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    /** The next text that is not a ping (pings are answered). */
    private static String nextNonPing(RawWebSocket ws) throws IOException {
        for (int i = 0; i < 10; i++) {
            String t = ws.readText();
            if (!t.equals("2")) return t;
            ws.sendText("3");
        }
        throw new IOException("only pings");
    }

    /**
     * GETs until something else than a ping comes (pings are answered); a ping that came in the same payload as the
     * packet (a slow box: the 1 s ping interval passed) is answered and left out.
     */
    private static String pollNonPing(Http h, String base) {
        for (int i = 0; i < 10; i++) {
            List<String> packets = new ArrayList<>(List.of(h.get(base).text().split("\u001e")));
            if (packets.removeIf("2"::equals)) h.post(base, "3");
            if (!packets.isEmpty()) return String.join("\u001e", packets);
        }
        throw new AssertionError("only pings");
    }

    @Test
    void churnAndAbruptDisconnectsLeaveNothingBehind() throws Exception {
        io = SocketIoServer.create(ServerOptions.builder().pingInterval(1000).pingTimeout(500).build());
        io.engine().onConnectionError(e -> connectionErrors.incrementAndGet());
        io.onConnection(s -> {
            connected.incrementAndGet();
            s.onDisconnect((reason, description) -> disconnected.incrementAndGet());
            s.on("echo", (args, ack) -> ack.send(args.toArray()));
        });
        http = io.listen(0).join();
        int port = http.port();
        Http h = new Http(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int cycles = 0;
        for (; cycles < 100 && System.nanoTime() < deadline; cycles++) {
            // 1. WebSocket: connect, emit with an ack, leave the namespace, close
            try (RawWebSocket ws = RawWebSocket.open(port, "/socket.io/", 0)) {
                ws.sendText("40");
                assertThat(nextNonPing(ws)).startsWith("40{\"sid\":");
                ws.sendText("421[\"echo\"," + cycles + "]");
                assertThat(nextNonPing(ws)).isEqualTo("431[" + cycles + "]");
                ws.sendText("41");
            }
            // 2. polling: connect, emit with an ack, close
            String sid = h.handshake("/socket.io/");
            String base = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
            assertThat(h.post(base, "40").text()).isEqualTo("ok");
            assertThat(pollNonPing(h, base)).startsWith("40{\"sid\":");
            assertThat(h.post(base, "422[\"echo\",\"p" + cycles + "\"]").text()).isEqualTo("ok");
            assertThat(pollNonPing(h, base)).isEqualTo("432[\"p" + cycles + "\"]");
            assertThat(h.post(base, "1").text()).isEqualTo("ok");
            // 3. reset in the middle of a handshake request
            Socket half = new Socket();
            half.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            half.getOutputStream().write("GET /socket.io/?EIO=4&transp".getBytes(StandardCharsets.US_ASCII));
            reset(half);
            // 4. reset in the middle of an upgrade (after the probe)
            String sid2 = h.handshake("/socket.io/");
            RawWebSocket probe = RawWebSocket.upgrade(port, "/socket.io/", sid2);
            probe.sendText("2probe");
            assertThat(probe.readText()).isEqualTo("3probe");
            reset(probe.socket);
            // 5. reset right after connecting to the namespace
            RawWebSocket abrupt = RawWebSocket.open(port, "/socket.io/", 0);
            abrupt.sendText("40");
            assertThat(nextNonPing(abrupt)).startsWith("40{\"sid\":");
            reset(abrupt.socket);
        }
        assertThat(cycles).isGreaterThanOrEqualTo(20);
        RealServer server = (RealServer) io;
        // the polling session of step 4, abandoned, goes at its ping timeout
        await().atMost(Duration.ofSeconds(10)).until(() -> server.clientCount() == 0
                && io.engine().clientsCount() == 0 && http.connections() <= 1); // <= 1: the HTTP client's keep-alive
        await().atMost(Duration.ofSeconds(5)).until(() -> disconnected.get() == connected.get());
        assertThat(connected.get()).isEqualTo(3 * cycles);
        assertThat(connectionErrors.get()).isZero();
        // and it still serves
        try (RawWebSocket ws = RawWebSocket.open(port, "/socket.io/", 0)) {
            ws.sendText("40");
            assertThat(nextNonPing(ws)).startsWith("40{\"sid\":");
        }
        assertThat(EngineTestKit.raw(port, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 3000)).startsWith("HTTP/1.1 404");
    }
}
