package io.enlace.interop;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A raw TCP peer for the differential test: writes bytes exactly as given (malformed requests included) and reads
 * HTTP/1.1 responses and WebSocket frames, each bounded in time. Loopback only.
 */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawPeer(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void write(String latin1) throws IOException { write(latin1.getBytes(StandardCharsets.ISO_8859_1)); }

    /** An HTTP request with Host and, for a body, Content-Length; {@code extraHeaders} are whole lines without CRLF. */
    static byte[] request(String method, String target, byte[] body, String... extraHeaders) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : extraHeaders) sb.append(h).append("\r\n");
        if (body != null) sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) return head;
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** A response; {@code status} -1 means the peer closed without (a complete) response, 0 a time-out. */
    record Response(int status, String headers, byte[] body) {
        String text() { return new String(body, StandardCharsets.UTF_8); }

        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).trim().equalsIgnoreCase(name)) return line.substring(c + 1).trim();
            }
            return null;
        }

        boolean closes() { return "close".equalsIgnoreCase(header("connection")); }
    }

    static final Response CLOSED = new Response(-1, "", new byte[0]);
    static final Response TIMEOUT = new Response(0, "", new byte[0]);

    /** Reads one response (skipping 100 Continue); HEAD responses have no body. */
    Response readResponse(long timeoutMs, boolean head) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            while (true) {
                String headText = readHead(deadline);
                if (headText == null) return CLOSED;
                int sp = headText.indexOf(' ');
                int status = Integer.parseInt(headText.substring(sp + 1, sp + 4));
                if (status == 100) continue;
                Response r = new Response(status, headText, new byte[0]);
                if (head || status == 101 || status == 204 || status == 304) return r;
                String te = r.header("transfer-encoding");
                String cl = r.header("content-length");
                byte[] body;
                if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                    body = readChunked(deadline);
                } else if (cl != null) {
                    body = readExactly(Integer.parseInt(cl), deadline);
                } else {
                    body = readToEof(deadline);
                }
                if (body == null) return CLOSED;
                return new Response(status, headText, body);
            }
        } catch (SocketTimeoutException e) {
            return TIMEOUT;
        } catch (EOFException | java.net.SocketException e) {
            return CLOSED;
        }
    }

    private void arm(long deadline) throws IOException {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) throw new SocketTimeoutException();
        socket.setSoTimeout((int) left);
    }

    private int read(long deadline) throws IOException {
        arm(deadline);
        return in.read();
    }

    private String readHead(long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (true) {
            int c = read(deadline);
            if (c < 0) return null;
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (c == '\r' ? 1 : 0);
            if (matched == 4) return b.toString(StandardCharsets.ISO_8859_1);
            if (b.size() > 65536) throw new IOException("response head too long");
        }
    }

    private byte[] readExactly(int n, long deadline) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            arm(deadline);
            int r = in.read(buf, off, n - off);
            if (r < 0) return null;
            off += r;
        }
        return buf;
    }

    private byte[] readChunked(long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            String line = readLine(deadline);
            if (line == null) return null;
            int semi = line.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (true) { // trailers
                    String t = readLine(deadline);
                    if (t == null || t.isEmpty()) return b.toByteArray();
                }
            }
            byte[] chunk = readExactly(size, deadline);
            if (chunk == null) return null;
            b.write(chunk);
            readLine(deadline);
        }
    }

    private String readLine(long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = read(deadline);
            if (c < 0) return null;
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
    }

    private byte[] readToEof(long deadline) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            arm(deadline);
            int r = in.read(buf);
            if (r < 0) return b.toByteArray();
            b.write(buf, 0, r);
        }
    }

    /** True when the peer closed the connection within {@code ms} (EOF or reset); false when it is still open. */
    boolean closedWithin(long ms) throws IOException {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        try {
            return read(deadline) < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    // ---- WebSocket (RFC 6455) ----

    static final int TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

    /** A frame; {@code opcode} -1 means the connection closed, 0 with null payload a time-out. */
    record Frame(int opcode, byte[] payload) {
        String text() { return new String(payload, StandardCharsets.UTF_8); }

        int closeCode() { return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005; }
    }

    static final Frame EOF = new Frame(-1, new byte[0]);
    static final Frame NO_FRAME = new Frame(0, null);

    /** Sends one masked frame. */
    void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            b.write(0x80 | n);
        } else if (n < 65536) {
            b.write(0x80 | 126);
            b.write(n >>> 8);
            b.write(n);
        } else {
            b.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) b.write((int) ((long) n >>> (8 * i)));
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        b.write(mask, 0, 4);
        for (int i = 0; i < n; i++) b.write(payload[i] ^ mask[i & 3]);
        write(b.toByteArray());
    }

    void sendText(String s) throws IOException { sendFrame(true, TEXT, s.getBytes(StandardCharsets.UTF_8)); }

    /** Reads one (unmasked, server) frame. */
    Frame readFrame(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            int b0 = read(deadline);
            if (b0 < 0) return EOF;
            int b1 = read(deadline);
            if (b1 < 0) return EOF;
            long len = b1 & 0x7f;
            if (len == 126) {
                byte[] l = readExactly(2, deadline);
                if (l == null) return EOF;
                len = ((l[0] & 0xff) << 8) | (l[1] & 0xff);
            } else if (len == 127) {
                byte[] l = readExactly(8, deadline);
                if (l == null) return EOF;
                len = 0;
                for (byte x : l) len = (len << 8) | (x & 0xff);
            }
            if (len > 16 << 20) throw new IOException("frame too long: " + len);
            byte[] payload = readExactly((int) len, deadline);
            if (payload == null) return EOF;
            return new Frame(b0 & 0x0f, payload);
        } catch (SocketTimeoutException e) {
            return NO_FRAME;
        } catch (java.net.SocketException e) {
            return EOF;
        }
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
