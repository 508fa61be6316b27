package io.enlace.internal.engine;

import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineServer;
import io.enlace.engine.EngineSocket;
import io.enlace.netty.NettyServer;
import io.enlace.testing.EngineTestKit;
import io.enlace.testing.EngineTestKit.Http;
import io.enlace.testing.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input that the server already handled well and must keep handling: frame-length tricks and other malformed
 * frames are closed with the right code while the session's neighbours go on; session ids are 120 random bits that
 * a client cannot choose.
 */
class BadInputHeldTest {
    private NettyServer server;
    private final ConcurrentHashMap<String, EngineSocket> sessions = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        EngineServer engine = EngineTestKit.echo(EngineOptions.builder().maxHttpBufferSize(1000).build());
        engine.onConnection(s -> sessions.put(s.id(), s));
        server = EngineTestKit.start(engine);
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop().join();
    }

    /** A frame head written byte by byte (so any length encoding can be sent), masked or not, then the payload. */
    private static byte[] frame(int b0, boolean masked, byte[] lengthBytes, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        f.write((masked ? 0x80 : 0) | (lengthBytes[0] & 0x7f));
        f.write(lengthBytes, 1, lengthBytes.length - 1);
        byte[] mask = {1, 2, 3, 4};
        if (masked) f.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) f.write(masked ? payload[i] ^ mask[i & 3] : payload[i]);
        return f.toByteArray();
    }

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> malformedFrames() {
        byte[] small = "4abc".getBytes();
        return Stream.of(
                arguments("64-bit length with the most significant bit set", 1002,
                        frame(0x81, true, b(127, 0x80, 0, 0, 0, 0, 0, 0, 4), small)),
                arguments("16-bit length for 4 bytes (not minimal)", 1002, frame(0x81, true, b(126, 0, 4), small)),
                arguments("64-bit length for 4 bytes (not minimal)", 1002,
                        frame(0x81, true, b(127, 0, 0, 0, 0, 0, 0, 0, 4), small)),
                arguments("declared length over maxHttpBufferSize (payload never sent)", 1009,
                        frame(0x81, true, b(127, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff), new byte[0])),
                arguments("ping with 126 bytes", 1002, frame(0x89, true, b(126, 0, 126), new byte[126])),
                arguments("fragmented ping", 1002, frame(0x09, true, b(4), small)),
                arguments("unmasked client frame", 1002, frame(0x81, false, b(4), small)),
                arguments("reserved opcode 3", 1002, frame(0x83, true, b(4), small)),
                arguments("reserved control opcode 0xB", 1002, frame(0x8B, true, b(4), small)),
                arguments("RSV1 without an extension", 1002, frame(0xC1, true, b(4), small)),
                arguments("invalid UTF-8 in a text frame", 1007, frame(0x81, true, b(4), b('4', 0xC3, 0x28, 'x'))),
                arguments("close frame with a 1-byte payload", 1002, frame(0x88, true, b(1), b(3))));
    }

    @ParameterizedTest(name = "{0}: close {1}")
    @MethodSource("malformedFrames")
    void malformedFramesCloseWithTheirCodeAndOthersGoOn(String what, int code, byte[] bytes) throws Exception {
        try (RawWebSocket bystander = RawWebSocket.open(server.port(), "/engine.io/", 0);
             RawWebSocket ws = RawWebSocket.open(server.port(), "/engine.io/", 0)) {
            ws.write(bytes);
            int[] op = new int[1];
            byte[] close = ws.read(op);
            assertThat(op[0]).as(what).isEqualTo(RawWebSocket.CLOSE);
            assertThat(((close[0] & 0xff) << 8) | (close[1] & 0xff)).as(what).isEqualTo(code);
            assertThat(ws.closedByServerWithin(5000)).as(what).isTrue();
            bystander.sendText("4still here");
            assertThat(bystander.readText()).isEqualTo("4still here");
        }
    }

    @Test
    void unknownEnginePacketTypesCloseTheSession() throws Exception {
        for (String bad : new String[] {"9hello", "x", "", "7", "44444"}) {
            try (RawWebSocket ws = RawWebSocket.open(server.port(), "/engine.io/", 0)) {
                ws.sendText(bad);
                if (bad.equals("44444")) {
                    // a valid message "4444": echoed, nothing closed
                    assertThat(ws.readText()).isEqualTo("44444");
                    continue;
                }
                assertThat(ws.closedByServerWithin(5000)).as(bad).isTrue();
            }
        }
    }

    @Test
    void sessionIdsAre120RandomBitsThatAClientCannotChoose() throws Exception {
        Http http = new Http(server.port());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String sid = http.handshake("/engine.io/");
            assertThat(sid).matches("[A-Za-z0-9_-]{20}");
            assertThat(Base64.getUrlDecoder().decode(sid)).hasSize(15);
            assertThat(seen.add(sid)).isTrue();
        }
        // every bit position takes both values over 300 ids (a constant bit would show a weak generator)
        int[] ones = new int[120];
        for (String sid : seen) {
            byte[] raw = Base64.getUrlDecoder().decode(sid);
            for (int bit = 0; bit < 120; bit++) if ((raw[bit / 8] >> (bit % 8) & 1) == 1) ones[bit]++;
        }
        for (int bit = 0; bit < 120; bit++) assertThat(ones[bit]).as("bit " + bit).isBetween(1, 299);
        // a sid a client makes up is refused over polling and WebSocket, and no session gets it
        String chosen = "AAAAAAAAAAAAAAAAAAAB";
        assertThat(http.get("/engine.io/?EIO=4&transport=polling&sid=" + chosen).status()).isEqualTo(400);
        String upgrade = EngineTestKit.raw(server.port(), "GET /engine.io/?EIO=4&transport=websocket&sid=" + chosen
                + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 3000);
        assertThat(upgrade).startsWith("HTTP/1.1 400");
        assertThat(sessions).doesNotContainKey(chosen).hasSize(300);
    }
}
