package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.netty.RealEngineServer;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real engine ({@link EngineServer} and its {@link EngineCore}) on one {@link DefaultEventLoop}, whose sessions are
 * real {@link Session}s opened on a {@link LoopbackTransport} instead of a network connection: the layers above the
 * engine (the Socket.IO server) are tested through the path production takes (the session owner, the session's
 * batching and close sequence), without sockets.
 */
public final class EngineHarness {
    /** The loop every session of this harness runs on. */
    public final EventLoop loop = new DefaultEventLoop();
    private final RealEngineServer engine;

    public EngineHarness(EngineOptions options) {
        this.engine = RealEngineServer.of(RealEngineServer.create(options));
    }

    /** The engine (what {@code SocketIoServer.engine()} returns). */
    public EngineServer engine() { return engine; }

    /** The engine's core (where the Socket.IO server takes its sessions). */
    public EngineCore core() { return engine.core(); }

    /** Opens a session as a WebSocket handshake does (101 written), on the loop; returns once it is open. */
    public Conn connect() { return connect(EngineProtocol.V4); }

    /**
     * Opens a session of this Engine.IO revision ({@code EIO=3} or {@code 4} in its query, with {@code foo=bar}) as a
     * WebSocket handshake does, on the loop; returns once it is open.
     */
    public Conn connect(EngineProtocol protocol) {
        HttpHeaders headers = new DefaultHttpHeaders().add("Host", "localhost").add("X-Test", "1");
        String eio = String.valueOf(protocol.number());
        HandshakeRequest req = new HandshakeRequest(new InetSocketAddress("127.0.0.1", 40000), headers,
                Map.of("EIO", List.of(eio), "foo", List.of("bar")), "/socket.io/?EIO=" + eio + "&transport=websocket&foo=bar",
                false, protocol);
        return call(() -> {
            Session s = core().newSession(loop, req, "websocket");
            Conn c = new Conn(s);
            s.onClose((reason, description) -> c.closedWith = reason);
            core().open(s, c.transport);
            return c;
        });
    }

    /** Runs {@code task} on the loop and waits for it (5 s at most). */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private <T> T call(Callable<T> task) {
        try {
            return loop.submit(task).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public void shutdown() { loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS); }

    /** One session on a loopback transport: what the server sends is recorded; {@link #receive} plays the client. */
    public final class Conn {
        private final Session session;
        private final LoopbackTransport transport = new LoopbackTransport();
        /** The close reason of the session, once closed. */
        public volatile CloseReason closedWith;

        private Conn(Session session) { this.session = session; }

        public Session session() { return session; }

        /** The session id. */
        public String id() { return session.id(); }

        /** Adds a close listener to the session. */
        public void onClose(EngineSocket.CloseListener listener) { session.onClose(listener); }

        /** Each flush's messages (one broadcast or one {@code sendAll} each), data as the session was given it. */
        public List<List<Object>> batches() { return transport.batches; }

        /** The compress flag of each message sent. */
        public List<Boolean> compressFlags() { return transport.compressFlags; }

        /** The transport's writability hint (volatile packets are dropped when false). */
        public void writable(boolean writable) { transport.writable = writable; }

        /** A message from the client (text or byte[]), handed to the session on the loop; returns once handled. */
        public void receive(Object message) {
            run(() -> {
                if (message instanceof String t) {
                    String frame = "4" + t;
                    Inbound.onText(session, transport, session.protocolRevision().frameCodec(session.query()), frame, frame.getBytes(StandardCharsets.UTF_8).length);
                } else {
                    byte[] data = (byte[]) message;
                    if (session.protocolRevision() == EngineProtocol.V3) { // a v3 binary message starts with its type
                        byte[] framed = new byte[data.length + 1];
                        framed[0] = 4;
                        System.arraycopy(data, 0, framed, 1, data.length);
                        data = framed;
                    }
                    Inbound.onBinary(session, transport, session.protocolRevision().frameCodec(session.query()), data);
                }
            });
        }

        /** The session ends for {@code reason} (the transport dropped, a ping timed out), on the loop. */
        public void drop(CloseReason reason) { run(() -> session.onClose(reason, null)); }

        /** Next message sent by the server (text or byte[]), waiting up to 2 s. */
        public Object next() {
            Object m = poll(2000);
            if (m == null) throw new AssertionError("nothing sent within 2 s");
            return m;
        }

        public String nextText() {
            Object m = next();
            if (!(m instanceof String s)) throw new AssertionError("expected text, got binary");
            return s;
        }

        /**
         * Asserts the server has sent nothing more to this session, once every task queued on the loop so far has run
         * (the server's writes to a session happen on the loop or before a task queued after them).
         */
        public void assertNothingSent() {
            run(() -> { });
            assertThat(transport.sent).as("sent to " + session.id()).isEmpty();
        }

        /** Next message, or null after {@code ms}. */
        public Object poll(long ms) {
            try {
                return transport.sent.poll(ms, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        /** Whether the session is closed. */
        public boolean closed() { return session.isClosed(); }
    }
}
