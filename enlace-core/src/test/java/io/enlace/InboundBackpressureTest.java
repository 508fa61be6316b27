package io.enlace;

import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.EngineTestKit.Resp;
import io.enlace.testing.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inbound work is bounded per connection ({@code maxPendingInboundBytes}): with handlers on an executor that falls
 * behind, a client that keeps sending is no longer read (WebSocket) or its next POST is not answered (polling) until
 * the handlers catch up; then everything it sent is handled, in order.
 */
class InboundBackpressureTest {
    private static final int BOUND = 64 * 1024;
    private static final String PAYLOAD = "x".repeat(10_000);

    private SocketIoServer io;
    private NettyServer http;
    private ExecutorService pool;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger read = new AtomicInteger();
    private final AtomicInteger outOfOrder = new AtomicInteger();

    private void start() { start(false); }

    /** {@code listenerWaits}: the connection listener itself waits for the release before it registers the handler. */
    private void start(boolean listenerWaits) {
        pool = Executors.newFixedThreadPool(2);
        io = SocketIoServer.create(ServerOptions.builder().executor(pool).pingInterval(60_000).pingTimeout(60_000)
                .maxPendingInboundBytes(BOUND).build());
        // every message the engine reads from the connection (the CONNECT "40" included)
        io.engine().onConnection(s -> s.onPacket(p -> {
            if (p.type() == '4') read.incrementAndGet();
        }));
        io.onConnection(s -> {
            if (listenerWaits) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            s.on("ev", (args, ack) -> {
                release.await(); // the handlers are behind until the test releases them
                if (args.node(0).asInt() != handled.getAndIncrement()) outOfOrder.incrementAndGet();
            });
        });
        http = io.listen(0).join();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (io != null) io.close().join();
        if (http != null) http.stop().join();
        if (pool != null) pool.shutdownNow();
    }

    private static String event(int i) {
        return "42[\"ev\"," + i + ",\"" + PAYLOAD + "\"]";
    }

    @Test
    void aWebSocketClientIsNoLongerReadWhileItsHandlersAreBehind() throws Exception {
        start();
        floodOverWebSocket();
    }

    /**
     * The same while the connection listener has not returned: the events wait for it (the CONNECT reply is out, the
     * client may send), count against the bound, and all reach the handler the listener registers once it returns.
     */
    @Test
    void aWebSocketClientIsNoLongerReadWhileItsConnectionListenerRuns() throws Exception {
        start(true);
        floodOverWebSocket();
    }

    private void floodOverWebSocket() throws Exception {
        int n = 300; // 3 MB
        try (RawWebSocket ws = RawWebSocket.open(http.port(), "/socket.io/", 0).closeAfter(60_000)) {
            ws.sendText("40");
            assertThat(ws.readText()).startsWith("40{\"sid\":");
            CompletableFuture<Integer> written = CompletableFuture.supplyAsync(() -> {
                int i = 0;
                try {
                    for (; i < n; i++) ws.write(RawWebSocket.frame(true, RawWebSocket.TEXT, event(i).getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    // reported by the count
                }
                return i;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> read.get() > 0);
            // the bound (7 messages) plus what the read under way brings (64 KB at most): far from the 300 sent
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> read.get() < 50);
            assertThat(handled.get()).isZero();
            release.countDown();
            assertThat(written.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(n);
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == n);
            assertThat(read.get()).isEqualTo(n + 1);
            assertThat(outOfOrder.get()).isZero();
        }
    }

    @Test
    void aPollingClientsNextPostIsAnsweredOnceItsHandlersCatchUp() throws Exception {
        start();
        Http h = new Http(http.port());
        String sid = h.handshake("/socket.io/");
        String base = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(h.post(base, "40").text()).isEqualTo("ok");
        assertThat(h.get(base).text()).startsWith("40{\"sid\":");
        // 30 events of 10 KB per POST: the first POST alone passes the bound
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 30; i++) first.append(i == 0 ? "" : "\u001e").append(event(i));
        for (int i = 30; i < 60; i++) second.append(i == 30 ? "" : "\u001e").append(event(i));
        assertThat(h.post(base, first.toString()).text()).isEqualTo("ok");
        CompletableFuture<Resp> next = h.sendAsync("POST", base, second.toString().getBytes(StandardCharsets.UTF_8));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> !next.isDone());
        assertThat(read.get()).isEqualTo(1 + 30);
        release.countDown();
        assertThat(next.get(10, java.util.concurrent.TimeUnit.SECONDS).text()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 60);
        assertThat(outOfOrder.get()).isZero();
    }
}
