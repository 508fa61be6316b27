package io.enlace.testing;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.netty.NettyServer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Helpers for Engine.IO tests over real sockets: a server on a free loopback port, an HTTP client, a WebSocket client
 * that queues what it receives, and raw socket exchanges for requests the JDK client cannot send.
 */
public final class EngineTestKit {
    private EngineTestKit() {}

    /** Starts a server on 127.0.0.1 and a free port with these engines. */
    public static NettyServer start(EngineServer... engines) {
        NettyServer.Builder b = NettyServer.builder().host("127.0.0.1").port(0).ioThreads(2);
        for (EngineServer e : engines) b.engine(e);
        return b.build().start().join();
    }

    /** An engine that echoes every message back. */
    public static EngineServer echo(EngineOptions options) {
        EngineServer engine = EngineServer.create(options);
        engine.onConnection(s -> s.onMessage(m -> {
            if (m instanceof String t) s.send(t);
            else s.send((byte[]) m);
        }));
        return engine;
    }

    /**
     * Waits until the server holds a long-poll GET of this polling session (instead of sleeping after sending it). For
     * a polling session {@link EngineSocket#writable()} is true exactly while a GET is parked on the server, as for the
     * reference's polling transport: false once the handshake response is written and again after each answered GET.
     */
    public static void awaitHeldPoll(EngineSocket socket) {
        await("a long-poll GET held by the server for " + socket).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(2)).until(socket::writable);
    }

    /**
     * Waits until every task queued so far on the session's event loop has run (e.g. the hop of a {@code send} made
     * from this thread), so that what the test does next reaches the session after it.
     */
    public static void awaitLoopTasks(EngineSocket socket) {
        try {
            socket.eventLoop().submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the event loop of " + socket + " did not run a task within 10 s", e);
        }
    }

    /** Small HTTP/1.1 client. */
    public static final class Http {
        private final HttpClient client;
        private final String base;

        public Http(int port) { this("http", port, HttpClient.newBuilder()); }

        public Http(String scheme, int port, HttpClient.Builder builder) {
            this.client = builder.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            this.base = scheme + "://127.0.0.1:" + port;
        }

        public Resp get(String pathAndQuery, String... headers) { return send("GET", pathAndQuery, null, headers); }

        public Resp post(String pathAndQuery, String body, String... headers) {
            return send("POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        public Resp send(String method, String pathAndQuery, byte[] body, String... headers) {
            return sendAsync(method, pathAndQuery, body, headers).join();
        }

        public CompletableFuture<Resp> sendAsync(String method, String pathAndQuery, byte[] body, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
            return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(r -> new Resp(r.statusCode(), r.headers().map(), r.body()));
        }

        /** Handshakes over polling; returns the sid. */
        public String handshake(String path) {
            Resp r = get(path + "?EIO=4&transport=polling");
            if (r.status() != 200) throw new AssertionError("handshake failed: " + r);
            String t = r.text();
            int i = t.indexOf("\"sid\":\"") + 7;
            return t.substring(i, t.indexOf('"', i));
        }
    }

    /** An HTTP response. */
    public record Resp(int status, Map<String, List<String>> headers, byte[] body) {
        public String text() { return new String(body, StandardCharsets.UTF_8); }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) return e.getValue().isEmpty() ? null : e.getValue().get(0);
            }
            return null;
        }

        @Override
        public String toString() { return "Resp[" + status + ", " + text() + "]"; }
    }

    /** A WebSocket client (JDK) that queues messages: String for text, byte[] for binary, {@link Closed} at the end. */
    public static final class Ws implements WebSocket.Listener {
        public final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        public final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream bin = new ByteArrayOutputStream();
        private final boolean autoRequest;
        public WebSocket socket;

        private Ws(boolean autoRequest) { this.autoRequest = autoRequest; }

        /** Connects; with {@code autoRequest=false} the client reads only what {@link #request} asks for. */
        public static Ws connect(String uri, boolean autoRequest, String... headers) {
            return connectWith(HttpClient.newHttpClient(), uri, autoRequest, headers);
        }

        /** Connects through this client (e.g. one with a TLS context). */
        public static Ws connectWith(HttpClient client, String uri) { return connectWith(client, uri, true); }

        public static Ws connectWith(HttpClient client, String uri, boolean autoRequest, String... headers) {
            Ws ws = new Ws(autoRequest);
            WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
            ws.socket = b.buildAsync(URI.create(uri), ws).join();
            return ws;
        }

        public static Ws connect(String uri) { return connect(uri, true); }

        public void request(long n) { socket.request(n); }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(autoRequest ? Long.MAX_VALUE : 0);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bin.writeBytes(b);
            if (last) {
                received.add(bin.toByteArray());
                bin.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Closed c = new Closed(statusCode, reason);
            received.add(c);
            closed.complete(c);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            Closed c = new Closed(-1, String.valueOf(error));
            received.add(c);
            closed.complete(c);
        }

        /** Next message within the timeout, or null. */
        public Object next(long ms) throws InterruptedException { return received.poll(ms, TimeUnit.MILLISECONDS); }

        /** Next message that is not a ping ("2"); answers pings with "3" when {@code pong}. */
        public Object nextNonPing(long ms, boolean pong) throws InterruptedException {
            long end = System.nanoTime() + ms * 1_000_000;
            while (true) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) return null;
                Object o = next(left);
                if ("2".equals(o)) {
                    if (pong) send("3");
                    continue;
                }
                return o;
            }
        }

        public void send(String s) { socket.sendText(s, true).join(); }

        public void sendBinary(byte[] b) { socket.sendBinary(ByteBuffer.wrap(b), true).join(); }

        public Closed awaitClose(long ms) throws Exception { return closed.get(ms, TimeUnit.MILLISECONDS); }

        public void abort() { socket.abort(); }
    }

    /** A WebSocket close as seen by the client. */
    public record Closed(int code, String reason) {}

    /**
     * Sends raw bytes and reads the response until the server closes the connection, the timeout expires, or a
     * complete response (headers + Content-Length body) arrived.
     */
    public static String raw(int port, String request, long timeoutMs) throws IOException {
        return raw(port, request.getBytes(StandardCharsets.ISO_8859_1), timeoutMs);
    }

    public static String raw(int port, byte[] request, long timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout((int) timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            return readResponse(s.getInputStream(), timeoutMs);
        }
    }

    /** Reads one HTTP response (headers + Content-Length body) or until EOF/timeout. */
    public static String readResponse(InputStream in, long timeoutMs) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long end = System.currentTimeMillis() + timeoutMs;
        byte[] chunk = new byte[8192];
        while (System.currentTimeMillis() < end) {
            int n;
            try {
                n = in.read(chunk);
            } catch (java.net.SocketTimeoutException e) {
                break;
            } catch (java.net.SocketException e) {
                break;
            }
            if (n < 0) break;
            buf.write(chunk, 0, n);
            String s = buf.toString(StandardCharsets.ISO_8859_1);
            int h = s.indexOf("\r\n\r\n");
            if (h >= 0) {
                int cl = contentLength(s.substring(0, h));
                if (cl >= 0 && s.length() >= h + 4 + cl) break;
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /**
     * Reads a response head up to and including its blank line, and nothing more: for "100 Continue" and "101 Switching
     * Protocols", which have no body to wait for. Fails on EOF or after 16 KB.
     */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!(head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4)) {
            if (head.length() >= 16384) throw new IOException("no end of head in 16 KB: " + head);
            int c = in.read();
            if (c < 0) throw new EOFException("connection closed after: " + head);
            head.append((char) c);
        }
        return head.toString();
    }

    /** The upgrade request of a raw Engine.IO WebSocket client (no sid), with {@code extraHeaderLines} ("Name: value\r\n"). */
    public static byte[] wsUpgradeRequest(String extraHeaderLines) {
        return ("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaderLines + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A WebSocket frame as the server sent it (servers do not mask). */
    public record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        public static final int TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

        public String text() { return new String(payload, StandardCharsets.UTF_8); }

        /** The payload of a permessage-deflate frame (RSV1 set), inflated. */
        public String inflatedText() throws IOException {
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            try {
                byte[] in = java.util.Arrays.copyOf(payload, payload.length + 4); // + the 00 00 FF FF the sender removed
                in[payload.length + 2] = (byte) 0xFF;
                in[payload.length + 3] = (byte) 0xFF;
                inf.setInput(in);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                for (int i = 0; i < 1000 && !inf.needsInput(); i++) out.write(buf, 0, inf.inflate(buf));
                return out.toString(StandardCharsets.UTF_8);
            } catch (java.util.zip.DataFormatException e) {
                throw new IOException("not a deflated payload", e);
            } finally {
                inf.end();
            }
        }
    }

    /** Reads one WebSocket frame; fails on EOF. */
    public static Frame readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) throw new EOFException("no frame");
        long len = b1 & 0x7f;
        if (len == 126) {
            len = ((long) readByte(in) << 8) | readByte(in);
        } else if (len == 127) {
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | readByte(in);
        }
        if (len > 64 * 1024 * 1024) throw new IOException("frame of " + len + " bytes");
        byte[] payload = in.readNBytes((int) len);
        if (payload.length != len) throw new EOFException("frame cut after " + payload.length + " of " + len + " bytes");
        return new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0f, payload);
    }

    /** Writes one final, masked client frame (payload under 64 KB). */
    public static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        f.write(mask);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
        out.write(f.toByteArray());
        out.flush();
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("frame header cut");
        return b;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int c = line.indexOf(':');
            if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(c + 1).trim());
            }
        }
        return -1;
    }

    /** Collects events in order for assertions. */
    public static final class Recorder {
        public final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        public void add(String e) { events.add(e); }

        public String next(long ms) throws InterruptedException { return events.poll(ms, TimeUnit.MILLISECONDS); }

        public List<String> drain() {
            List<String> l = new ArrayList<>();
            events.drainTo(l);
            return l;
        }
    }
}
