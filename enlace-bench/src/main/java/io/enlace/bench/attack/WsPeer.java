package io.enlace.bench.attack;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Socket.IO client over a plain blocking socket and hand-made WebSocket frames, for the attacker (it can write any
 * frame and never read) and for the witness and the probes (which read on their own thread). Not thread-safe for
 * writes: one writer at a time.
 */
final class WsPeer implements AutoCloseable {
    static final int TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

    final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private WsPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Connects to the Socket.IO path over WebSocket and reads the 101 and the Engine.IO open packet.
     * {@code receiveBuffer} > 0 sets SO_RCVBUF first (a peer that does not read then fills up quickly).
     */
    static WsPeer open(int port, int receiveBuffer, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            WsPeer p = new WsPeer(s);
            p.out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: YXR0YWNrLWJlbmNoLWtleQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            p.out.flush();
            StringBuilder head = new StringBuilder();
            for (int n = 0; n < 8192 && !head.toString().endsWith("\r\n\r\n"); n++) {
                int c = p.in.read();
                if (c < 0) throw new EOFException("closed before the 101");
                head.append((char) c);
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) throw new IOException("no 101: " + head.toString().trim());
            String open = p.readText();
            if (!open.startsWith("0{")) throw new IOException("no open packet: " + open);
            return p;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends the Socket.IO CONNECT for {@code nsp} (with an auth object or null) and waits for the answer. */
    String connect(String nsp, String authJson) throws IOException {
        String n = "/".equals(nsp) ? "" : nsp + ",";
        sendText("40" + n + (authJson == null ? "" : authJson));
        for (int i = 0; i < 100; i++) {
            String t = readText();
            if (t.equals("2")) {
                sendText("3");
                continue;
            }
            if (t.startsWith("40" + n)) return t;
            if (t.startsWith("44" + n)) throw new IOException("refused: " + t);
        }
        throw new IOException("no CONNECT answer");
    }

    /** One masked frame, as bytes (to batch many into one write). */
    static byte[] frame(int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x80 | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) ((long) payload.length >> shift) & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
        return f.toByteArray();
    }

    static byte[] textFrame(String s) { return frame(TEXT, s.getBytes(StandardCharsets.UTF_8)); }

    synchronized void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendText(String s) throws IOException { write(textFrame(s)); }

    /** The next text frame (pings are answered, pongs skipped); EOF on a close frame. */
    String readText() throws IOException {
        for (int n = 0; n < 10_000; n++) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) throw new EOFException("connection closed");
            long len = b1 & 0x7f;
            if (len == 126) {
                len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
            } else if (len == 127) {
                len = 0;
                for (int k = 0; k < 8; k++) len = (len << 8) | (in.read() & 0xff);
            }
            if (len > 64L << 20) throw new IOException("frame of " + len + " bytes");
            byte[] p = in.readNBytes((int) len);
            int op = b0 & 0x0f;
            if (op == TEXT) return new String(p, StandardCharsets.UTF_8);
            if (op == CLOSE) throw new EOFException("closed by the server");
            if (op == PING) write(frame(PONG, p));
        }
        throw new IOException("no text frame");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone
        }
    }
}
