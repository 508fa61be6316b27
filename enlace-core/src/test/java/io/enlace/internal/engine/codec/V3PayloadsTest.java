package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.enlace.internal.engine.codec.V3Packet.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The v3 polling payloads: hand-made cases for every rule. The byte-for-byte comparison with Node
 * (interop/v2/vectors.js) is {@link V3ReferenceVectorsTest}.
 */
class V3PayloadsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    // ------------------------------------------------------------------------------------------------ text decoding

    @Test
    void decodesTextPayloads() throws Exception {
        assertThat(V3.decodeText("6:4hello")).containsExactly(message("hello"));
        assertThat(V3.decodeText("6:4test16:4test26:4test3"))
                .containsExactly(message("test1"), message("test2"), message("test3"));
        assertThat(V3.decodeText("1:21:3")).containsExactly(V3Packet.of('2'), V3Packet.of('3'));
        assertThat(V3.decodeText("6:2probe")).containsExactly(new V3Packet('2', "probe"));
        assertThat(V3.decodeText("1:4")).containsExactly(V3Packet.of('4')); // a message without data
    }

    @Test
    void lengthsCountUtf16CodeUnits() throws Exception {
        // é is one unit, 😀 two (a surrogate pair), as JavaScript's string.length counts them
        assertThat(V3.decodeText("2:4é3:4😀5:4a😀é"))
                .containsExactly(message("é"), message("😀"), message("a😀é"));
        assertThatThrownBy(() -> V3.decodeText("2:4😀")).isInstanceOf(DecodeException.class);
    }

    @Test
    void lengthsWithManyDigitsAndLeadingZeros() throws Exception {
        String big = "x".repeat(12345);
        assertThat(V3.decodeText("12346:4" + big)).containsExactly(message(big));
        assertThat(V3.decodeText("0006:4hello")).containsExactly(message("hello"));
    }

    @Test
    void emptyPacketsAreSkipped() throws Exception {
        assertThat(V3.decodeText("0:6:4hello0:")).containsExactly(message("hello"));
        assertThat(V3.decodeText("0:")).isEmpty();
    }

    @Test
    void base64Packets() throws Exception {
        assertThat(V3.decodeText("6:b4AQID")).containsExactly(message(new byte[] {1, 2, 3}));
        assertThat(V3.decodeText("10:b4AQIDBA==")).containsExactly(message(new byte[] {1, 2, 3, 4}));
        assertThat(V3.decodeText("8:b4AQIDBA")).containsExactly(message(new byte[] {1, 2, 3, 4})); // no padding
        assertThat(V3.decodeText("2:b4")).containsExactly(message(new byte[0]));
        assertThat(V3.decodeText("13:b4AQI\r\nDBA==\n")).containsExactly(message(new byte[] {1, 2, 3, 4}));
        assertThat(V3.decodeText("6:b2AQID")).containsExactly(new V3Packet('2', new byte[] {1, 2, 3}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "EMPTY_PAYLOAD|''",
            "BAD_LENGTH|abc",
            "BAD_LENGTH|x:4hello",
            "BAD_LENGTH|' 6:4hello'",
            "BAD_LENGTH|+6:4hello",
            "BAD_LENGTH|0x6:4hello",
            "BAD_LENGTH|6e0:4hello",
            "BAD_LENGTH|6.0:4hello",
            "BAD_LENGTH|:",
            "BAD_LENGTH|6:4hello:",
            "LENGTH_BEYOND_END|9:4hello",
            "LENGTH_BEYOND_END|99999999999999999999999999:4",
            "BAD_LENGTH|5:4hello",
            "TRAILING_DATA|6:4hello1",
            "LENGTH_BEYOND_END|6:4hello12",
            "UNKNOWN_PACKET_TYPE|2:9x",
            "UNKNOWN_PACKET_TYPE|2:xy",
            "UNKNOWN_PACKET_TYPE|1:b",
            "UNKNOWN_PACKET_TYPE|6:b9AQID",
            "UNKNOWN_PACKET_TYPE|9:bAQIDBA==",
            "INVALID_BASE64|7:b4AQ*ID",
            "INVALID_BASE64|6:b4-_-_",
            "INVALID_BASE64|3:b4A",
            "INVALID_BASE64|7:b4AQI=D",
    })
    void refusesBadTextPayloads(V3Rule reason, String payload) {
        assertThatThrownBy(() -> V3.decodeText(payload))
                .isInstanceOfSatisfying(DecodeException.class, e -> {
                    assertThat(V3Packet.rule(e)).isEqualTo(reason);
                    assertThat(e.getMessage()).isEqualTo(reason.message());
                });
    }

    @Test
    void aBadPacketAfterGoodOnesRefusesTheWholePayload() {
        assertThatThrownBy(() -> V3.decodeText("6:4hello3:9ab")).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.UNKNOWN_PACKET_TYPE));
    }

    @Test
    void decodesUtf8BodiesStrictly() throws Exception {
        ByteBuf body = Unpooled.copiedBuffer("5:4a😀é", StandardCharsets.UTF_8);
        try {
            assertThat(V3.decode(body, false)).containsExactly(message("a😀é"));
            assertThat(body.readerIndex()).as("borrowed: indexes untouched").isZero();
        } finally {
            assertThat(body.release()).isTrue();
        }
        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {'2', ':', '4', (byte) 0xC3, 0x28});
        try {
            assertThatThrownBy(() -> V3.decode(bad, false)).isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(V3Packet.rule(e)).isEqualTo(V3Rule.INVALID_UTF8));
        } finally {
            bad.release();
        }
    }

    // ------------------------------------------------------------------------------------------------ binary decoding

    @Test
    void decodesBinaryPayloads() throws Exception {
        assertThat(binary("0104ff04010203")).containsExactly(message(new byte[] {1, 2, 3}));
        assertThat(binary("0006ff" + hex("4hello"))).containsExactly(message("hello"));
        assertThat(binary("000101ff" + hex("4héllo😀"))).containsExactly(message("héllo😀"));
        assertThat(binary("0103ff040908" + "0006ff" + hex("4wörl") + "0001ff32"))
                .containsExactly(message(new byte[] {9, 8}), message("wörl"), V3Packet.of('2'));
        assertThat(binary("0101ff04")).containsExactly(message(new byte[0]));
        assertThat(binary("0101ff02")).containsExactly(new V3Packet('2', new byte[0]));
        assertThat(binary("0006ff" + hex("b4AQID"))).containsExactly(message(new byte[] {1, 2, 3}));
        assertThat(binary("")).isEmpty();
        byte[] big = new byte[2000];
        java.util.Arrays.fill(big, (byte) 5);
        assertThat(binary("0102000001ff04" + HEX.formatHex(big))).containsExactly(message(big));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "BAD_MARKER|0201ff04",
            "BAD_MARKER|ff",
            "BAD_LENGTH_DIGIT|010aff04",
            "BAD_LENGTH_DIGIT|01ff04",
            "BAD_LENGTH_DIGIT|01000000",
            "BAD_LENGTH_DIGIT|01",
            "LENGTH_BEYOND_END|0109ff0401",
            "LENGTH_BEYOND_END|01090909090909090909090909ff04",
            "EMPTY_PACKET|0100ff",
            "EMPTY_PACKET|0000ff",
            "UNKNOWN_PACKET_TYPE|0102ff0901",
            "UNKNOWN_PACKET_TYPE|0002ff3978",
            "INVALID_UTF8|0003ff34c328",
            "INVALID_UTF8|0004ff34eda080",
            "INVALID_UTF8|0003ff34c080",
            "INVALID_BASE64|0004ff62342a2a",
    })
    void refusesBadBinaryPayloads(V3Rule reason, String hex) {
        assertThatThrownBy(() -> binary(hex)).isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(V3Packet.rule(e)).isEqualTo(reason));
    }

    @Test
    void binaryPayloadSplitAcrossComponentsDecodesTheSame() throws Exception {
        byte[] bytes = HEX.parseHex("0103ff040908" + "000101ff" + hex("4héllo😀") + "0001ff32");
        for (int split = 0; split <= bytes.length; split++) {
            CompositeByteBuf two = Unpooled.compositeBuffer();
            two.addComponent(true, Unpooled.copiedBuffer(bytes, 0, split));
            two.addComponent(true, Unpooled.directBuffer(Math.max(1, bytes.length - split)).writeBytes(bytes, split, bytes.length - split));
            try {
                assertThat(V3.decode(two, true)).as("split at " + split)
                        .containsExactly(message(new byte[] {9, 8}), message("héllo😀"), V3Packet.of('2'));
                String text = "2:4é8:4héllo😀";
                CompositeByteBuf t = Unpooled.compositeBuffer();
                byte[] tb = text.getBytes(StandardCharsets.UTF_8);
                int s = Math.min(split, tb.length);
                t.addComponent(true, Unpooled.copiedBuffer(tb, 0, s));
                t.addComponent(true, Unpooled.copiedBuffer(tb, s, tb.length - s));
                try {
                    assertThat(V3.decode(t, false)).containsExactly(message("é"), message("héllo😀"));
                } finally {
                    t.release();
                }
            } finally {
                assertThat(two.release()).isTrue();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ encoding

    @Test
    void encodesTextPayloads() {
        assertThat(V3.encodeTextString(List.of())).isEqualTo("0:");
        assertThat(V3.encodeTextString(List.of(message("hello"), V3Packet.of('3'), new V3Packet('3', "probe"))))
                .isEqualTo("6:4hello1:36:3probe");
        assertThat(V3.encodeTextString(List.of(message("é😀"), message(new byte[] {1, 2, 3}), message(new byte[0]))))
                .isEqualTo("4:4é😀6:b4AQID2:b4");
        assertThat(V3.encodeTextString(List.of(message("")))).isEqualTo("1:4");
    }

    @Test
    void encodesLoneSurrogatesAsReplacementCharacters() {
        ByteBuf text = V3.encodeText(ALLOC, List.of(message("a\ud800b")));
        ByteBuf bin = V3.encodeBinary(ALLOC, List.of(message("a\ud800b"), message(new byte[] {1})));
        try {
            // the length prefix still counts the lone surrogate as one unit; its bytes are EF BF BD, as Node writes
            assertThat(hexOf(text)).isEqualTo(hex("4:4a") + "efbfbd" + hex("b"));
            assertThat(hexOf(bin)).isEqualTo("0006ff" + hex("4a") + "efbfbd" + hex("b") + "0102ff0401");
        } finally {
            text.release();
            bin.release();
        }
    }

    @Test
    void encodesBinaryPayloads() {
        ByteBuf b = V3.encodeBinary(ALLOC, List.of(message("4é"), message(new byte[] {(byte) 0xff, 0, (byte) 0x80}),
                V3Packet.of('2'), message(new byte[1234])));
        try {
            assertThat(hexOf(b)).isEqualTo("0004ff" + hex("44é") + "0104ff04ff0080" + "0001ff32" + "0101020305ff04" + "00".repeat(1234));
        } finally {
            b.release();
        }
    }

    @Test
    void encodePicksTheFormat() {
        List<V3Packet> text = List.of(message("a"));
        List<V3Packet> withBinary = List.of(message("a"), message(new byte[] {1}));
        check(V3.encode(ALLOC, text, true), V3Payloads.TEXT_CONTENT_TYPE, hex("2:4a"));
        check(V3.encode(ALLOC, withBinary, true), V3Payloads.BINARY_CONTENT_TYPE, "0002ff3461" + "0102ff0401");
        check(V3.encode(ALLOC, withBinary, false), V3Payloads.TEXT_CONTENT_TYPE, hex("2:4a6:b4AQ=="));
        check(V3.encode(ALLOC, List.of(), true), V3Payloads.TEXT_CONTENT_TYPE, hex("0:"));
    }

    @Test
    void theSessionCodecsChooseByHandshakeAndContentType() throws Exception {
        assertThat(V3Payloads.forHandshake(false)).isSameAs(V3Payloads.XHR2);
        assertThat(V3Payloads.forHandshake(true)).isSameAs(V3Payloads.TEXT);
        List<OutPacket> withBinary = V3Packet.out(List.of(message("a"), message(new byte[] {1})));
        check(V3Payloads.XHR2.encode(ALLOC, withBinary), V3Payloads.BINARY_CONTENT_TYPE, "0002ff3461" + "0102ff0401");
        check(V3Payloads.TEXT.encode(ALLOC, withBinary), V3Payloads.TEXT_CONTENT_TYPE, hex("2:4a6:b4AQ=="));
        check(V3Payloads.XHR2.encode(ALLOC, V3Packet.out(List.of(V3Packet.of('6')))), V3Payloads.TEXT_CONTENT_TYPE, hex("1:6"));
        for (V3Payloads codec : List.of(V3Payloads.XHR2, V3Payloads.TEXT)) {
            // a POST body is binary when its Content-Type is exactly application/octet-stream, whatever the handshake
            ByteBuf binaryBody = Unpooled.wrappedBuffer(HEX.parseHex("0104ff04010203"));
            ByteBuf textBody = Unpooled.copiedBuffer("6:4hello", StandardCharsets.UTF_8);
            try {
                assertThat(V3Packet.from(codec.decode(binaryBody, "application/octet-stream")))
                        .containsExactly(message(new byte[] {1, 2, 3}));
                assertThat(V3Packet.from(codec.decode(textBody, "text/plain;charset=UTF-8"))).containsExactly(message("hello"));
                assertThat(V3Packet.from(codec.decode(textBody, null))).containsExactly(message("hello"));
                assertThatThrownBy(() -> codec.decode(binaryBody, "application/octet-stream; charset=UTF-8"))
                        .isInstanceOf(DecodeException.class);
            } finally {
                binaryBody.release();
                textBody.release();
            }
            assertThat(codec.acceptsPost("application/octet-stream")).isTrue();
            assertThat(codec.acceptsPost(null)).isTrue();
            assertThat(codec.acceptsPost("text/plain;charset=UTF-8")).isTrue();
        }
    }

    @Test
    void binaryContentTypeIsTheExactString() {
        assertThat(V3Payloads.isBinaryContentType("application/octet-stream")).isTrue();
        assertThat(V3Payloads.isBinaryContentType("application/octet-stream; charset=UTF-8")).isFalse();
        assertThat(V3Payloads.isBinaryContentType("text/plain;charset=UTF-8")).isFalse();
        assertThat(V3Payloads.isBinaryContentType(null)).isFalse();
    }

    @Test
    void roundTrips() throws Exception {
        List<V3Packet> packets = new ArrayList<>(List.of(V3Packet.of('2'), new V3Packet('3', "probe"), message("héllo 😀 1:2 \n"),
                message(new byte[] {0, (byte) 255}), message(new byte[0]), V3Packet.of('6'), new V3Packet('0', "{\"sid\":\"x\"}"),
                message("x".repeat(100_000))));
        assertThat(V3.decodeText(V3.encodeTextString(packets))).containsExactlyElementsOf(packets);
        ByteBuf b = V3.encodeBinary(ALLOC, packets);
        ByteBuf t = V3.encodeText(ALLOC, packets);
        try {
            assertThat(V3.decode(b, true)).containsExactlyElementsOf(packets);
            assertThat(V3.decode(t, false)).containsExactlyElementsOf(packets);
        } finally {
            b.release();
            t.release();
        }
    }

    private static void check(V3Payloads.Encoded e, String contentType, String hex) {
        try {
            assertThat(e.contentType()).isEqualTo(contentType);
            assertThat(hexOf(e.body())).isEqualTo(hex);
        } finally {
            assertThat(e.body().release()).isTrue();
        }
    }

    static List<V3Packet> binary(String hex) throws DecodeException {
        ByteBuf body = Unpooled.wrappedBuffer(HEX.parseHex(hex));
        try {
            return V3.decodeBinary(body);
        } finally {
            body.release();
        }
    }

    static String hex(String s) {
        return HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    static String hexOf(ByteBuf b) {
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        return HEX.formatHex(bytes);
    }
}
