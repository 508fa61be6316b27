package io.enlace.internal.socket;

import io.enlace.ServerOptions;
import io.enlace.SocketIoServer;
import io.enlace.netty.NettyServer;
import io.enlace.testing.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Socket.IO input that the server already handled well and must keep handling, over real WebSockets: deeply nested
 * JSON, ten attachments of a megabyte, floods of unknown namespaces, random socket ids.
 */
class HostileSocketIoPeerTest {
    private SocketIoServer io;
    private NettyServer http;

    @BeforeEach
    void start() {
        io = SocketIoServer.create(ServerOptions.builder().pingInterval(60_000).pingTimeout(60_000).build());
        io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args.toArray())));
        http = io.listen(0).join();
    }

    @AfterEach
    void stop() {
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
    }

    private RawWebSocket connected() throws Exception {
        RawWebSocket ws = RawWebSocket.open(http.port(), "/socket.io/", 0);
        ws.sendText("40");
        assertThat(ws.readText()).startsWith("40{\"sid\":");
        return ws;
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void jsonNestedUpTo999IsEchoedAndDeeperClosesTheConnectionAtOnce() throws Exception {
        try (RawWebSocket ws = connected()) {
            // ["echo", <998 levels>] is 999 levels deep; the ack [<998 levels>] too
            ws.sendText("421[\"echo\"," + nested(998) + "]");
            assertThat(ws.readText()).isEqualTo("431[" + nested(998) + "]");
        }
        try (RawWebSocket ws = connected()) {
            long t0 = System.nanoTime();
            ws.sendText("421[\"echo\"," + nested(1000) + "]");
            assertThat(ws.closedByServerWithin(5000)).isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000); // about 20 ms when the box is quiet
        }
        try (RawWebSocket ws = connected()) {
            ws.sendText("421[\"echo\",\"still served\"]");
            assertThat(ws.readText()).isEqualTo("431[\"still served\"]");
        }
    }

    @Test
    void tenAttachmentsOfAMegabyteAreEchoedAndAnEleventhIsRefused() throws Exception {
        byte[][] blobs = new byte[10][];
        StringBuilder placeholders = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            blobs[i] = new byte[999_999];
            ThreadLocalRandom.current().nextBytes(blobs[i]);
            placeholders.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
        }
        try (RawWebSocket ws = connected()) {
            ws.socket.setSoTimeout(60_000); // 10 MB each way, every buffer tracked by the leak detector: slow on a busy box
            ws.sendText("4510-1[\"echo\"" + placeholders + "]");
            for (byte[] blob : blobs) ws.send(RawWebSocket.BINARY, blob);
            assertThat(ws.readText()).isEqualTo("4610-1[" + placeholders.substring(1) + "]");
            int[] op = new int[1];
            for (byte[] blob : blobs) {
                byte[] back = ws.read(op);
                assertThat(op[0]).isEqualTo(RawWebSocket.BINARY);
                assertThat(Arrays.equals(back, blob)).isTrue();
            }
        }
        try (RawWebSocket ws = connected()) {
            ws.sendText("4511-1[\"echo\"" + placeholders + ",{\"_placeholder\":true,\"num\":10}]");
            assertThat(ws.closedByServerWithin(5000)).isTrue();
        }
    }

    @Test
    void unknownNamespacesAreRefusedAndNothingIsKeptForThem() throws Exception {
        RealServer server = (RealServer) io;
        int namespaces = server.namespaceCount();
        try (RawWebSocket ws = RawWebSocket.open(http.port(), "/socket.io/", 0)) {
            for (int i = 0; i < 2000; i++) {
                String name = "/nope-" + i + "-" + "x".repeat(i % 100);
                ws.sendText("40" + name + ",");
                assertThat(ws.readText()).isEqualTo("44" + name + ",{\"message\":\"Invalid namespace\"}");
            }
            // the connection is still usable
            ws.sendText("40");
            assertThat(ws.readText()).startsWith("40{\"sid\":");
        }
        assertThat(server.namespaceCount()).isEqualTo(namespaces);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.clientCount() == 0);
    }

    @Test
    void socketIdsAre120RandomBits() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            try (RawWebSocket ws = RawWebSocket.open(http.port(), "/socket.io/", 0)) {
                // an id in the CONNECT's auth or query is not taken
                ws.sendText("40{\"sid\":\"AAAAAAAAAAAAAAAAAAAA\",\"id\":\"AAAAAAAAAAAAAAAAAAAA\"}");
                String reply = ws.readText();
                assertThat(reply).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
                String id = reply.substring(10, 30);
                assertThat(java.util.Base64.getUrlDecoder().decode(id)).hasSize(15);
                assertThat(id).isNotEqualTo("AAAAAAAAAAAAAAAAAAAA").isNotEqualTo(ws.sid);
                assertThat(ids.add(id)).isTrue();
            }
        }
    }
}
