package io.enlace.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParserTest {
    private final ObjectMapper mapper = JsonParser.defaultMapper();
    private final JsonParser parser = new JsonParser(mapper);

    private ArrayNode arr(Object... items) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Object o : items) a.add(o instanceof JsonNode n ? n : mapper.valueToTree(o));
        return a;
    }

    private Packet decode(Object... messages) throws ParseException {
        Parser.Decoder d = parser.newDecoder();
        Packet p = null;
        for (Object m : messages) p = d.add(m);
        return p;
    }

    @Test
    void encodesTextPackets() {
        assertThat(parser.encode(new Packet(PacketType.CONNECT, "/", -1, null))).containsExactly("0");
        ObjectNode sid = JsonNodeFactory.instance.objectNode().put("sid", "abc");
        assertThat(parser.encode(new Packet(PacketType.CONNECT, "/admin", -1, sid))).containsExactly("0/admin,{\"sid\":\"abc\"}");
        assertThat(parser.encode(new Packet(PacketType.EVENT, "/", 12, arr("foo")))).containsExactly("212[\"foo\"]");
        assertThat(parser.encode(new Packet(PacketType.ACK, "/admin", 13, arr("bar")))).containsExactly("3/admin,13[\"bar\"]");
        assertThat(parser.encode(new Packet(PacketType.DISCONNECT, "/admin", -1, null))).containsExactly("1/admin,");
    }

    @Test
    void encodesBinaryWithPlaceholdersInOrder() {
        ObjectNode nested = JsonNodeFactory.instance.objectNode();
        nested.set("deep", arr(BinaryNode.valueOf(new byte[]{2})));
        List<Object> out = parser.encode(new Packet(PacketType.EVENT, "/", -1, arr("baz", BinaryNode.valueOf(new byte[]{1}), nested)));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo("52-[\"baz\",{\"_placeholder\":true,\"num\":0},{\"deep\":[{\"_placeholder\":true,\"num\":1}]}]");
        assertThat((byte[]) out.get(1)).containsExactly(1);
        assertThat((byte[]) out.get(2)).containsExactly(2);
        List<Object> ack = parser.encode(new Packet(PacketType.ACK, "/a", 15, arr(BinaryNode.valueOf(new byte[]{9}))));
        assertThat(ack.get(0)).isEqualTo("61-/a,15[{\"_placeholder\":true,\"num\":0}]");
    }

    @Test
    void keepsKeyOrderNullsAndIntegers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", 1);
        m.put("a", null);
        m.put("m", 2.5);
        assertThat(parser.encode(new Packet(PacketType.EVENT, "/", -1, arr("e", m)))).containsExactly("2[\"e\",{\"z\":1,\"a\":null,\"m\":2.5}]");
    }

    @Test
    void decodesNamespacesWithAndWithoutComma() throws Exception {
        assertThat(decode("0/custom").nsp()).isEqualTo("/custom");
        assertThat(decode("0/custom,").nsp()).isEqualTo("/custom");
        Packet p = decode("0/custom,{\"token\":\"abc\"}");
        assertThat(p.type()).isEqualTo(PacketType.CONNECT);
        assertThat(p.data().get("token").asText()).isEqualTo("abc");
        Packet q = decode("2/admin,456[\"e\",1]");
        assertThat(q.nsp()).isEqualTo("/admin");
        assertThat(q.id()).isEqualTo(456);
        assertThat(q.data().get(1).asInt()).isEqualTo(1);
        assertThat(decode("1/custom").type()).isEqualTo(PacketType.DISCONNECT);
    }

    @Test
    void reassemblesBinary() throws Exception {
        Parser.Decoder d = parser.newDecoder();
        assertThat(d.add("52-789[\"m\",{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}}]")).isNull();
        assertThat(d.add(new byte[]{1, 2})).isNull();
        Packet p = d.add(new byte[]{3});
        assertThat(p.type()).isEqualTo(PacketType.EVENT);
        assertThat(p.id()).isEqualTo(789);
        assertThat(p.data().get(1).binaryValue()).containsExactly(1, 2);
        assertThat(p.data().get(2).get("x").binaryValue()).containsExactly(3);
        // the decoder is ready for the next packet
        assertThat(d.add("2[\"n\"]").data().get(0).asText()).isEqualTo("n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "9", "a", "7[\"x\"]", "2\"str\"", "2[]", "2[null]", "2[\"connect\"]", "2[\"disconnect\",1]", "2[\"newListener\"]",
            "2{\"a\":1}", "0[]", "0\"x\"", "1{}", "3{}", "4[1]", "2[\"x\"", "2[\"x\"]garbage", "5[\"x\"]", "5-1[\"x\"]", "5a-[\"x\"]",
            "511-[\"x\"]", "2/nsp,abc[\"x\"]"
    })
    void refusesInvalidPackets(String text) {
        assertThatThrownBy(() -> decode(text)).isInstanceOf(ParseException.class);
    }

    @Test
    void acceptsValidPayloadShapes() throws Exception {
        assertThat(decode("2[1,2]").data().get(0).asInt()).isEqualTo(1);
        assertThat(decode("4\"oops\"").type()).isEqualTo(PacketType.CONNECT_ERROR);
        assertThat(decode("3[]").type()).isEqualTo(PacketType.ACK);
        assertThat(decode("0").data()).isNull();
    }

    @Test
    void limitsAttachments() throws Exception {
        assertThat(decode("510-[\"x\"]")).isNull();
        assertThatThrownBy(() -> decode("511-[\"x\"]")).hasMessageContaining("too many attachments");
        JsonParser strict = new JsonParser(mapper, 1);
        assertThatThrownBy(() -> strict.newDecoder().add("52-[\"x\"]")).isInstanceOf(ParseException.class);
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullAsJsonStringifyDoes() throws Exception {
        Packet p = decode("2[\"x\",1e400,{\"a\":[-1e999]}]");
        assertThat(p.data().get(1).doubleValue()).isInfinite();
        assertThat(parser.encode(p)).containsExactly("2[\"x\",null,{\"a\":[null]}]");
        assertThat(JsonParser.defaultMapper().writeValueAsString(java.util.List.of(Double.NaN, Float.NEGATIVE_INFINITY,
                new double[] {1.5, Double.POSITIVE_INFINITY}, 2.5f))).isEqualTo("[null,null,[1.5,null],2.5]");
    }

    @Test
    void binaryPacketsCarryAtLeastOneAttachmentAsInSocketIoParser() {
        assertThatThrownBy(() -> decode("50-[\"x\"]")).hasMessageContaining("Illegal attachments");
        assertThatThrownBy(() -> decode("60-[]")).hasMessageContaining("Illegal attachments");
    }

    @Test
    void ackIdsUpToTwoToTheFiftyThreeMinusOneWithLeadingZeros() throws Exception {
        assertThat(decode("29007199254740991[\"x\"]").id()).isEqualTo(JsonParser.MAX_ACK_ID);
        assertThat(decode("20000000000000000000007[\"x\"]").id()).isEqualTo(7);
        assertThat(decode("3/admin,0[]").id()).isZero();
        assertThatThrownBy(() -> decode("29007199254740992[\"x\"]")).hasMessageContaining("2^53-1");
        assertThatThrownBy(() -> decode("299999999999999999999999[\"x\"]")).hasMessageContaining("2^53-1");
        // a space is not a digit: the rest is not JSON
        assertThatThrownBy(() -> decode("2 5[\"x\"]")).isInstanceOf(ParseException.class);
    }

    @Test
    void refusesMismatchedAttachments() throws Exception {
        Parser.Decoder d = parser.newDecoder();
        assertThatThrownBy(() -> d.add(new byte[]{1})).hasMessageContaining("not reconstructing");
        Parser.Decoder d2 = parser.newDecoder();
        d2.add("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThatThrownBy(() -> d2.add("2[\"y\"]")).hasMessageContaining("plaintext");
        Parser.Decoder d3 = parser.newDecoder();
        d3.add("51-[\"x\",{\"_placeholder\":true,\"num\":3}]");
        assertThatThrownBy(() -> d3.add(new byte[]{1})).hasMessageContaining("illegal attachments");
        Parser.Decoder d4 = parser.newDecoder();
        d4.add("51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]");
        assertThatThrownBy(() -> d4.add(new byte[]{1})).hasMessageContaining("illegal attachments");
    }

    @Test
    void binaryRoundTrip() throws Exception {
        Packet in = new Packet(PacketType.ACK, "/x", 7, arr(BinaryNode.valueOf(new byte[]{5, 6}), "t"));
        List<Object> enc = parser.encode(in);
        Packet out = decode(enc.toArray());
        assertThat(out).isEqualTo(new Packet(PacketType.ACK, "/x", 7, out.data()));
        assertThat(out.data().get(0).binaryValue()).containsExactly(5, 6);
        assertThat(out.data().get(1).asText()).isEqualTo("t");
    }
}
