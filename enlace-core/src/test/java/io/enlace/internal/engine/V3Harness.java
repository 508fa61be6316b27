package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine.IO v3 sessions on a real event loop with fake ports (no socket, no pipeline): opens them as the HTTP side
 * does, feeds POST bodies through the session's codec as {@code EngineHttpEndpoint} does, records answers, messages
 * and closes.
 */
final class V3Harness implements AutoCloseable {
    static final long WAIT = 5;
    final DefaultEventLoop loop = new DefaultEventLoop();
    final EngineCore core;
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

    V3Harness(EngineOptions opts) {
        core = new EngineCore(opts);
        core.onConnection(s -> {
            s.onClose((reason, description) -> closes.add(reason.reason() + (description == null ? "" : ": " + description)));
            s.onMessage(messages::add);
        });
    }

    @Override
    public void close() throws Exception {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** A GET (or a POST): its answers as {@code <content type> <body>} (binary bodies in hex). */
    static final class Get extends FakePorts.Get {
        Get(String initialSid) { super(initialSid, true); }
    }

    /** A WebSocket connection: its messages, text as they are, binary as {@code bin <hex>}. */
    static final class Ws extends FakePorts.Ws {
        Ws() { super(true); }
    }

    <T> T onLoop(Callable<T> task) throws Exception {
        return loop.submit(task).get(WAIT, TimeUnit.SECONDS);
    }

    void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(WAIT, TimeUnit.SECONDS);
    }

    /** The query of a v3 request: {@code EIO=3}, the transport, then {@code more} as name/value pairs. */
    static Map<String, List<String>> query(String transport, String... more) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("EIO", List.of("3"));
        q.put("transport", List.of(transport));
        for (int i = 0; i < more.length; i += 2) q.put(more[i], List.of(more[i + 1]));
        return q;
    }

    static HandshakeRequest request(Map<String, List<String>> query) {
        return new HandshakeRequest(new InetSocketAddress("127.0.0.1", 40000), new DefaultHttpHeaders(), query,
                "/engine.io/?EIO=3", false, EngineProtocol.revision(QueryParams.last(query, "EIO")));
    }

    /** Opens a polling session; returns it and the handshake GET's answer through {@code handshake}. */
    Session polling(Map<String, List<String>> query, Get handshake) throws Exception {
        Session s = onLoop(() -> core.newSession(loop, request(query), "polling"));
        onLoop(() -> core.openPolling(s, handshake));
        return s;
    }

    Get get(Session s) throws Exception {
        Get get = new Get(null);
        onLoop(() -> s.onPollRequest(get));
        return get;
    }

    /** A POST with this body and content type, decoded on "the request's loop" (here) as the HTTP side does. */
    Get post(Session s, String contentType, byte[] body) throws Exception {
        Get post = new Get(null);
        Object token = new Object();
        List<InPacket> packets = null;
        String error = null;
        ByteBuf b = Unpooled.wrappedBuffer(body);
        try {
            packets = s.payloadCodec().decode(b, contentType);
        } catch (DecodeException e) {
            error = e.getMessage();
        } finally {
            b.release();
        }
        List<InPacket> p = packets;
        String err = error;
        onLoop(() -> {
            if (s.onPostStart(post, contentType, token)) s.onPostBody(post, token, p, err, body.length);
        });
        return post;
    }

    Get post(Session s, String text) throws Exception {
        return post(s, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    String nextClose() throws InterruptedException {
        String c = closes.poll(WAIT, TimeUnit.SECONDS);
        assertThat(c).as("a close").isNotNull();
        return c;
    }

    Object nextMessage() throws InterruptedException {
        Object m = messages.poll(WAIT, TimeUnit.SECONDS);
        assertThat(m).as("a message").isNotNull();
        return m;
    }

    static EngineSocket socket(Session s) { return s; }
}
