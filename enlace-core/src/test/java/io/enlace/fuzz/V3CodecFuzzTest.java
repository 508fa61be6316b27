package io.enlace.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.JsonpPayloads;
import io.enlace.internal.engine.codec.OutPacket;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.enlace.internal.engine.codec.V3Frames;
import io.enlace.internal.engine.codec.V3Payloads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.enlace.fuzz.PayloadDecoding.decode;
import static io.enlace.fuzz.PayloadDecoding.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine.IO v3's decoders on any bytes: the first byte picks the form (0 a text payload POST, 1 a binary payload POST
 * ({@code application/octet-stream}), 2 a JSONP form POST, 3 a WebSocket text message, 4 a WebSocket binary message),
 * the rest is the input. Each either decodes or throws {@link DecodeException}, nothing else; POST bodies give the
 * same answer as one buffer or two (a body that came in two chunks) and are borrowed; what decodes encodes (text
 * payload, binary payload, WebSocket messages of both codecs) back to the same packets. See docs/fuzzing.md.
 */
class V3CodecFuzzTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final String[] POST_TYPES = {"text/plain;charset=UTF-8", "application/octet-stream",
            "application/x-www-form-urlencoded"};

    @FuzzTest(maxDuration = "10s")
    void v3(byte[] input) throws Exception {
        if (input.length == 0) return;
        int form = (input[0] & 0xFF) % 5;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        Object result;
        if (form <= 2) {
            PayloadCodec codec = form == 2 ? new JsonpPayloads("0") : V3Payloads.XHR2;
            String type = POST_TYPES[form];
            int split = body.length == 0 ? 0 : Math.floorMod(Arrays.hashCode(body), body.length + 1);
            result = decode(codec, Unpooled.buffer(body.length).writeBytes(body), type);
            CompositeByteBuf two = Unpooled.compositeBuffer();
            two.addComponent(true, Unpooled.copiedBuffer(body, 0, split));
            two.addComponent(true, Unpooled.directBuffer(Math.max(1, body.length - split)).writeBytes(body, split, body.length - split));
            assertThat(describe(decode(codec, two, type))).as("same answer whatever the buffer layout").isEqualTo(describe(result));
        } else {
            try {
                result = List.of(form == 3 ? V3Frames.BINARY.decodeText(new String(body, StandardCharsets.UTF_8))
                        : V3Frames.BINARY.decodeBinary(body));
            } catch (DecodeException e) {
                assertThat(e.getMessage()).isNotBlank();
                result = e;
            }
        }
        if (result instanceof List<?> list) roundTrips(list);
    }

    /** The packets encode, as every form the server writes, to what decodes to the same packets. */
    private static void roundTrips(List<?> list) throws Exception {
        List<OutPacket> out = new ArrayList<>();
        for (Object o : list) {
            InPacket p = (InPacket) o;
            assertThat(p.type()).isBetween('0', '6');
            assertThat(p.data()).isNotNull();
            out.add(new OutPacket(p.type(), p.data(), false));
        }
        String expected = describe(list);
        for (PayloadCodec codec : new PayloadCodec[] {V3Payloads.XHR2, V3Payloads.TEXT}) {
            PayloadCodec.Encoded e = codec.encode(ALLOC, out);
            String type = e.contentType().startsWith("application/octet-stream") ? "application/octet-stream" : null;
            assertThat(describe(decode(codec, e.body(), type))).as("payload round trip").isEqualTo(expected);
        }
        for (V3Frames frames : new V3Frames[] {V3Frames.BINARY, V3Frames.BASE64}) {
            List<InPacket> back = new ArrayList<>();
            for (OutPacket p : out) {
                ByteBuf m = frames.encode(ALLOC, p);
                try {
                    back.add(frames.isText(p) ? frames.decodeText(m.toString(StandardCharsets.UTF_8))
                            : frames.decodeBinary(ByteBufUtil.getBytes(m)));
                } finally {
                    m.release();
                }
            }
            assertThat(describe(back)).as("frame round trip").isEqualTo(expected);
        }
    }
}
