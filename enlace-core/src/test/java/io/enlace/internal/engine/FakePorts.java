package io.enlace.internal.engine;

import io.enlace.engine.EngineError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network ports of a session, faked for tests that drive a {@link Session} on a loop without sockets: a long-poll
 * request and a WebSocket connection that record, as text, what the session gives them (and release every buffer).
 */
final class FakePorts {
    static final long WAIT = 5;

    private FakePorts() {}

    /** Records what {@code buf} holds, as {@code describe} says, releases it; a write that succeeded. */
    private static Future<Void> record(BlockingQueue<String> into, ByteBuf buf, Function<ByteBuf, String> describe) {
        try {
            into.add(describe.apply(buf));
        } finally {
            buf.release();
        }
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }

    /** The next record, waiting up to {@link #WAIT} seconds for it ({@code what}: for the failure's message). */
    private static String next(BlockingQueue<String> from, String what) throws InterruptedException {
        String r = from.poll(WAIT, TimeUnit.SECONDS);
        assertThat(r).as(what).isNotNull();
        return r;
    }

    /** A long-poll GET (or a POST): records its answers. */
    static class Get implements PollExchange {
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final String initialSid;
        private final boolean typed;

        /**
         * @param initialSid the sid of a handshake request, null for the requests of an open session
         * @param typed      answers as {@code <content type> <body>} (binary bodies in hex), else the body's text only
         */
        Get(String initialSid, boolean typed) {
            this.initialSid = initialSid;
            this.typed = typed;
        }

        @Override public ByteBufAllocator alloc() { return UnpooledByteBufAllocator.DEFAULT; }
        @Override public String initialSid() { return initialSid; }
        @Override public void onConnectionLost(Runnable task) { }
        @Override public void ok() { answers.add("ok"); }
        @Override public void refuse(EngineError error, String contextName) { answers.add("refuse " + error + " " + contextName); }

        @Override
        public Future<Void> respond(ByteBuf payload, String contentType, boolean compress) {
            return record(answers, payload, b -> !typed ? b.toString(StandardCharsets.UTF_8)
                    : contentType + " " + (contentType.startsWith("application/octet-stream")
                            ? ByteBufUtil.hexDump(b) : b.toString(StandardCharsets.UTF_8)));
        }

        String next() throws InterruptedException { return FakePorts.next(answers, "an answer"); }
    }

    /** A WebSocket connection: records the messages written (text as it is) and the close. */
    static class Ws implements FrameChannel {
        final BlockingQueue<String> written = new LinkedBlockingQueue<>();
        volatile boolean closed;
        private final boolean hex;

        /** @param hex binary messages as {@code bin <hex>}, else as {@code binary <length>} */
        Ws(boolean hex) { this.hex = hex; }

        @Override public ByteBufAllocator alloc() { return UnpooledByteBufAllocator.DEFAULT; }
        @Override public boolean isActive() { return !closed; }
        @Override public boolean isWritable() { return !closed; }
        @Override public void flushSoon() { }
        @Override public void close() { closed = true; }
        @Override public void pauseReads(boolean pause) { }

        @Override
        public Future<Void> write(ByteBuf data, boolean text, boolean compress) {
            return record(written, data, b -> text ? b.toString(StandardCharsets.UTF_8)
                    : hex ? "bin " + ByteBufUtil.hexDump(b) : "binary " + b.readableBytes());
        }

        String next() throws InterruptedException { return FakePorts.next(written, "a message"); }
    }
}
