package io.enlace.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.OutPacket;
import io.enlace.internal.engine.codec.TextPackets;
import io.enlace.internal.engine.codec.V4Payloads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * Engine.IO's packet and payload decoder ({@link V4Payloads}, {@link TextPackets}) on any bytes, as a polling POST body (one buffer, or a
 * composite of two as a body that arrived in two chunks) and as WebSocket text: it either decodes or throws
 * {@link DecodeException}, both buffer layouts give the same answer, every buffer is released, and what
 * decodes encodes back to a payload that decodes to the same packets. See docs/fuzzing.md.
 */
class EnginePayloadFuzzTest {
    private static final String TEXT = "text/plain;charset=UTF-8";

    @FuzzTest(maxDuration = "10s")
    void payload(byte[] body) throws Exception {
        int split = body.length == 0 ? 0 : Math.floorMod(Arrays.hashCode(body), body.length + 1);

        Object whole = decode(V4Payloads.INSTANCE, Unpooled.buffer(body.length).writeBytes(body), TEXT);
        CompositeByteBuf two = Unpooled.compositeBuffer();
        two.addComponent(true, Unpooled.copiedBuffer(body, 0, split));
        two.addComponent(true, Unpooled.directBuffer(Math.max(1, body.length - split)).writeBytes(body, split, body.length - split));
        Object chunked = decode(V4Payloads.INSTANCE, two, TEXT);
        assertThat(describe(chunked)).as("same answer whatever the buffer layout").isEqualTo(describe(whole));

        if (whole instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<InPacket> packets = (List<InPacket>) list;
            assertThat(packets).isNotEmpty();
            List<OutPacket> out = new ArrayList<>();
            for (InPacket p : packets) {
                assertThat(p.type()).isBetween('0', '6');
                out.add(new OutPacket(p.type(), p.data(), false));
            }
            ByteBuf encoded = V4Payloads.INSTANCE.encodeBody(ByteBufAllocator.DEFAULT, out);
            Object again = decode(V4Payloads.INSTANCE, encoded, TEXT);
            assertThat(describe(again)).as("round trip").isEqualTo(describe(whole));
        }

        // the same text as one WebSocket text message (a valid UTF-8 string)
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            InPacket p = TextPackets.decode(text);
            assertThat(p.type()).isBetween('0', '6');
        } catch (DecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
