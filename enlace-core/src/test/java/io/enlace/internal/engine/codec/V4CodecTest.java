package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Engine.IO v4 packets, polling payloads and WebSocket messages. */
class V4CodecTest {

    private static List<InPacket> decode(String s) throws Exception {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        try {
            return V4Payloads.INSTANCE.decode(b, null);
        } finally {
            b.release();
        }
    }

    @Test
    void decodesPayloadWithTextAndBinary() throws Exception {
        List<InPacket> p = decode("4hello\u001ebAQIDBA==\u001e2\u001e4");
        assertThat(p).hasSize(4);
        assertThat(p.get(0)).isEqualTo(new InPacket('4', "hello"));
        assertThat((byte[]) p.get(1).data()).containsExactly(1, 2, 3, 4);
        assertThat(p.get(1).type()).isEqualTo('4');
        assertThat(p.get(2)).isEqualTo(new InPacket('2', ""));
        assertThat(p.get(3)).isEqualTo(new InPacket('4', ""));
    }

    @Test
    void decodesUnicode() throws Exception {
        assertThat(decode("4€ 😀 ñ").get(0).data()).isEqualTo("€ 😀 ñ");
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> decode("abc")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("4a\u001e\u001e4b")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("7")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode("b!!!")).isInstanceOf(DecodeException.class);
        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {'4', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> V4Payloads.INSTANCE.decode(bad, null)).hasMessageContaining("UTF-8");
    }

    @Test
    void encodesPayload() {
        PayloadCodec.Encoded e = V4Payloads.INSTANCE.encode(ByteBufAllocator.DEFAULT, List.of(
                new OutPacket('4', "héllo", false), new OutPacket('4', new byte[] {1, 2, 3, 4}, false),
                new OutPacket('2', null, false)));
        ByteBuf b = e.body();
        try {
            assertThat(e.contentType()).as("text even with binary data").isEqualTo("text/plain; charset=UTF-8");
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("4héllo\u001ebAQIDBA==\u001e2");
        } finally {
            b.release();
        }
    }

    @Test
    void repeatedBroadcastStringIsEncodedIdentically() {
        String shared = "42[\"news\",\"" + "é".repeat(100) + "\"]";
        for (int i = 0; i < 4; i++) {
            ByteBuf b = TextPackets.encode(ByteBufAllocator.DEFAULT, '4', shared);
            try {
                assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("4" + shared);
            } finally {
                b.release();
            }
        }
        String other = new String(shared); // equal but another instance: not mixed up with the cached bytes
        String different = shared.replace("news", "nope");
        ByteBuf b1 = TextPackets.encode(ByteBufAllocator.DEFAULT, '4', different);
        ByteBuf b2 = V4Payloads.INSTANCE.encodeBody(ByteBufAllocator.DEFAULT, List.of(new OutPacket('4', other, false),
                new OutPacket('4', shared, false)));
        try {
            assertThat(b1.toString(StandardCharsets.UTF_8)).isEqualTo("4" + different);
            assertThat(b2.toString(StandardCharsets.UTF_8)).isEqualTo("4" + shared + "\u001e4" + shared);
        } finally {
            b1.release();
            b2.release();
        }
    }

    @Test
    void loneSurrogatesAreWrittenAsNodeWritesThem() {
        // U+FFFD (EF BF BD), as Node's Buffer.from(string) writes a lone surrogate (the JDK and Netty write '?');
        // a pair stays a 4-byte character; the same bytes through the per-thread cache (a long string seen twice)
        String shortText = "a\ud800b\udc00\ud83d\ude00";
        String expected = "34" + "61efbfbd62efbfbd" + "f09f9880";
        ByteBuf frame = V4Frames.INSTANCE.encode(ByteBufAllocator.DEFAULT, new OutPacket('4', shortText, false));
        ByteBuf payload = V4Payloads.INSTANCE.encodeBody(ByteBufAllocator.DEFAULT, List.of(new OutPacket('4', shortText, false)));
        try {
            assertThat(ByteBufUtil.hexDump(frame)).isEqualTo(expected);
            assertThat(ByteBufUtil.hexDump(payload)).isEqualTo(expected);
        } finally {
            frame.release();
            payload.release();
        }
        String longText = "x".repeat(70) + "\udfff";
        for (int i = 0; i < 3; i++) {
            ByteBuf b = TextPackets.encode(ByteBufAllocator.DEFAULT, '4', longText);
            try {
                assertThat(ByteBufUtil.hexDump(b)).as("round " + i).isEqualTo("34" + "78".repeat(70) + "efbfbd");
            } finally {
                b.release();
            }
        }
        assertThat(Utf8.hasLoneSurrogate("\ud83d\ude00 é")).isFalse();
        assertThat(Utf8.hasLoneSurrogate("\ude00\ud83d")).isTrue();
        assertThat(Utf8.hasLoneSurrogate("x\ud83d")).isTrue();
    }

    @Test
    void webSocketMessages() throws Exception {
        assertThat(V4Frames.INSTANCE.decodeText("4héllo")).isEqualTo(new InPacket('4', "héllo"));
        assertThat(V4Frames.INSTANCE.decodeText("2probe")).isEqualTo(new InPacket('2', "probe"));
        assertThatThrownBy(() -> V4Frames.INSTANCE.decodeText("")).isInstanceOf(DecodeException.class);
        assertThat((byte[]) V4Frames.INSTANCE.decodeBinary(new byte[] {1, 2}).data()).containsExactly(1, 2);
        OutPacket text = new OutPacket('4', "héllo", true);
        OutPacket binary = new OutPacket('4', new byte[] {9, 8}, true);
        assertThat(V4Frames.INSTANCE.isText(text)).isTrue();
        assertThat(V4Frames.INSTANCE.isText(binary)).isFalse();
        ByteBuf t = V4Frames.INSTANCE.encode(ByteBufAllocator.DEFAULT, text);
        ByteBuf b = V4Frames.INSTANCE.encode(ByteBufAllocator.DEFAULT, binary);
        try {
            assertThat(t.toString(StandardCharsets.UTF_8)).isEqualTo("4héllo");
            assertThat(ByteBufUtil.getBytes(b)).containsExactly(9, 8);
        } finally {
            t.release();
            b.release();
        }
        assertThat(V4Payloads.INSTANCE.acceptsPost("application/octet-stream")).isFalse();
        assertThat(V4Payloads.INSTANCE.acceptsPost("application/octet-stream; charset=utf-8")).isTrue();
        assertThat(V4Payloads.INSTANCE.acceptsPost(null)).isTrue();
    }

    @Test
    void base64WithLineBreaksIsDecodedAsNodeDoes() throws Exception {
        List<InPacket> p = decode("bAQID\r\nBA==\n\u001e4x");
        assertThat(p).hasSize(2);
        assertThat((byte[]) p.get(0).data()).containsExactly(1, 2, 3, 4);
    }
}
