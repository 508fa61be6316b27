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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network ports of a session, faked for tests that drive a {@link Session} on a loop without sockets: a long-poll
 * request and a WebSocket connection that record, as text, what the session gives them (and release every buffer).
 */
final class FakePorts {
    static final long WAIT = 5;

    private FakePorts() {}

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
            try {
                if (!typed) answers.add(payload.toString(StandardCharsets.UTF_8));
                else answers.add(contentType + " " + (contentType.startsWith("application/octet-stream")
                        ? ByteBufUtil.hexDump(payload) : payload.toString(StandardCharsets.UTF_8)));
            } finally {
                payload.release();
            }
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }

        String next() throws InterruptedException {
            String a = answers.poll(WAIT, TimeUnit.SECONDS);
            assertThat(a).as("an answer").isNotNull();
            return a;
        }
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
            try {
                if (text) written.add(data.toString(StandardCharsets.UTF_8));
                else written.add(hex ? "bin " + ByteBufUtil.hexDump(data) : "binary " + data.readableBytes());
            } finally {
                data.release();
            }
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }

        String next() throws InterruptedException {
            String m = written.poll(WAIT, TimeUnit.SECONDS);
            assertThat(m).as("a message").isNotNull();
            return m;
        }
    }
}
