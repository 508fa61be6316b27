package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Ws;
import io.enlace.testing.RawWebSocket;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
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
    }

    private Channel channelOf(String sid) {
        await().atMost(Duration.ofSeconds(5)).until(() -> sockets.containsKey(sid));
        return ((Session) sockets.get(sid)).webSocket().channel();
    }

    /** Bytes waiting in Netty's outbound buffer of {@code ch} (read on its loop); 0 once closed. */
    private static long pendingWrites(Channel ch) throws Exception {
        return ch.eventLoop().submit(() -> {
            ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
            return b == null ? 0L : b.totalPendingWriteBytes();
        }).get(5, TimeUnit.SECONDS);
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
                maxPending = Math.max(maxPending, pendingWrites(ch));
            }
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo(ws.sid + " transport error write buffer full");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ch.isOpen());
            // pongs are not queued while the peer does not read: Netty's buffer stays near its high-water mark
            assertThat(maxPending).isLessThan(MAX_BUFFERED + 2L * ch.config().getWriteBufferHighWaterMark());
        }
        assertWitnessServed();
    }
}
