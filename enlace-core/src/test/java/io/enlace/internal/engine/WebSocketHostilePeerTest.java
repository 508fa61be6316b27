package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.netty.WebSocketConnection;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Ws;
import io.enlace.testing.AppPipeline;
import io.enlace.testing.RawWebSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket peers that do not play fair, at a small scale: each must cost the server a bounded amount of memory and
 * end with its connection closed, while other clients keep being served.
 */
class WebSocketHostilePeerTest {
    private static final int MAX_BUFFERED = 64 * 1024;

    private NettyServer server;
    private EventLoopGroup appGroup;
    private final ConcurrentHashMap<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private void start(EngineOptions options) {
        EngineServer engine = EngineTestKit.echo(options);
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onClose((reason, desc) -> closes.add(s.id() + " " + reason + (desc == null ? "" : " " + desc)));
        });
        server = EngineTestKit.start(engine);
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
        if (appGroup != null) appGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel channelOf(String sid) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(sid));
        return ((WebSocketConnection) ((Session) sockets.get(sid)).webSocket()).channel();
    }

    /** Bytes waiting in Netty's outbound buffer of {@code ch} (read on its loop); 0 once closed. */
    private static long pendingWrites(Channel ch) throws Exception {
        return ch.eventLoop().submit(() -> {
            ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
            return b == null ? 0L : b.totalPendingWriteBytes();
        }).get(15, TimeUnit.SECONDS); // the loop may be busy with the flood
    }

    /** A witness on another connection still gets its echo. */
    private void assertWitnessServed() throws Exception {
        Ws witness = Ws.connect("ws://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=websocket");
        assertThat((String) witness.next(5000)).startsWith("0{");
        witness.send("4still here");
        assertThat(witness.nextNonPing(5000, true)).isEqualTo("4still here");
        witness.abort();
    }

    @Test
    void pingFloodFromAPeerThatNeverReadsIsBoundedThenClosed() throws Exception {
        start(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000).maxBufferedBytes(MAX_BUFFERED).build());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] ping = RawWebSocket.frame(true, RawWebSocket.PING, new byte[125]);
        for (int i = 0; i < 1000; i++) batch.write(ping, 0, ping.length);
        byte[] pings = batch.toByteArray(); // 1000 pings, 131 KB
        try (RawWebSocket ws = RawWebSocket.open(server.port(), "/engine.io/", 4096).closeAfter(20_000)) {
            Channel ch = channelOf(ws.sid);
            long maxPending = 0;
            // at most 400 batches (52 MB of pings, as many pongs owed); the server must give up long before
            for (int i = 0; i < 400 && ch.isOpen(); i++) {
                try {
                    ws.write(pings);
                } catch (IOException closed) {
                    break;
                }
                if (i % 10 == 9) maxPending = Math.max(maxPending, pendingWrites(ch));
            }
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(ws.sid + " transport error write buffer full");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ch.isOpen());
            // pongs are not queued while the peer does not read: Netty's buffer stays near its high-water mark
            assertThat(maxPending).isLessThan(MAX_BUFFERED + 2L * ch.config().getWriteBufferHighWaterMark());
        }
        assertWitnessServed();
    }

    @Test
    void slowConsumerClosedForAFullBufferLosesItsConnectionAndIsNoLongerRead() throws Exception {
        // 1 MB: the session overflows once the kernel's send buffer (4 MB at most here) is full for good
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000)
                .maxBufferedBytes(1 << 20).build());
        String chunk = "z".repeat(256 * 1024);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onClose((reason, desc) -> closes.add(s.id() + " " + reason + (desc == null ? "" : " " + desc)));
            if (!first.getAndSet(false)) return; // the witness gets nothing
            // 256 KB every 5 ms, one loop turn each, so the kernel's buffers fill before the session's does;
            // at most 200 times (50 MB), until the session closes
            java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(200);
            java.util.concurrent.ScheduledFuture<?>[] task = new java.util.concurrent.ScheduledFuture<?>[1];
            task[0] = s.eventLoop().scheduleAtFixedRate(() -> {
                if (s.readyState() != EngineSocket.ReadyState.OPEN || left.decrementAndGet() < 0) task[0].cancel(false);
                else s.send(chunk);
            }, 5, 5, TimeUnit.MILLISECONDS);
        });
        server = EngineTestKit.start(engine);
        try (RawWebSocket ws = RawWebSocket.open(server.port(), "/engine.io/", 4096).closeAfter(20_000)) {
            Channel ch = channelOf(ws.sid);
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(ws.sid + " transport error write buffer full");
            // from the session's close on, the connection is not read: what the peer uploads stays in its buffers
            assertThat(ch.config().isAutoRead()).isFalse();
            long t0 = System.nanoTime();
            // and it is closed although the close frame cannot be written (the peer's window is zero)
            await().atMost(Duration.ofSeconds(15)).until(() -> !ch.isOpen());
            assertThat((System.nanoTime() - t0) / 1_000_000)
                    .isLessThan(io.enlace.internal.netty.CloseAfterWrite.GRACE_MS + 3000);
        }
        assertWitnessServed();
    }

    @Test
    void peerThatStopsReadingIsClosedAfterItsPingTimeout() throws Exception {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().pingInterval(300).pingTimeout(300).build());
        String big = "y".repeat(512 * 1024);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onClose((reason, desc) -> closes.add(s.id() + " " + reason));
            if (!first.getAndSet(false)) return; // the witness gets nothing
            for (int i = 0; i < 16; i++) s.send(big); // 8 MB for a peer that reads nothing: its window closes
        });
        server = EngineTestKit.start(engine);
        try (RawWebSocket ws = RawWebSocket.open(server.port(), "/engine.io/", 4096).closeAfter(20_000)) {
            Channel ch = channelOf(ws.sid);
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(ws.sid + " ping timeout");
            assertThat(ch.config().isAutoRead()).isFalse();
            await().atMost(Duration.ofSeconds(15)).until(() -> !ch.isOpen());
        }
        assertWitnessServed();
    }

    @Test
    void messagesWaitingForABusySessionLoopPauseTheWebSocketThatBringsThem() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        EngineServer engine = EngineServer.create(EngineOptions.builder().pingInterval(60_000).pingTimeout(60_000)
                .maxPendingInboundBytes(64 * 1024).build());
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onMessage(m -> {
                if ("block".equals(m)) {
                    try {
                        release.await(20, TimeUnit.SECONDS); // the session's loop is busy for a while
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                handled.incrementAndGet();
            });
        });
        // Enlace's own pipelines move an upgrade's WebSocket to its session's loop; an application's pipeline
        // (NettyServer.channelHandler) keeps its channels where they are, so its messages cross loops
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        appGroup = group;
        int port = AppPipeline.start(group, engine);
        io.enlace.testing.EngineTestKit.Http http = new io.enlace.testing.EngineTestKit.Http(port);
        RawWebSocket ws = null;
        Channel ch = null;
        // an upgraded session whose WebSocket is on the other loop (connections go to the loops in turn)
        for (int attempt = 0; attempt < 10 && ch == null; attempt++) {
            String sid = http.handshake("/engine.io/");
            RawWebSocket w = RawWebSocket.upgrade(port, "/engine.io/", sid).closeAfter(40_000);
            w.sendText("2probe");
            assertThat(w.readText()).isEqualTo("3probe");
            w.sendText("5");
            Session s = (Session) sockets.get(sid);
            await().atMost(Duration.ofSeconds(5)).until(() -> s.upgraded());
            Channel c = ((WebSocketConnection) s.webSocket()).channel();
            if (c.eventLoop() != s.eventLoop()) {
                ws = w;
                ch = c;
            } else {
                w.close();
            }
        }
        assertThat(ch).as("a WebSocket on another loop than its session").isNotNull();
        RawWebSocket peer = ws;
        peer.sendText("4block");
        int n = 300; // 10 KB each, 3 MB
        byte[] frame = RawWebSocket.frame(true, RawWebSocket.TEXT, ("4" + "m".repeat(10_000)).getBytes());
        java.util.concurrent.CompletableFuture<Integer> written = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int i = 0;
            try {
                for (; i < n; i++) peer.write(frame);
            } catch (IOException e) {
                // reported by the count
            }
            return i;
        });
        Channel wsChannel = ch;
        // the messages wait for the busy loop: past 64 KB of them the WebSocket is not read any more
        await().atMost(Duration.ofSeconds(10)).until(() -> !wsChannel.config().isAutoRead());
        // what waits stays near the bound: 64 KB, plus the read under way (64 KB at most), plus one message
        WebSocketConnection t = (WebSocketConnection) ((Session) sockets.get(peer.sid)).webSocket();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> t.pendingForLoop() < 64 * 1024 + 64 * 1024 + 10_001);
        release.countDown();
        assertThat(written.get(30, TimeUnit.SECONDS)).isEqualTo(n);
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.get() == n + 1);
        assertThat(wsChannel.config().isAutoRead()).isTrue();
        peer.close();
    }
}
