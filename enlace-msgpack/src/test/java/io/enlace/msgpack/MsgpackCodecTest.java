package io.enlace.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cases of the codec that need no Node process. */
class MsgpackCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final MsgpackCodec CODEC = MsgpackCodec.notepack();

    private static String hex(JsonNode n) {
        return HEX.formatHex(CODEC.encode(n));
    }

    @Test
    void integralNumbersOfAnyNodeTypeAreInts() {
        assertThat(hex(DoubleNode.valueOf(2.0))).isEqualTo("02");
        assertThat(hex(DoubleNode.valueOf(-0.0))).isEqualTo("00");
        assertThat(hex(FloatNode.valueOf(300f))).isEqualTo("cd012c");
        assertThat(hex(DecimalNode.valueOf(new BigDecimal("1.000")))).isEqualTo("01");
        assertThat(hex(BigIntegerNode.valueOf(new BigInteger("18446744073709551615")))).isEqualTo("cfffffffffffffffff");
        assertThat(hex(DecimalNode.valueOf(new BigDecimal("0.1")))).isEqualTo("cb3fb999999999999a");
    }

    @Test
    void integersBeyondTheMsgpackRangeBecomeFloat64() {
        assertThat(hex(BigIntegerNode.valueOf(BigInteger.TWO.pow(64)))).isEqualTo("cb43f0000000000000");
        assertThat(hex(DoubleNode.valueOf(-0x1p64))).isEqualTo("cbc3f0000000000000");
        assertThat(hex(DoubleNode.valueOf(Double.MAX_VALUE))).isEqualTo("cb7fefffffffffffff");
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        assertThat(hex(TextNode.valueOf("a\ud800b"))).isEqualTo("a561efbfbd62");
        assertThat(hex(TextNode.valueOf("\udc00"))).isEqualTo("a3efbfbd");
    }

    @Test
    void missingValuesAreUndefined() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("a", MissingNode.getInstance());
        o.put("b", 1);
        assertThat(hex(o)).isEqualTo("81a16201");
        assertThat(HEX.formatHex(MsgpackCodec.notepackLegacy().encode(o))).isEqualTo("82a161d40000a16201");
        assertThat(MsgpackCodec.decode(HEX.parseHex("82a161d40000a16201"))).isEqualTo(JsonNodeFactory.instance.objectNode().put("b", 1));
        assertThat(MsgpackCodec.decode(HEX.parseHex("d40000")).isMissingNode()).isTrue();
    }

    @Test
    void pojoNodesHoldingBytesOrDates() {
        assertThat(hex(new POJONode(new byte[] {1, 2}))).isEqualTo("c4020102");
        assertThat(hex(new POJONode(ByteBuffer.wrap(new byte[] {3})))).isEqualTo("c40103");
        assertThat(hex(new POJONode(Instant.ofEpochSecond(1)))).isEqualTo("d6ff00000001");
        assertThat(hex(new POJONode(new java.util.Date(1500)))).isEqualTo("d7ff7735940000000001");
        assertThat(hex(new POJONode(null))).isEqualTo("c0");
        assertThatThrownBy(() -> CODEC.encode(new POJONode(new Object()))).isInstanceOf(MsgpackException.class);
    }

    @Test
    void timestampsKeepNanosAndPrintLikeJavaScript() {
        Instant t = Instant.ofEpochSecond(1795609689L, 257_123_456);
        TimestampNode node = TimestampNode.of(t);
        assertThat(node.textValue()).isEqualTo("2026-11-25T12:28:09.257Z");
        JsonNode back = MsgpackCodec.decode(CODEC.encode(node));
        assertThat(back).isInstanceOf(TimestampNode.class);
        assertThat(((TimestampNode) back).instant()).isEqualTo(t);
        assertThat(TimestampNode.ofEpochMilli(-62198755200000L).textValue()).isEqualTo("-000001-01-01T00:00:00.000Z");
        assertThat(TimestampNode.ofEpochMilli(253402300800000L).textValue()).isEqualTo("+010000-01-01T00:00:00.000Z");
        // as JSON, a timestamp is the ISO string, as JSON.stringify(date) writes it
        assertThat(new ObjectMapper().valueToTree(node).toString()).isEqualTo("\"2026-11-25T12:28:09.257Z\"");
    }

    @Test
    void rejectsHostileInput() {
        for (String bad : new String[] {"c6ffffffff00", "ddffffffff", "dfffffffff", "dbffffffff61", "c7ff0501", "c1", "", "0101", "9201", "81c4016101"}) {
            assertThatThrownBy(() -> MsgpackCodec.decode(HEX.parseHex(bad))).as(bad).isInstanceOf(MsgpackException.class);
        }
        byte[] deep = new byte[MsgpackCodec.MAX_DEPTH + 2];
        java.util.Arrays.fill(deep, (byte) 0x91);
        deep[deep.length - 1] = 0x01;
        assertThatThrownBy(() -> MsgpackCodec.decode(deep)).isInstanceOf(MsgpackException.class).hasMessageContaining("nesting");
        byte[] ok = new byte[MsgpackCodec.MAX_DEPTH + 1];
        java.util.Arrays.fill(ok, (byte) 0x91);
        ok[ok.length - 1] = 0x01;
        assertThat(MsgpackCodec.decode(ok).isArray()).isTrue();
    }

    @Test
    void decodesFromByteBuffersAndRanges() {
        byte[] bytes = HEX.parseHex("ff93c40101a178c3ff");
        JsonNode expected = JsonNodeFactory.instance.arrayNode().add(BinaryNode.valueOf(new byte[] {1})).add("x").add(true);
        assertThat(MsgpackCodec.decode(bytes, 1, bytes.length - 2)).isEqualTo(expected);
        ByteBuffer buf = ByteBuffer.wrap(bytes, 1, bytes.length - 2);
        assertThat(MsgpackCodec.decode(buf)).isEqualTo(expected);
        assertThat(buf.position()).isEqualTo(1);
    }

    @Test
    void datesOutsideJavaScriptsRangeAreInvalidMsgpack() {
        // found by MsgpackCodecFuzzTest: a timestamp beyond Instant's range threw DateTimeException
        for (String hex : new String[] {"c70cff000000014000000000000000", "c70cff000000000000800000000000",
                "d7007fffffffffffffff", "d70080000000000000ff"}) {
            assertThatThrownBy(() -> MsgpackCodec.decode(HEX.parseHex(hex))).as(hex)
                    .isInstanceOf(MsgpackException.class).hasMessageContaining("JavaScript's Date range");
        }
        // the last millisecond JavaScript can hold still decodes
        assertThat(MsgpackCodec.decode(HEX.parseHex("d700001eb208c2dc0000")).textValue())
                .isEqualTo("+275760-09-13T00:00:00.000Z");
        assertThatThrownBy(() -> TimestampNode.ofEpochMilli(TimestampNode.MAX_EPOCH_MILLI + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
