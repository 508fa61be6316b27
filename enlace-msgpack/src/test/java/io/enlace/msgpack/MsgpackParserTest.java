package io.enlace.msgpack;

import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.ParseException;
import io.enlace.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases of the parser that need no Node process. */
class MsgpackParserTest {
    private static final HexFormat HEX = HexFormat.of();
    private final MsgpackParser parser = MsgpackParser.instance();

    @Test
    void binaryEventsTravelAsOneMessageOfTypeEvent() throws ParseException {
        var data = JsonNodeFactory.instance.arrayNode().add("bin").add(BinaryNode.valueOf(new byte[] {1, 2, 3}));
        List<Object> out = parser.encode(new Packet(PacketType.BINARY_EVENT, "/x", 5, data));
        assertThat(out).hasSize(1);
        assertThat(HEX.formatHex((byte[]) out.get(0)))
                .isEqualTo("84a47479706502a46461746192a362696ec403010203a2696405a36e7370a22f78");
        Parser.Decoder decoder = parser.newDecoder();
        Packet back = decoder.add(out.get(0));
        assertThat(back).isEqualTo(new Packet(PacketType.EVENT, "/x", 5, data));
    }

    @Test
    void ackPutsTheIdFirst() {
        var data = JsonNodeFactory.instance.arrayNode().add(1);
        assertThat(HEX.formatHex(parser.encodeToBytes(new Packet(PacketType.ACK, "/", 0, data))))
                .isEqualTo("84a2696400a47479706503a46461746191" + "01" + "a36e7370a12f");
        assertThat(HEX.formatHex(parser.encodeToBytes(new Packet(PacketType.DISCONNECT, "/", Packet.NO_ID, null))))
                .isEqualTo("82a47479706501a36e7370a12f");
        assertThat(HEX.formatHex(parser.encodeToBytes(new Packet(PacketType.CONNECT, "/", Packet.NO_ID, null))))
                .isEqualTo("82a47479706500a36e7370a12f");
    }

    @Test
    void rejectsTextNegativeIdsAndGarbage() {
        Parser.Decoder d = parser.newDecoder();
        assertThatThrownBy(() -> d.add("2[\"a\"]")).isInstanceOf(ParseException.class);
        // {type:2, nsp:"/", data:["a"], id:-1}
        assertThatThrownBy(() -> d.add(HEX.parseHex("84a47479706502a36e7370a12fa46461746191a161a26964ff"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> d.add(HEX.parseHex("c1"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> d.add(new Object())).isInstanceOf(ParseException.class);
    }
}
