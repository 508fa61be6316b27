package io.enlace.internal.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LoopFlusher} through {@link WebSocketConnection#flushSoon()}: on an event loop, what a task writes is flushed
 * once, after the task; off an event loop, at once.
 */
class LoopFlusherTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Counts the flushes that reach the channel. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }

    private static int drain(EmbeddedChannel ch) {
        int n = 0;
        for (Object m; (m = ch.readOutbound()) != null; n++) ReferenceCountUtil.release(m);
        return n;
    }

    @Test
    void writesOfOneTaskAreFlushedOnceAfterTheTask() throws Exception {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel ch = new EmbeddedChannel(counter);
        WebSocketConnection c = new WebSocketConnection(ch);
        int[] duringTask = new int[1];
        loop.submit(() -> {
            c.write(Unpooled.copiedBuffer(new byte[] {'4', 'a'}), true, true);
            c.flushSoon();
            c.write(Unpooled.copiedBuffer(new byte[] {'4', 'b'}), true, true);
            c.flushSoon();
            duringTask[0] = counter.flushes.get();
        }).sync();
        // the flusher runs as the next task of the loop: a task queued after it sees it done
        loop.submit(() -> { }).sync();
        assertThat(duringTask[0]).as("nothing flushed inside the task").isZero();
        assertThat(counter.flushes.get()).as("one flush for the turn").isEqualTo(1);
        assertThat(drain(ch)).isEqualTo(2);

        // a later turn is flushed again
        loop.submit(() -> {
            c.write(Unpooled.copiedBuffer(new byte[] {'4', 'c'}), true, true);
            c.flushSoon();
        }).sync();
        loop.submit(() -> { }).sync();
        assertThat(counter.flushes.get()).isEqualTo(2);
        assertThat(drain(ch)).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void offAnEventLoopTheFlushIsImmediate() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel ch = new EmbeddedChannel(counter);
        WebSocketConnection c = new WebSocketConnection(ch);
        c.write(Unpooled.copiedBuffer(new byte[] {'4', 'a'}), true, true);
        c.flushSoon();
        assertThat(counter.flushes.get()).isEqualTo(1);
        assertThat(drain(ch)).isEqualTo(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void connectionsWrittenInOneTaskAreEachFlushedOnce() throws Exception {
        FlushCounter ca = new FlushCounter();
        FlushCounter cb = new FlushCounter();
        EmbeddedChannel a = new EmbeddedChannel(ca);
        EmbeddedChannel b = new EmbeddedChannel(cb);
        WebSocketConnection wa = new WebSocketConnection(a);
        WebSocketConnection wb = new WebSocketConnection(b);
        loop.submit(() -> {
            for (int i = 0; i < 3; i++) {
                wa.write(Unpooled.copiedBuffer(new byte[] {'4'}), true, true);
                wa.flushSoon();
                wb.write(Unpooled.copiedBuffer(new byte[] {'4'}), true, true);
                wb.flushSoon();
            }
        }).sync();
        loop.submit(() -> { }).sync();
        assertThat(ca.flushes.get()).isEqualTo(1);
        assertThat(cb.flushes.get()).isEqualTo(1);
        assertThat(drain(a)).isEqualTo(3);
        assertThat(drain(b)).isEqualTo(3);
        a.finishAndReleaseAll();
        b.finishAndReleaseAll();
    }
}
