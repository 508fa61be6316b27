package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.netty.WebSocketConnection;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket frames as a raw client sends them: fragmented messages joined by the frame handler, its size limit and
 * UTF-8 check, permessage-deflate, and the pipeline an accepted WebSocket keeps.
 */
class WebSocketFramesTest {
    private static final int TEXT = 1, BINARY = 2, CONT = 0, CLOSE = 8, PING = 9, PONG = 10;

    private NettyServer server;
    private final ConcurrentHashMap<String, EngineSocket> sockets = new ConcurrentHashMap<>();
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    private void start(EngineOptions options) {
        EngineServer engine = EngineTestKit.echo(options);
        engine.onConnection(s -> {
            sockets.put(s.id(), s);
            s.onMessage(received::add);
            s.onClose((reason, desc) -> closes.add(s.id() + " " + reason + (desc == null ? "" : " " + desc)));
        });
        server = EngineTestKit.start(engine);
    }

    private void start() {
        start(EngineOptions.builder().pingInterval(10_000).pingTimeout(5000).maxHttpBufferSize(1000).build());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    // ------------------------------------------------------------------------------------------ fragmented messages

    @Test
    void fragmentedTextWithAPingInBetweenIsDeliveredWhole() throws Exception {
        start();
        try (RawWs ws = RawWs.open(server.port(), false)) {
            byte[] all = "4héllo wörld".getBytes(StandardCharsets.UTF_8);
            // the first cut falls inside the two bytes of "é": only the whole message is valid UTF-8
            int cut1 = 3, cut2 = 8;
            assertThat(all[2] & 0xff).isEqualTo(0xC3);
            ws.send(false, TEXT, Arrays.copyOfRange(all, 0, cut1));
            ws.send(true, PING, bytes("p1"));
            ws.send(false, CONT, Arrays.copyOfRange(all, cut1, cut2));
            ws.send(true, CONT, Arrays.copyOfRange(all, cut2, all.length));
            Frame pong = ws.read();
            assertThat(pong.opcode).isEqualTo(PONG);
            assertThat(pong.text()).isEqualTo("p1");
            Frame echo = ws.read();
            assertThat(echo.opcode).isEqualTo(TEXT);
            assertThat(echo.fin).isTrue();
            assertThat(echo.text()).isEqualTo("4héllo wörld");
            assertThat(received.poll(3, TimeUnit.SECONDS)).isEqualTo("héllo wörld");
            assertThat(received).isEmpty();
        }
    }

    @Test
    void fragmentedBinaryWithAPingInBetweenIsDeliveredWhole() throws Exception {
        start();
        try (RawWs ws = RawWs.open(server.port(), false)) {
            byte[] all = new byte[700];
            ThreadLocalRandom.current().nextBytes(all);
            ws.send(false, BINARY, Arrays.copyOfRange(all, 0, 300));
            ws.send(false, CONT, Arrays.copyOfRange(all, 300, 301));
            ws.send(true, PING, new byte[0]);
            ws.send(true, CONT, Arrays.copyOfRange(all, 301, 700));
            assertThat(ws.read().opcode).isEqualTo(PONG);
            Frame echo = ws.read();
            assertThat(echo.opcode).isEqualTo(BINARY);
            assertThat(echo.payload).isEqualTo(all);
            assertThat((byte[]) received.poll(3, TimeUnit.SECONDS)).isEqualTo(all);
            // the connection goes on with single-frame messages
            ws.send(true, TEXT, bytes("4next"));
            assertThat(ws.read().text()).isEqualTo("4next");
        }
    }

    @Test
    void fragmentedMessageOverTheLimitClosesWith1009AndOthersGoOn() throws Exception {
        start();
        try (RawWs healthy = RawWs.open(server.port(), false); RawWs big = RawWs.open(server.port(), false)) {
            String bigSid = big.sid;
            // each frame is under maxHttpBufferSize (1000), the message is not
            big.send(false, TEXT, bytes("4" + "a".repeat(599)));
            big.send(true, PING, bytes("x"));
            assertThat(big.read().opcode).isEqualTo(PONG);
            big.send(true, CONT, bytes("b".repeat(600)));
            Frame close = big.read();
            assertThat(close.opcode).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            big.assertClosedByServer();
            assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(bigSid + " transport error message too big");
            assertThat(received).isEmpty();
            // exactly at the limit is fine
            byte[] limit = new byte[1000];
            Arrays.fill(limit, (byte) 'z');
            limit[0] = '4';
            healthy.send(false, TEXT, Arrays.copyOfRange(limit, 0, 500));
            healthy.send(true, CONT, Arrays.copyOfRange(limit, 500, 1000));
            assertThat(healthy.read().payload).isEqualTo(limit);
        }
    }

    @Test
    void unfinishedFragmentedMessageIsReleasedWhenTheClientGoes() throws Exception {
        start();
        try (RawWs ws = RawWs.open(server.port(), false)) {
            ws.send(false, BINARY, new byte[400]);
            ws.send(false, CONT, new byte[400]);
            // the server holds two fragments; the connection now drops (the leak guard checks the release)
        }
        assertThat(closes.poll(3, TimeUnit.SECONDS)).endsWith("transport close connection closed");
        assertThat(received).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------- UTF-8

    @Test
    void invalidUtf8InASingleFrameClosesWith1007() throws Exception {
        start();
        byte[][] bad = {
                {'4', (byte) 0xC0, (byte) 0xAF},             // overlong "/"
                {'4', (byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong, three bytes
                {'4', (byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a UTF-16 surrogate
                {'4', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // over U+10FFFF
                {'4', 'a', (byte) 0xE2, (byte) 0x82},        // truncated at the end
        };
        for (byte[] payload : bad) {
            try (RawWs ws = RawWs.open(server.port(), false)) {
                ws.send(true, TEXT, payload);
                Frame close = ws.read();
                assertThat(close.opcode).isEqualTo(CLOSE);
                assertThat(close.closeCode()).as(ByteBufUtil.hexDump(payload)).isEqualTo(1007);
                ws.assertClosedByServer();
                assertThat(closes.poll(3, TimeUnit.SECONDS)).isEqualTo(ws.sid + " transport error invalid UTF-8 in a text message");
            }
        }
        assertThat(received).isEmpty();
    }

    @Test
    void invalidUtf8AcrossFragmentsClosesWith1007() throws Exception {
        start();
        // each fragment alone could be the start or the end of valid text; together they are not
        try (RawWs ws = RawWs.open(server.port(), false)) {
            ws.send(false, TEXT, new byte[] {'4', 'a', (byte) 0xE2, (byte) 0x82});
            ws.send(true, CONT, new byte[] {'(', 'b'});
            Frame close = ws.read();
            assertThat(close.closeCode()).isEqualTo(1007);
            ws.assertClosedByServer();
        }
        // a message whose final fragment ends inside a character
        try (RawWs ws = RawWs.open(server.port(), false)) {
            ws.send(false, TEXT, bytes("4ok"));
            ws.send(true, CONT, new byte[] {'x', (byte) 0xF0, (byte) 0x9F, (byte) 0x98});
            assertThat(ws.read().closeCode()).isEqualTo(1007);
            ws.assertClosedByServer();
        }
        // a four-byte character split over three fragments is fine
        try (RawWs ws = RawWs.open(server.port(), false)) {
            byte[] smile = "4☺😀".getBytes(StandardCharsets.UTF_8);
            ws.send(false, TEXT, Arrays.copyOfRange(smile, 0, 5));
            ws.send(false, CONT, Arrays.copyOfRange(smile, 5, 6));
            ws.send(true, CONT, Arrays.copyOfRange(smile, 6, smile.length));
            assertThat(ws.read().text()).isEqualTo("4☺😀");
        }
        assertThat(received).containsExactly("☺😀");
    }

    @Test
    void nettyUtf8CheckIsStrict() {
        int[][] bad = {{0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x9F, 0xBF}, {0xF0, 0x8F, 0xBF, 0xBF}, {0xED, 0xBF, 0xBF},
                {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xFF}, {0x80}, {0xC3, 0x28}, {0xE2, 0x28, 0xA1},
                {0x41, 0xF0, 0x9F, 0x98}};
        int[][] good = {{0x41}, {0xC3, 0xA9}, {0xE2, 0x82, 0xAC}, {0xF0, 0x9F, 0x98, 0x80}, {0xEF, 0xBF, 0xBF},
                {0xF4, 0x8F, 0xBF, 0xBF}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80}, {}};
        for (int[] b : bad) {
            assertThat(ByteBufUtil.isText(Unpooled.wrappedBuffer(toBytes(b)), StandardCharsets.UTF_8))
                    .as(Arrays.toString(b)).isFalse();
        }
        for (int[] b : good) {
            assertThat(ByteBufUtil.isText(Unpooled.wrappedBuffer(toBytes(b)), StandardCharsets.UTF_8))
                    .as(Arrays.toString(b)).isTrue();
        }
    }

    // ------------------------------------------------------------------------------------ protocol violations

    @Test
    void continuationOutsideAMessageAndDataInsideOneAreProtocolErrors() throws Exception {
        start();
        try (RawWs ws = RawWs.open(server.port(), false)) {
            ws.send(true, CONT, bytes("4x"));
            assertThat(ws.read().closeCode()).isEqualTo(1002);
            ws.assertClosedByServer();
        }
        try (RawWs ws = RawWs.open(server.port(), false)) {
            ws.send(false, TEXT, bytes("4x"));
            ws.send(true, BINARY, bytes("y"));
            assertThat(ws.read().closeCode()).isEqualTo(1002);
            ws.assertClosedByServer();
        }
        assertThat(received).isEmpty();
    }

    // -------------------------------------------------------------------------------------- permessage-deflate

    @Test
    void compressedFragmentedMessageIsDeliveredWhole() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).maxHttpBufferSize(1000).perMessageDeflate(true).build());
        try (RawWs ws = RawWs.open(server.port(), true)) {
            String text = "4" + "compressible text, ".repeat(20) + "é";
            byte[] packed = deflate(text.getBytes(StandardCharsets.UTF_8));
            int cut = packed.length / 2;
            ws.send(false, true, TEXT, Arrays.copyOfRange(packed, 0, cut));
            ws.send(true, false, PING, bytes("z"));
            ws.send(true, false, CONT, Arrays.copyOfRange(packed, cut, packed.length));
            assertThat(ws.read().opcode).isEqualTo(PONG);
            Frame echo = ws.read();
            assertThat(echo.opcode).isEqualTo(TEXT);
            assertThat(echo.rsv1).isTrue();
            assertThat(new String(inflate(echo.payload), StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(received.poll(3, TimeUnit.SECONDS)).isEqualTo(text.substring(1));
        }
    }

    @Test
    void compressedMessageOverTheLimitAfterInflationClosesWith1009() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).maxHttpBufferSize(1000).perMessageDeflate(true).build());
        try (RawWs ws = RawWs.open(server.port(), true)) {
            byte[] packed = deflate(("4" + "a".repeat(5000)).getBytes(StandardCharsets.UTF_8));
            assertThat(packed.length).isLessThan(1000);
            ws.send(true, true, TEXT, packed);
            Frame close = ws.read();
            assertThat(close.opcode).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1009);
            ws.assertClosedByServer();
        }
        assertThat(received).isEmpty();
    }

    // ----------------------------------------------------------------------------------------------- pipeline

    @Test
    void acceptedWebSocketKeepsOnlyTheCodecAndTheFrameHandler() throws Exception {
        start();
        try (RawWs ws = RawWs.open(server.port(), false)) {
            assertThat(pipelineOf(ws.sid)).containsExactly("wsencoder", "wsdecoder", "enlace-ws");
        }
    }

    @Test
    void deflateAddsOnlyItsCodec() throws Exception {
        start(EngineOptions.builder().pingInterval(10_000).perMessageDeflate(true).build());
        try (RawWs ws = RawWs.open(server.port(), true)) {
            List<String> names = pipelineOf(ws.sid);
            assertThat(names).hasSize(5);
            assertThat(names.subList(0, 2)).containsExactly("wsencoder", "wsdecoder");
            assertThat(names.get(4)).isEqualTo("enlace-ws");
            assertThat(names.subList(2, 4)).allMatch(n -> n.contains("PerMessageDeflate"));
        }
        // a client without the extension on the same server: no deflate handlers
        try (RawWs ws = RawWs.open(server.port(), false)) {
            assertThat(pipelineOf(ws.sid)).containsExactly("wsencoder", "wsdecoder", "enlace-ws");
        }
    }

    @Test
    void acceptedChannelsShareOneReadAllocatorWithNettysDefaults() throws Exception {
        start();
        try (RawWs a = RawWs.open(server.port(), false); RawWs b = RawWs.open(server.port(), false)) {
            Channel ca = ((WebSocketConnection) ((Session) sockets.get(a.sid)).webSocket()).channel();
            Channel cb = ((WebSocketConnection) ((Session) sockets.get(b.sid)).webSocket()).channel();
            assertThat((Object) ca.config().getRecvByteBufAllocator())
                    .isInstanceOf(io.netty.channel.AdaptiveRecvByteBufAllocator.class)
                    .isSameAs(cb.config().getRecvByteBufAllocator());
            assertThat(ca.config().getMaxMessagesPerRead()).isEqualTo(16);
            // still usable: a message of several reads' worth goes through
            byte[] big = new byte[900];
            Arrays.fill(big, (byte) 'q');
            big[0] = '4';
            a.send(true, TEXT, big);
            assertThat(a.read().payload).isEqualTo(big);
        }
    }

    private List<String> pipelineOf(String sid) throws Exception {
        Session s = (Session) sockets.get(sid);
        Channel ch = ((WebSocketConnection) s.webSocket()).channel();
        // read on the channel's loop, where the handshake changes the pipeline
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        ch.eventLoop().execute(() -> names.complete(new ArrayList<>(ch.pipeline().names())));
        List<String> all = names.get(3, TimeUnit.SECONDS);
        all.removeIf(n -> n.startsWith("DefaultChannelPipeline$"));
        return all;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static byte[] toBytes(int[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    /** permessage-deflate payload: raw deflate, sync-flushed, without the trailing 00 00 FF FF. */
    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        byte[] buf = new byte[data.length + 64];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        assertThat(n).isGreaterThan(4);
        assertThat(Arrays.copyOfRange(buf, n - 4, n)).containsExactly(0, 0, 0xFF, 0xFF);
        return Arrays.copyOf(buf, n - 4);
    }

    private static byte[] inflate(byte[] data) throws java.util.zip.DataFormatException {
        Inflater inf = new Inflater(true);
        byte[] in = Arrays.copyOf(data, data.length + 4);
        in[data.length + 2] = (byte) 0xFF;
        in[data.length + 3] = (byte) 0xFF;
        inf.setInput(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int i = 0; i < 100 && !inf.needsInput(); i++) {
            int n = inf.inflate(buf);
            out.write(buf, 0, n);
        }
        inf.end();
        return out.toByteArray();
    }

    private record Frame(boolean fin, boolean rsv1, int opcode, byte[] payload) {
        String text() { return new String(payload, StandardCharsets.UTF_8); }

        int closeCode() {
            assertThat(opcode).isEqualTo(CLOSE);
            return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    /** A WebSocket client on a plain socket: masked frames out, frames in; the open packet is read on connect. */
    private static final class RawWs implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        String sid;

        private RawWs(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        static RawWs open(int port, boolean deflate) throws Exception {
            RawWs ws = new RawWs(new Socket("127.0.0.1", port));
            ws.socket.setSoTimeout(3000);
            ws.out.write(("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < 8192 && !head.toString().endsWith("\r\n\r\n"); i++) {
                int c = ws.in.read();
                if (c < 0) throw new EOFException(head.toString());
                head.append((char) c);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            assertThat(head.toString().toLowerCase().contains("permessage-deflate")).isEqualTo(deflate);
            Frame open = ws.read();
            byte[] p = deflate && open.rsv1 ? inflate(open.payload) : open.payload;
            String text = new String(p, StandardCharsets.UTF_8);
            assertThat(text).startsWith("0{\"sid\":\"");
            ws.sid = text.substring(9, text.indexOf('"', 9));
            return ws;
        }

        void send(boolean fin, int opcode, byte[] payload) throws IOException { send(fin, false, opcode, payload); }

        void send(boolean fin, boolean rsv1, int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
            if (payload.length < 126) {
                f.write(0x80 | payload.length);
            } else {
                f.write(0x80 | 126);
                f.write(payload.length >> 8);
                f.write(payload.length & 0xff);
            }
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            f.write(mask);
            for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
            out.write(f.toByteArray());
            out.flush();
        }

        Frame read() throws IOException {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) throw new EOFException("no frame");
            long len = b1 & 0x7f;
            if (len == 126) len = ((in.read() & 0xff) << 8) | (in.read() & 0xff);
            else if (len == 127) throw new IOException("unexpected 64-bit length");
            return new Frame((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0f, in.readNBytes((int) len));
        }

        /** After a close frame: the server ends the connection. */
        void assertClosedByServer() throws IOException {
            try {
                assertThat(in.read()).isEqualTo(-1);
            } catch (SocketException reset) {
                // a reset is a close too
            }
        }

        @Override
        public void close() throws IOException { socket.close(); }
    }
}
