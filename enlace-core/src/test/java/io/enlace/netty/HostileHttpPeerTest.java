package io.enlace.netty;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP peers that do not play fair, at a small scale: pipelining without reading, slow requests, too many
 * connections, a response nobody reads. Each costs the server a bounded amount and others keep being served.
 */
class HostileHttpPeerTest {
    private NettyServer server;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger served = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) s.close();
        if (server != null) server.stop().join();
    }

    private static FullHttpResponse body(int size, String tag) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'b');
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        r.headers().set("X-Tag", tag);
        return r;
    }

    private static String query(FullHttpRequest req) {
        int q = req.uri().indexOf('?');
        return q < 0 ? "" : req.uri().substring(q + 1);
    }

    /** A server with an engine, {@code /big} (64 KB, counted, routed) and {@code /fb/*} (64 KB, counted, fallback). */
    private void start(NettyServer.Builder b) {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        server = b.host("127.0.0.1").port(0).ioThreads(2).engine(engine)
                .route("/big", req -> {
                    served.incrementAndGet();
                    return body(64 * 1024, query(req));
                })
                .route("/small", req -> body(10, "small"))
                .fallback(req -> {
                    if (!req.uri().startsWith("/fb")) return null;
                    served.incrementAndGet();
                    return body(64 * 1024, query(req));
                })
                .build().start().join();
    }

    private Socket connect(int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    private void assertWitnessServed() {
        assertThat(new Http(server.port()).get("/small").status()).isEqualTo(200);
    }

    /** Reads one response (head and Content-Length body); returns the head. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed after " + head);
            head.write(c);
            matched = (c == '\r' || c == '\n') ? (c == "\r\n\r\n".charAt(matched) ? matched + 1 : 0) : 0;
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        in.readNBytes(length);
        return h;
    }

    private void pipelinedRequestsAreAnsweredOneAtATime(String path) throws Exception {
        start(NettyServer.builder());
        int n = 500; // 500 x 64 KB = 32 MB of responses if all were written at once
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < n; i++) requests.append("GET ").append(path).append("?").append(i).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
        Socket s = connect(4096);
        s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        // the client reads nothing: the server answers as far as the socket buffers go (a few MB), then waits
        await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > 0);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> served.get() < n / 3);
        assertWitnessServed();
        // once the client reads, every response comes, in order
        InputStream in = s.getInputStream();
        for (int i = 0; i < n; i++) {
            String head = readResponse(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("X-Tag: " + i + "\r\n");
        }
        assertThat(served.get()).isEqualTo(n);
    }

    @Test
    void pipelinedRequestsToARouteThatAreNeverReadAreAnsweredOneAtATime() throws Exception {
        pipelinedRequestsAreAnsweredOneAtATime("/big");
    }

    @Test
    void pipelinedRequestsToAFallbackThatAreNeverReadAreAnsweredOneAtATime() throws Exception {
        pipelinedRequestsAreAnsweredOneAtATime("/fb/page");
    }

    @Test
    void pipelinedHandshakesThatAreNeverReadOpenSessionsOneAtATime() throws Exception {
        // each handshake response carries a 64 KB initial packet
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().initialPacket("i".repeat(64 * 1024))
                .httpCompression(false).build());
        server = NettyServer.builder().host("127.0.0.1").port(0).ioThreads(2).engine(engine).build().start().join();
        int n = 500;
        String one = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n";
        Socket s = connect(4096);
        s.getOutputStream().write(one.repeat(n).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.clientsCount() > 0);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> engine.clientsCount() < n / 3);
        InputStream in = s.getInputStream();
        for (int i = 0; i < n; i++) assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
        assertThat(engine.clientsCount()).isEqualTo(n);
    }

    /** Sends {@code head}, then one byte of {@code rest} every 100 ms (at most 100 of them). */
    private static java.util.concurrent.ScheduledFuture<?> trickle(ScheduledExecutorService timer, Socket s, String head,
                                                                 String rest) throws IOException {
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        AtomicInteger i = new AtomicInteger();
        return timer.scheduleAtFixedRate(() -> {
            int k = i.getAndIncrement();
            if (k >= Math.min(100, rest.length())) return;
            try {
                s.getOutputStream().write(rest.charAt(k));
            } catch (IOException closed) {
                // the server closed it
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** What the server sent before closing, read until EOF (or a reset) within {@code ms}; null if still open then. */
    private static String untilClosed(Socket s, long ms) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.nanoTime() + ms * 1_000_000;
        byte[] buf = new byte[4096];
        while (System.nanoTime() < end) {
            s.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            try {
                int r = s.getInputStream().read(buf);
                if (r < 0) return got.toString(StandardCharsets.ISO_8859_1);
                got.write(buf, 0, r);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (SocketException reset) {
                return got.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Test
    void slowHeadersAndSlowBodiesGet408AtTheRequestTimeoutWhileOthersAreServed() throws Exception {
        start(NettyServer.builder().requestTimeout(Duration.ofMillis(1000)));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            List<Socket> slow = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                Socket s = connect(0);
                slow.add(s);
                if (i % 2 == 0) {
                    // header slowloris: a byte of headers every 100 ms (each resets the idle timer)
                    trickle(timer, s, "GET /small HTTP/1.1\r\n", "X-Slow: " + "a".repeat(200));
                } else {
                    // full head, then the body a byte every 100 ms
                    trickle(timer, s, "POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n", "b".repeat(500));
                }
            }
            assertWitnessServed();
            for (Socket s : slow) {
                String got = untilClosed(s, 8000);
                assertThat(got).as("closed by the server").isNotNull().startsWith("HTTP/1.1 408");
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8000);
            assertThat(served.get()).isZero();
            assertWitnessServed();
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void connectionsOverMaxConnectionsAreClosedAtOnceAndAcceptedAgainWhenOthersLeave() throws Exception {
        start(NettyServer.builder().maxConnections(3));
        List<Socket> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) three.add(connect(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 3);
        Socket fourth = connect(0);
        assertThat(untilClosed(fourth, 3000)).as("refused").isEqualTo("");
        assertThat(server.connections()).isEqualTo(3);
        three.get(0).close();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 2);
        assertWitnessServed();
    }

    @Test
    void aResponseWithConnectionCloseThatIsNeverReadStillEndsTheConnection() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().build());
        server = NettyServer.builder().host("127.0.0.1").port(0).ioThreads(2).engine(engine)
                .route("/huge", req -> body(16 << 20, "huge"))
                .route("/small", req -> body(10, "small"))
                .build().start().join();
        Socket s = connect(4096);
        s.getOutputStream().write("GET /huge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 1);
        // 16 MB that are never read: the response cannot complete; the connection goes after 5 s without progress
        await().atMost(Duration.ofSeconds(15)).until(() -> server.connections() == 0);
        assertWitnessServed();
    }

    @Test
    void stoppingWhileRequestBodiesArriveAndClientsLeaveLeaksNothing() throws Exception {
        // leaks show in the class's leak check (LeakGuardExtension); 5 rounds of 20 half-sent bodies
        for (int round = 0; round < 5; round++) {
            served.set(0);
            start(NettyServer.builder());
            List<Socket> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Socket s = connect(0);
                s.getOutputStream().write("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n0123456789"
                        .getBytes(StandardCharsets.US_ASCII));
                all.add(s);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connections() == 20);
            // more body bytes keep coming while the clients leave and the server stops
            Thread writer = new Thread(() -> {
                for (int k = 0; k < 100; k++) {
                    for (Socket s : all) {
                        try {
                            s.getOutputStream().write('x');
                        } catch (IOException closed) {
                            // gone
                        }
                    }
                }
            });
            writer.start();
            for (Socket s : all) s.close();
            server.stop().get(10, TimeUnit.SECONDS);
            writer.join(10_000);
            server = null;
            assertThat(served.get()).isZero();
        }
    }
}
