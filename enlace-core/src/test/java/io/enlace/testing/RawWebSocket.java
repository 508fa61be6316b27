package io.enlace.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for peers that misbehave: it writes masked frames of any kind (pings, huge
 * messages) and reads only when asked, so a test can be a client that never reads. The receive buffer can be made
 * small before connecting, so that the server sees a full window quickly.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int CONT = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

    public final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    /** The Engine.IO session id from the open packet. */
    public final String sid;

    private RawWebSocket(Socket socket, String sid) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.sid = sid;
    }

    /**
     * Connects to {@code path} (e.g. {@code /engine.io/} or {@code /socket.io/}) with {@code transport=websocket},
     * reads the 101 and the open packet. {@code receiveBuffer} sets SO_RCVBUF before connecting (0: the default).
     */
    public static RawWebSocket open(int port, String path, int receiveBuffer) throws IOException {
        return open(port, path, "EIO=4&transport=websocket", receiveBuffer);
    }

    /**
     * As {@link #open(int, String, int)} with the request's {@code query} (e.g. {@code EIO=3&transport=websocket} for
     * an Engine.IO v3 client, whose open packet has the same form).
     */
    public static RawWebSocket open(int port, String path, String query, int receiveBuffer) throws IOException {
        Socket s = handshake(port, path + "?" + query, receiveBuffer);
        RawWebSocket ws = new RawWebSocket(s, null);
        String open = ws.readText();
        if (!open.startsWith("0{\"sid\":\"")) throw new IOException("no open packet: " + open);
        return new RawWebSocket(s, open.substring(9, open.indexOf('"', 9)));
    }

    /** A WebSocket for the polling session {@code sid} (an upgrade): after the 101 it says nothing until probed. */
    public static RawWebSocket upgrade(int port, String path, String sid) throws IOException {
        return new RawWebSocket(handshake(port, path + "?EIO=4&transport=websocket&sid=" + sid, 0), sid);
    }

    private static Socket handshake(int port, String target, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(5000);
        OutputStream o = s.getOutputStream();
        InputStream i = s.getInputStream();
        o.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        o.flush();
        StringBuilder head = new StringBuilder();
        for (int n = 0; n < 8192 && !head.toString().endsWith("\r\n\r\n"); n++) {
            int c = i.read();
            if (c < 0) throw new EOFException("no 101: " + head);
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) throw new IOException("no 101: " + head);
        return s;
    }

    /** One masked frame, as bytes (to batch many into one write). */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(0x80 | 127);
            long len = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) f.write((int) (len >> shift) & 0xff);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
        return f.toByteArray();
    }

    /** Writes bytes as they are (frames made with {@link #frame}). */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(int opcode, byte[] payload) throws IOException { write(frame(true, opcode, payload)); }

    public void sendText(String text) throws IOException { send(TEXT, text.getBytes(StandardCharsets.UTF_8)); }

    /** The payload of the next frame and its opcode in {@code opcode[0]}. */
    public byte[] read(int[] opcode) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) throw new EOFException("no frame");
        long len = b1 & 0x7f;
        if (len == 126) {
            len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
        } else if (len == 127) {
            len = 0;
            for (int k = 0; k < 8; k++) len = (len << 8) | (in.read() & 0xff);
        }
        if (opcode != null) opcode[0] = b0 & 0x0f;
        return in.readNBytes((int) len);
    }

    /** The next text frame's content (other frames are skipped). */
    public String readText() throws IOException {
        int[] op = new int[1];
        for (int n = 0; n < 1000; n++) {
            byte[] p = read(op);
            if (op[0] == TEXT) return new String(p, StandardCharsets.UTF_8);
            if (op[0] == CLOSE) throw new EOFException("closed by the server");
        }
        throw new IOException("no text frame in 1000 frames");
    }

    /** Sets how long a read waits before it fails with a SocketTimeoutException (5 s unless changed). */
    public RawWebSocket readTimeout(int ms) throws IOException {
        socket.setSoTimeout(ms);
        return this;
    }

    /**
     * Whether the server ended the connection: reads (and discards) until EOF or a reset within {@code ms}; false
     * when the connection is still open then.
     */
    public boolean closedByServerWithin(long ms) throws IOException {
        long end = System.nanoTime() + ms * 1_000_000;
        byte[] buf = new byte[65536];
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
            try {
                if (in.read(buf) < 0) return true;
            } catch (SocketTimeoutException e) {
                // still open; go on until the deadline
            } catch (SocketException reset) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes the socket after {@code ms} whatever happens (a daemon thread): a test whose peer writes into a server
     * that stopped reading never blocks longer than that (socket writes have no timeout).
     */
    public RawWebSocket closeAfter(long ms) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                return;
            }
            try { socket.close(); } catch (IOException ignored) { }
        }, "raw-ws-deadline");
        t.setDaemon(true);
        t.start();
        return this;
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
