package io.enlace.internal.engine;

import io.enlace.internal.engine.PacketCodec.InPacket;
import io.enlace.internal.engine.PacketCodec.OutPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketCodecTest {

    private static List<InPacket> decode(String s) throws Exception {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        try {
            return PacketCodec.decodePayload(b);
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
        assertThatThrownBy(() -> decode("abc")).isInstanceOf(PacketCodec.DecodeException.class);
        assertThatThrownBy(() -> decode("")).isInstanceOf(PacketCodec.DecodeException.class);
        assertThatThrownBy(() -> decode("4a\u001e\u001e4b")).isInstanceOf(PacketCodec.DecodeException.class);
        assertThatThrownBy(() -> decode("7")).isInstanceOf(PacketCodec.DecodeException.class);
        assertThatThrownBy(() -> decode("b!!!")).isInstanceOf(PacketCodec.DecodeException.class);
        ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {'4', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> PacketCodec.decodePayload(bad)).hasMessageContaining("UTF-8");
    }

    @Test
    void encodesPayload() {
        ByteBuf b = PacketCodec.encodePayload(ByteBufAllocator.DEFAULT, List.of(
                new OutPacket('4', "héllo", false), new OutPacket('4', new byte[] {1, 2, 3, 4}, false),
                new OutPacket('2', null, false)));
        try {
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("4héllo\u001ebAQIDBA==\u001e2");
        } finally {
            b.release();
        }
    }

    @Test
    void repeatedBroadcastStringIsEncodedIdentically() {
        String shared = "42[\"news\",\"" + "é".repeat(100) + "\"]";
        for (int i = 0; i < 4; i++) {
            ByteBuf b = PacketCodec.encodeText(ByteBufAllocator.DEFAULT, '4', shared);
            try {
                assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("4" + shared);
            } finally {
                b.release();
            }
        }
        String other = new String(shared); // equal but another instance: not mixed up with the cached bytes
        String different = shared.replace("news", "nope");
        ByteBuf b1 = PacketCodec.encodeText(ByteBufAllocator.DEFAULT, '4', different);
        ByteBuf b2 = PacketCodec.encodePayload(ByteBufAllocator.DEFAULT, List.of(new OutPacket('4', other, false),
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
    void sidsAreTwentyUrlSafeCharacters() {
        for (int i = 0; i < 200; i++) {
            assertThat(RealEngineServer.generateId()).hasSize(20).matches("[A-Za-z0-9_-]{20}");
        }
    }

    @Test
    void acceptEncodingNegotiation() {
        assertThat(RealEngineServer.pickEncoding("gzip, deflate, br")).isEqualTo("gzip");
        assertThat(RealEngineServer.pickEncoding("deflate")).isEqualTo("deflate");
        assertThat(RealEngineServer.pickEncoding("gzip;q=0, deflate")).isEqualTo("deflate");
        assertThat(RealEngineServer.pickEncoding("br")).isNull();
        assertThat(RealEngineServer.pickEncoding(null)).isNull();
    }

    @org.junit.jupiter.api.Test
    void base64WithLineBreaksIsDecodedAsNodeDoes() throws Exception {
        List<InPacket> p = decode("bAQID\r\nBA==\n\u001e4x");
        assertThat(p).hasSize(2);
        assertThat((byte[]) p.get(0).data()).containsExactly(1, 2, 3, 4);
    }
}
