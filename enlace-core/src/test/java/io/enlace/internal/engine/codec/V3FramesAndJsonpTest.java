package io.enlace.internal.engine.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.enlace.internal.engine.codec.V3Packet.message;
import static io.enlace.internal.engine.codec.V3PayloadsTest.hex;
import static io.enlace.internal.engine.codec.V3PayloadsTest.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * v3 WebSocket frames and JSONP: hand-made cases for every rule. The byte-for-byte comparison with Node
 * (interop/v2/vectors.js) is {@link V3ReferenceVectorsTest}.
 */
class V3FramesAndJsonpTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    // ------------------------------------------------------------------------------------------------ frames

    @Test
    void decodesTextFrames() throws Exception {
        assertThat(V3.frameText("4hello")).isEqualTo(message("hello"));
        assertThat(V3.frameText("2probe")).isEqualTo(new V3Packet('2', "probe"));
        assertThat(V3.frameText("5")).isEqualTo(V3Packet.of('5'));
        assertThat(V3.frameText("b4AQID")).isEqualTo(message(new byte[] {1, 2, 3}));
        assertThat(V3.frameText("40/chat?x=1,")).isEqualTo(message("0/chat?x=1,"));
    }

    @Test
    void decodesBinaryFramesWithTheirTypeByte() throws Exception {
        assertThat(binaryFrame(4, 1, 2, 3)).isEqualTo(message(new byte[] {1, 2, 3}));
        assertThat(binaryFrame(4)).isEqualTo(message(new byte[0]));
        assertThat(binaryFrame(2)).isEqualTo(new V3Packet('2', new byte[0]));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {"EMPTY_PACKET|''", "UNKNOWN_PACKET_TYPE|9x", "UNKNOWN_PACKET_TYPE|x",
            "UNKNOWN_PACKET_TYPE|b9AQID", "UNKNOWN_PACKET_TYPE|b", "INVALID_BASE64|b4A"})
    void refusesBadTextFrames(V3Rule reason, String frame) {
        assertThatThrownBy(() -> V3.frameText(frame)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(reason));
    }

    @Test
    void refusesBadBinaryFrames() {
        assertThatThrownBy(() -> binaryFrame()).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.EMPTY_PACKET));
        assertThatThrownBy(() -> binaryFrame(9, 1)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.UNKNOWN_PACKET_TYPE));
        assertThatThrownBy(() -> binaryFrame('4', 'A')).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.UNKNOWN_PACKET_TYPE));
    }

    @Test
    void decodingABinaryFrameReadsFromTheReaderIndexAndMovesNothing() throws Exception {
        ByteBuf b = Unpooled.buffer().writeBytes(new byte[] {9, 9, 4, 7, 8});
        try {
            b.readerIndex(2);
            assertThat(V3.frameBinary(b)).isEqualTo(message(new byte[] {7, 8}));
            assertThat(b.readerIndex()).isEqualTo(2);
            assertThat(b.writerIndex()).isEqualTo(5);
        } finally {
            b.release();
        }
    }

    @Test
    void encodesFrames() {
        frame(V3.frameEncode(ALLOC, message("é😀"), true), false, hex("4é😀"));
        frame(V3.frameEncode(ALLOC, V3Packet.of('3'), true), false, hex("3"));
        frame(V3.frameEncode(ALLOC, new V3Packet('3', "probe"), false), false, hex("3probe"));
        frame(V3.frameEncode(ALLOC, message(new byte[] {1, 2, 3}), true), true, "04010203");
        frame(V3.frameEncode(ALLOC, message(new byte[] {1, 2, 3}), false), false, hex("b4AQID"));
        frame(V3.frameEncode(ALLOC, message(new byte[0]), true), true, "04");
        frame(V3.frameEncode(ALLOC, message(new byte[0]), false), false, hex("b4"));
        frame(V3.frameEncode(ALLOC, new V3Packet('2', new byte[] {1}), true), true, "0201");
        frame(V3.frameEncode(ALLOC, message(""), true), false, hex("4"));
    }

    @Test
    void theFrameCodecOfAWebSocketRequest() throws Exception {
        assertThat(V3Frames.forRequest(false)).isSameAs(V3Frames.BINARY);
        assertThat(V3Frames.forRequest(true)).isSameAs(V3Frames.BASE64);
        OutPacket binary = new OutPacket('4', new byte[] {1, 2, 3}, false);
        OutPacket text = new OutPacket('4', "x", false);
        assertThat(V3Frames.BINARY.isText(binary)).isFalse();
        assertThat(V3Frames.BASE64.isText(binary)).isTrue();
        assertThat(V3Frames.BINARY.isText(text)).isTrue();
        assertThat(V3Frames.BASE64.isText(text)).isTrue();
        for (V3Frames codec : List.of(V3Frames.BINARY, V3Frames.BASE64)) { // both read both forms
            assertThat(V3Packet.from(codec.decodeBinary(new byte[] {4, 1, 2, 3}))).isEqualTo(message(new byte[] {1, 2, 3}));
            assertThat(V3Packet.from(codec.decodeText("b4AQID"))).isEqualTo(message(new byte[] {1, 2, 3}));
        }
    }

    @Test
    void framesWriteLoneSurrogatesAsReplacementCharacters() {
        frame(V3.frameEncode(ALLOC, message("a\ud800b\udc00"), true), false, "34" + "61" + "efbfbd" + "62" + "efbfbd");
    }

    @Test
    void framesRoundTrip() throws Exception {
        for (V3Packet p : List.of(message("héllo 😀"), V3Packet.of('2'), new V3Packet('3', "probe"), V3Packet.of('5'),
                V3Packet.of('6'), message(new byte[] {0, 1, (byte) 0xff}))) {
            for (boolean supportsBinary : new boolean[] {true, false}) {
                V3.Frame f = V3.frameEncode(ALLOC, p, supportsBinary);
                try {
                    V3Packet back = f.binary() ? V3.frameBinary(f.data()) : V3.frameText(f.data().toString(StandardCharsets.UTF_8));
                    assertThat(back).as("%s, supportsBinary %s", p, supportsBinary).isEqualTo(p);
                } finally {
                    f.data().release();
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ JSONP

    @Test
    void callbackIndexKeepsTheDigits() {
        assertThat(JsonpPayloads.callbackIndex("3")).isEqualTo("3");
        assertThat(JsonpPayloads.callbackIndex("ab1c2")).isEqualTo("12");
        assertThat(JsonpPayloads.callbackIndex("")).isEmpty();
        assertThat(JsonpPayloads.callbackIndex("</script>٣")).isEmpty(); // only ASCII digits
    }

    @Test
    void encodesAnswers() {
        answer(List.of(message("hello")), "0", "___eio[0](\"6:4hello\");");
        answer(List.of(), "12", "___eio[12](\"0:\");");
        answer(List.of(message("a\u2028b\u2029c\"\\\t\u0001\u007f</script>")), "1",
                "___eio[1](\"20:4a\\u2028b\\u2029c\\\"\\\\\\t\\u0001\u007f</script>\");");
        answer(List.of(message("\b\f\n\r")), "1", "___eio[1](\"5:4\\b\\f\\n\\r\");");
        answer(List.of(message("x\ud800y\udc00😀")), "1", "___eio[1](\"7:4x\\ud800y\\udc00😀\");");
        answer(List.of(message(new byte[] {1, 2, 3}), V3Packet.of('6')), "", "___eio[](\"6:b4AQID1:6\");");
    }

    @Test
    void theJsonpCodecOfASession() throws Exception {
        JsonpPayloads codec = new JsonpPayloads("a4b2");
        assertThat(codec.index()).isEqualTo("42");
        PayloadCodec.Encoded e = codec.encode(ALLOC, V3Packet.out(List.of(message(new byte[] {1, 2, 3}), V3Packet.of('6'))));
        try {
            assertThat(e.contentType()).isEqualTo("text/plain; charset=UTF-8");
            assertThat(e.body().toString(StandardCharsets.UTF_8)).isEqualTo("___eio[42](\"6:b4AQID1:6\");");
        } finally {
            assertThat(e.body().release()).isTrue();
        }
        for (String contentType : new String[] {"application/x-www-form-urlencoded", "text/plain", null}) {
            assertThat(codec.acceptsPost(contentType)).isTrue();
            ByteBuf body = Unpooled.copiedBuffer("d=6%3A4hello", StandardCharsets.UTF_8);
            try {
                assertThat(V3Packet.from(codec.decode(body, contentType))).containsExactly(message("hello"));
            } finally {
                body.release();
            }
        }
    }

    @Test
    void decodesPostBodies() throws Exception {
        assertThat(post("d=6%3A4hello")).containsExactly(message("hello"));
        assertThat(post("d=6%3A4a+b+c")).containsExactly(message("a b c"));
        assertThat(post("x=1&d=6%3A4hello&y=2")).containsExactly(message("hello"));
        assertThat(post("%64=6%3A4hello")).containsExactly(message("hello"));
        assertThat(post("d=2:4é")).containsExactly(message("é"));
        assertThat(post("d=5%3A4a%F0%9F%98%80%C3%A9")).containsExactly(message("a😀é"));
        assertThat(post("d=6%3Ab4AQID")).containsExactly(message(new byte[] {1, 2, 3}));
        assertThat(post("&&d=1%3A2&")).containsExactly(V3Packet.of('2'));
        assertThat(post("d=4:4a=b")).containsExactly(message("a=b")); // the value runs from the first '=' on
        assertThat(post("d=6%3A4a%26b%3Dc")).containsExactly(message("a&b=c"));
        assertThat(post("dd=1%3A3&d=1%3A2")).containsExactly(V3Packet.of('2')); // only the field named exactly d
    }

    @Test
    void fieldsWithoutAnEqualsSignAreReadInOnePass() throws Exception {
        assertThat(post("a&b&d=1%3A2&c")).containsExactly(V3Packet.of('2'));
        assertThat(post("x=1=2&d=4:4a=b")).containsExactly(message("a=b"));
        assertThatThrownBy(() -> post("a&d&b=x")).as("d without '=' is an empty d").isInstanceOfSatisfying(
                DecodeException.class, e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.EMPTY_PAYLOAD));
        // each field's '=' was looked for up to the end of the whole body: quadratic, 45 s of a loop thread for 4 MB
        // of "a&" here (3 s for 1 MB, the default maxHttpBufferSize); one pass takes milliseconds
        String form = "a&".repeat(2 * 1024 * 1024) + "d=1%3A2";
        long t0 = System.nanoTime();
        assertThat(post(form)).containsExactly(V3Packet.of('2'));
        assertThat(System.nanoTime() - t0).as("a guard against quadratic scanning, not a benchmark")
                .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void decodesPostBodiesFromTheReaderIndexAcrossComponents() throws Exception {
        byte[] head = "xxd=6%3A4he".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "llo".getBytes(StandardCharsets.US_ASCII);
        CompositeByteBuf body = Unpooled.compositeBuffer().addComponents(true, Unpooled.wrappedBuffer(head), Unpooled.wrappedBuffer(tail));
        try {
            body.readerIndex(2);
            assertThat(V3.decodePost(body)).containsExactly(message("hello"));
            assertThat(body.readerIndex()).isEqualTo(2);
        } finally {
            assertThat(body.release()).isTrue();
        }
    }

    @Test
    void answersRoundTripThroughTheClientsReading() throws Exception {
        // what the page's script hands to the client is the JavaScript string: undo JSON's escapes, decode the payload
        List<V3Packet> packets = List.of(message("a\u2028\"\\\n😀</script>"), message(new byte[] {1, 2}), V3Packet.of('6'));
        ByteBuf b = V3.jsonpEncode(ALLOC, "7", packets);
        try {
            String js = b.toString(StandardCharsets.UTF_8);
            assertThat(js).startsWith("___eio[7](\"").endsWith("\");");
            String literal = js.substring("___eio[7](".length(), js.length() - 2);
            String payload = new ObjectMapper().readValue(literal, String.class);
            assertThat(V3.decodeText(payload)).containsExactlyElementsOf(packets);
        } finally {
            b.release();
        }
    }

    @Test
    void undoesTheNewlineEscapingOfTheClient() throws Exception {
        // engine.io-client 3 writes a newline as \n and a backslash-n as \\n; the server undoes both
        assertThat(JsonpPayloads.unescapeNewlines("a\\nb")).isEqualTo("a\nb");
        assertThat(JsonpPayloads.unescapeNewlines("a\\\\nb")).isEqualTo("a\\nb");
        assertThat(JsonpPayloads.unescapeNewlines("4\\\\\\n")).isEqualTo("4\\\\n");
        assertThat(JsonpPayloads.unescapeNewlines("no escapes $1 \\")).isEqualTo("no escapes $1 \\");
        String message = "4line1\nline2 \\n literal é😀 + & = % $1";
        String escaped = (message.length() + ":" + message).replace("\\n", "\\\n").replace("\n", "\\n");
        assertThat(post("d=" + URLEncoder.encode(escaped, StandardCharsets.UTF_8))).containsExactly(message(message.substring(1)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {"MISSING_JSONP_DATA|x=6%3A4hello", "MISSING_JSONP_DATA|''",
            "DUPLICATE_JSONP_DATA|d=6%3A4hello&d=6%3A4hello", "EMPTY_PAYLOAD|d=", "EMPTY_PAYLOAD|d",
            "INVALID_PERCENT_ENCODING|d=6%3A4hel%ZZ", "INVALID_PERCENT_ENCODING|d=6%3A4hello%",
            "INVALID_PERCENT_ENCODING|d=6%3A4hello%4", "INVALID_PERCENT_ENCODING|d=%٣٣",
            "INVALID_UTF8|d=2%3A4%C3%28", "BAD_LENGTH|d=abc"})
    void refusesBadPostBodies(V3Rule reason, String body) {
        assertThatThrownBy(() -> post(body)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(reason));
    }

    @Test
    void refusesBodiesThatAreNotUtf8() {
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {'d', '=', (byte) 0xff});
        try {
            assertThatThrownBy(() -> V3.decodePost(body)).isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.INVALID_UTF8));
        } finally {
            body.release();
        }
    }

    private static List<V3Packet> post(String body) throws DecodeException {
        ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        try {
            return V3.decodePost(b);
        } finally {
            assertThat(b.release()).isTrue();
        }
    }

    private static void answer(List<V3Packet> packets, String index, String expected) {
        ByteBuf b = V3.jsonpEncode(ALLOC, index, packets);
        try {
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        } finally {
            b.release();
        }
    }

    private static V3Packet binaryFrame(int... bytes) throws DecodeException {
        ByteBuf b = Unpooled.buffer(bytes.length);
        for (int x : bytes) b.writeByte(x);
        try {
            return V3.frameBinary(b);
        } finally {
            b.release();
        }
    }

    private static void frame(V3.Frame f, boolean binary, String hex) {
        try {
            assertThat(f.binary()).isEqualTo(binary);
            assertThat(hexOf(f.data())).isEqualTo(hex);
        } finally {
            assertThat(f.data().release()).isTrue();
        }
    }
}
