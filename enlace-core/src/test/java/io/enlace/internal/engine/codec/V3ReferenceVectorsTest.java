package io.enlace.internal.engine.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.testing.Requirements;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The v3 codecs against Node's own bytes: {@code interop/v2/vectors.js} runs engine.io 6's parser-v3 and its polling
 * and JSONP transports (what the reference server writes and reads), engine.io-parser 2.2.1 and engine.io-client 3.5's
 * JSONP writer (what Socket.IO v2 clients send), and prints every input with the reference's result. Each vector must
 * give the same packets or bytes here, except the inputs listed in the {@code STRICTER} maps, which the reference takes
 * leniently and these codecs refuse with the named reason (the rules of {@link V3Rule}).
 */
class V3ReferenceVectorsTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final HexFormat HEX = HexFormat.of();
    private static final String TYPES = "open close ping pong message upgrade noop";

    /**
     * Text bodies the reference reads leniently and this codec refuses: odd length prefixes that JavaScript's
     * {@code Number()} takes, base64 outside the standard alphabet, and {@code b} packets of no known type (which the
     * reference hands on as packets without a type, then ignores).
     */
    private static final Map<String, V3Rule> STRICTER_TEXT = Map.ofEntries(
            Map.entry("signedLength", V3Rule.BAD_LENGTH),
            Map.entry("spaceLength", V3Rule.BAD_LENGTH),
            Map.entry("hexLength", V3Rule.BAD_LENGTH),
            Map.entry("exponentLength", V3Rule.BAD_LENGTH),
            Map.entry("fractionLength", V3Rule.BAD_LENGTH),
            Map.entry("base64UrlSafe", V3Rule.INVALID_BASE64),
            Map.entry("base64Garbage", V3Rule.INVALID_BASE64),
            Map.entry("base64UnknownType", V3Rule.UNKNOWN_PACKET_TYPE),
            Map.entry("v4StyleBase64", V3Rule.UNKNOWN_PACKET_TYPE),
            Map.entry("base64NoType", V3Rule.UNKNOWN_PACKET_TYPE));
    /**
     * Binary bodies likewise: entries of no known type or empty (ignored by the reference), markers other than 0 and 1
     * (binary there), a length digit of 10, a length beyond the end (truncated there), UTF-8 encoded surrogates
     * (U+FFFD there).
     */
    private static final Map<String, V3Rule> STRICTER_BINARY = Map.of(
            "binaryUnknownType", V3Rule.UNKNOWN_PACKET_TYPE,
            "emptyBinaryPacket", V3Rule.EMPTY_PACKET,
            "markerTwo", V3Rule.BAD_MARKER,
            "digitTen", V3Rule.BAD_LENGTH_DIGIT,
            "lengthBeyond", V3Rule.LENGTH_BEYOND_END,
            "encodedSurrogate", V3Rule.INVALID_UTF8);
    /** JSONP bodies likewise: no {@code d} field, or two (the reference ignores the body). */
    private static final Map<String, V3Rule> STRICTER_JSONP = Map.of(
            "noD", V3Rule.MISSING_JSONP_DATA,
            "twoD", V3Rule.DUPLICATE_JSONP_DATA);
    /** WebSocket messages likewise (by text, or by {@code hex:} and the bytes): packets of no known type, or empty. */
    private static final Map<String, V3Rule> STRICTER_FRAMES = Map.of(
            "b9AQID", V3Rule.UNKNOWN_PACKET_TYPE,
            "b", V3Rule.UNKNOWN_PACKET_TYPE,
            "hex:0901", V3Rule.UNKNOWN_PACKET_TYPE,
            "hex:3441", V3Rule.UNKNOWN_PACKET_TYPE,
            "hex:", V3Rule.EMPTY_PACKET);

    private static JsonNode vectors;

    @BeforeAll
    static void runNode() throws Exception {
        Requirements.requireNode();
        Path dir = Requirements.interopDir().resolve("v2");
        Requirements.requireNodeModules(dir, "engine.io", "engine.io-parser", "socket.io-client");
        Path out = Files.createTempFile("v3-vectors", ".json");
        Path err = Files.createTempFile("v3-vectors", ".err");
        try {
            Process p = new ProcessBuilder("node", "vectors.js").directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("node vectors.js did not finish within 60 s");
            }
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            vectors = new ObjectMapper().readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
        assertThat(vectors.path("versions").path("engine.io-parser").asText()).isEqualTo("2.2.1");
    }

    @Test
    void serverAnswersAreByteForByteTheReferences() {
        JsonNode cases = vectors.get("serverEncode");
        assertThat(cases.size()).isEqualTo(62);
        for (JsonNode c : cases) {
            String what = c.get("name").asText() + " " + c.get("transport").asText() + " supportsBinary=" + c.get("supportsBinary");
            List<V3Packet> packets = packets(c.get("packets"));
            if (c.get("transport").asText().equals("jsonp")) {
                ByteBuf b = V3.jsonpEncode(ALLOC, JsonpPayloads.callbackIndex(c.get("j").asText()), packets);
                try {
                    assertThat(V3PayloadsTest.hexOf(b)).as(what).isEqualTo(c.get("hex").asText());
                } finally {
                    b.release();
                }
                assertThat(V3Payloads.TEXT_CONTENT_TYPE).as(what).isEqualTo(c.get("contentType").asText());
            } else {
                V3Payloads.Encoded e = V3.encode(ALLOC, packets, c.get("supportsBinary").asBoolean());
                try {
                    assertThat(V3PayloadsTest.hexOf(e.body())).as(what).isEqualTo(c.get("hex").asText());
                    assertThat(e.contentType()).as(what).isEqualTo(c.get("contentType").asText());
                } finally {
                    e.body().release();
                }
            }
        }
    }

    @Test
    void textBodiesReadAsTheReferenceReadsThem() {
        JsonNode cases = vectors.get("serverDecodeText");
        assertThat(cases.size()).isEqualTo(37);
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            String body = c.get("body").asText();
            compare(name, c.get("packets"), STRICTER_TEXT.get(name), () -> V3.decodeText(body));
        }
    }

    @Test
    void binaryBodiesReadAsTheReferenceReadsThem() {
        JsonNode cases = vectors.get("serverDecodeBinary");
        assertThat(cases.size()).isEqualTo(21);
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            byte[] bytes = HEX.parseHex(c.get("hex").asText());
            compare(name, c.get("packets"), STRICTER_BINARY.get(name), () -> {
                ByteBuf b = Unpooled.wrappedBuffer(bytes);
                try {
                    return V3.decodeBinary(b);
                } finally {
                    b.release();
                }
            });
        }
    }

    @Test
    void jsonpBodiesReadAsTheReferenceReadsThem() {
        JsonNode cases = vectors.get("serverDecodeJsonp");
        assertThat(cases.size()).isEqualTo(16);
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            String body = c.get("body").asText();
            compare(name, c.get("packets"), STRICTER_JSONP.get(name), () -> jsonp(body));
        }
    }

    @Test
    void whatV2ClientsSendIsRead() throws Exception {
        JsonNode cases = vectors.get("clientEncode");
        assertThat(cases.size()).isEqualTo(12);
        for (JsonNode c : cases) {
            String what = c.get("name").asText() + " supportsBinary=" + c.get("supportsBinary");
            byte[] bytes = HEX.parseHex(c.get("hex").asText());
            List<V3Packet> read;
            if (c.get("binary").asBoolean()) {
                ByteBuf b = Unpooled.wrappedBuffer(bytes);
                try {
                    read = V3.decodeBinary(b);
                } finally {
                    b.release();
                }
            } else {
                read = V3.decodeText(new String(bytes, StandardCharsets.UTF_8));
            }
            assertThat(read).as(what).isEqualTo(packets(c.get("packets")));
        }
        JsonNode forms = vectors.get("clientJsonp");
        assertThat(forms.size()).isEqualTo(6);
        for (JsonNode c : forms) {
            String what = "JSONP form " + c.get("name").asText();
            List<V3Packet> read = jsonp(c.get("body").asText());
            assertThat(read).as(what).isEqualTo(packets(c.get("packets")));
            assertThat(read).as(what + " (as engine.io 6 reads it)").isEqualTo(untilClose(c.get("serverPackets")));
        }
    }

    @Test
    void webSocketFramesAreTheReferences() throws Exception {
        JsonNode cases = vectors.get("frameEncode");
        assertThat(cases.size()).isEqualTo(14);
        for (JsonNode c : cases) {
            String what = c.get("name").asText() + " supportsBinary=" + c.get("supportsBinary");
            V3.Frame f = V3.frameEncode(ALLOC, packet(c.get("packet")), c.get("supportsBinary").asBoolean());
            try {
                assertThat(f.binary()).as(what).isEqualTo(c.get("binary").asBoolean());
                assertThat(V3PayloadsTest.hexOf(f.data())).as(what).isEqualTo(c.get("hex").asText());
            } finally {
                f.data().release();
            }
        }
        JsonNode decode = vectors.get("frameDecode");
        assertThat(decode.size()).isEqualTo(21);
        for (JsonNode c : decode) {
            JsonNode reference = JsonNodeFactory.instance.arrayNode().add(c.get("packet"));
            if (c.has("text")) {
                String text = c.get("text").asText();
                compare("text message " + text, reference, STRICTER_FRAMES.get(text), () -> List.of(V3.frameText(text)));
            } else {
                String hex = c.get("hex").asText();
                byte[] bytes = HEX.parseHex(hex);
                compare("binary message " + hex, reference, STRICTER_FRAMES.get("hex:" + hex), () -> {
                    ByteBuf b = Unpooled.wrappedBuffer(bytes);
                    try {
                        return List.of(V3.frameBinary(b));
                    } finally {
                        b.release();
                    }
                });
            }
        }
    }

    @Test
    void lengthsAreJavaScriptStringLengthsAndNodeUtf8Lengths() {
        JsonNode cases = vectors.get("lengths");
        assertThat(cases.size()).isEqualTo(8);
        for (JsonNode c : cases) {
            String s = c.get("s").asText();
            assertThat(s.length()).as(c.toString()).isEqualTo(c.get("length").asInt());
            assertThat(Utf8.length(s)).as(c.toString()).isEqualTo(c.get("utf8").asInt());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Decoder {
        List<V3Packet> decode() throws DecodeException;
    }

    /**
     * The reference's result for one body: packets in order, an {@code error} packet where its parser failed (after
     * the packets it had already handed on), a {@code close} packet where the transport stopped reading. These codecs
     * refuse a whole body that holds an error, and return every packet (the session stops at a close).
     */
    private static void compare(String name, JsonNode reference, V3Rule stricter, Decoder decoder) {
        boolean referenceError = false;
        for (JsonNode p : reference) referenceError |= p.path("type").asText().equals("error");
        if (stricter != null) {
            assertThat(referenceError).as(name + ": listed as stricter, yet the reference refuses it too").isFalse();
            assertThatThrownBy(decoder::decode).as(name).isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(V3Packet.rule(e)).as(name).isEqualTo(stricter));
            return;
        }
        if (referenceError) {
            assertThatThrownBy(decoder::decode).as(name + ": the reference refuses it").isInstanceOf(DecodeException.class);
            return;
        }
        List<V3Packet> read;
        try {
            read = decoder.decode();
        } catch (DecodeException e) {
            throw new AssertionError(name + ": refused (" + e.getMessage() + ") but the reference reads " + reference, e);
        }
        assertThat(untilClose(read)).as(name).isEqualTo(untilClose(reference));
    }

    private static List<V3Packet> untilClose(JsonNode packets) { return untilClose(packets(packets)); }

    private static List<V3Packet> untilClose(List<V3Packet> packets) {
        List<V3Packet> out = new ArrayList<>();
        for (V3Packet p : packets) {
            out.add(p);
            if (p.type() == V3Packet.CLOSE) break;
        }
        return out;
    }

    private static List<V3Packet> jsonp(String body) throws DecodeException {
        ByteBuf b = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        try {
            return V3.decodePost(b);
        } finally {
            b.release();
        }
    }

    private static List<V3Packet> packets(JsonNode list) {
        List<V3Packet> out = new ArrayList<>(list.size());
        for (JsonNode p : list) out.add(packet(p));
        return out;
    }

    /** {@code {type: "message", data: "..." | {"$bin": hex}}} as a packet. */
    private static V3Packet packet(JsonNode p) {
        int index = List.of(TYPES.split(" ")).indexOf(p.get("type").asText());
        assertThat(index).as("packet type of %s", p).isNotNegative();
        char type = (char) ('0' + index);
        JsonNode data = p.get("data");
        if (data == null || data.isNull()) return V3Packet.of(type);
        if (data.isObject()) return new V3Packet(type, HEX.parseHex(data.get("$bin").asText()));
        return new V3Packet(type, data.asText());
    }
}
