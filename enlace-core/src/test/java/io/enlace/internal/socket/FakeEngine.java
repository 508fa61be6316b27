package io.enlace.internal.socket;

import io.enlace.engine.CloseReason;
import io.enlace.engine.ConnectionError;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** An in-process Engine.IO server and sockets, for unit tests of the Socket.IO layer. */
final class FakeEngine implements EngineServer {
    final EventLoop loop = new DefaultEventLoop();
    private final EngineOptions options;
    private final List<Consumer<EngineSocket>> listeners = new CopyOnWriteArrayList<>();
    final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeEngine(EngineOptions options) { this.options = options; }

    /** Opens a connection (handshake done) and returns it. */
    Conn connect() {
        Conn c = new Conn("eio" + ids.incrementAndGet());
        conns.add(c);
        run(() -> listeners.forEach(l -> l.accept(c)));
        return c;
    }

    void run(Runnable r) {
        try {
            loop.submit(r).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void shutdown() { loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS); }

    @Override public EngineOptions options() { return options; }
    @Override public void onConnection(Consumer<EngineSocket> listener) { listeners.add(listener); }
    @Override public void onConnectionError(Consumer<ConnectionError> listener) { }
    @Override public void onInitialHeaders(BiConsumer<HttpHeaders, HttpRequest> listener) { }
    @Override public void onHeaders(BiConsumer<HttpHeaders, HttpRequest> listener) { }
    @Override public int clientsCount() { return (int) conns.stream().filter(c -> c.state == State.OPEN).count(); }

    @Override
    public CompletableFuture<Void> close() {
        for (Conn c : conns) c.close();
        return CompletableFuture.completedFuture(null);
    }

    private enum State { OPEN, CLOSED }

    /** One fake session: records what the server sends; {@link #receive} feeds client messages. */
    final class Conn implements EngineSocket {
        private final String id;
        volatile State state = State.OPEN;
        volatile boolean writable = true;
        final BlockingQueue<Object> sent = new LinkedBlockingQueue<>();
        final List<List<?>> batches = new CopyOnWriteArrayList<>();
        final List<Boolean> compressFlags = new CopyOnWriteArrayList<>();
        private final List<Consumer<Object>> messageListeners = new CopyOnWriteArrayList<>();
        private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
        final HttpHeaders headers = new DefaultHttpHeaders().add("Host", "localhost").add("X-Test", "1");
        volatile CloseReason closedWith;

        Conn(String id) { this.id = id; }

        /** A message from the client, delivered on the loop. */
        void receive(Object message) { run(() -> { if (state == State.OPEN) messageListeners.forEach(l -> l.accept(message)); }); }

        /** The transport drops (client side). */
        void drop(CloseReason reason) { run(() -> doClose(reason)); }

        private void doClose(CloseReason reason) {
            if (state == State.CLOSED) return;
            state = State.CLOSED;
            closedWith = reason;
            closeListeners.forEach(l -> l.onClose(reason, null));
        }

        /** Next message sent by the server (text or byte[]), waiting up to 2 s. */
        Object next() {
            try {
                Object m = sent.poll(2, TimeUnit.SECONDS);
                if (m == null) throw new AssertionError("nothing sent within 2 s");
                return m;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        String nextText() {
            Object m = next();
            if (!(m instanceof String s)) throw new AssertionError("expected text, got binary");
            return s;
        }

        /**
         * Asserts the server has sent nothing more to this connection, once every task queued on the loop so far has
         * run (the server's writes to a connection happen on the loop or before a task queued after them).
         */
        void assertNothingSent() {
            run(() -> { });
            assertThat(sent).as("sent to " + id).isEmpty();
        }

        /** Next message, or null after {@code ms}. */
        Object poll(long ms) {
            try {
                return sent.poll(ms, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        boolean closed() { return state == State.CLOSED; }

        @Override public String id() { return id; }
        @Override public int protocol() { return 4; }
        @Override public String transportName() { return "websocket"; }
        @Override public boolean upgraded() { return false; }
        @Override public EngineSocket.ReadyState readyState() {
            return state == State.OPEN ? EngineSocket.ReadyState.OPEN : EngineSocket.ReadyState.CLOSED;
        }
        @Override public SocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 40000); }
        @Override public HttpHeaders requestHeaders() { return headers; }
        @Override public Map<String, List<String>> query() { return Map.of("EIO", List.of("4"), "foo", List.of("bar")); }
        @Override public String url() { return "/socket.io/?EIO=4&transport=websocket&foo=bar"; }
        @Override public boolean secure() { return false; }
        @Override public EventLoop eventLoop() { return loop; }
        @Override public boolean writable() { return writable; }
        @Override public void send(String text, boolean compress) { sendAll(List.of(text), compress); }
        @Override public void send(byte[] data, boolean compress) { sendAll(List.of(data), compress); }

        @Override
        public void sendAll(List<?> messages, boolean compress) {
            if (state != State.OPEN) return;
            batches.add(messages);
            compressFlags.add(compress);
            sent.addAll(new ArrayList<>(messages));
        }

        @Override
        public void close() {
            if (loop.inEventLoop()) doClose(CloseReason.FORCED_CLOSE);
            else loop.execute(() -> doClose(CloseReason.FORCED_CLOSE));
        }

        @Override public void onMessage(Consumer<Object> listener) { messageListeners.add(listener); }
        @Override public void onPacket(Consumer<EnginePacketInfo> listener) { }
        @Override public void onDrain(Runnable listener) { }
        @Override public void onUpgrading(Runnable listener) { }
        @Override public void onUpgrade(Runnable listener) { }
        @Override public void onClose(CloseListener listener) { closeListeners.add(listener); }
        @Override public void onError(Consumer<Throwable> listener) { }
    }
}
