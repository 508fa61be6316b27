package io.enlace.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.parser.JsonParser;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.ParseException;
import io.enlace.parser.Parser;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default Socket.IO parser ({@link JsonParser}) fed any sequence of Engine.IO messages (text and binary, as a
 * connection delivers them, binary attachments included): every message is either taken or refused with
 * {@link ParseException} (the connection would then close, so the sequence stops there), never another exception;
 * every packet it completes encodes back into messages that decode, through a fresh decoder, to an equal packet.
 * Input: {@link FuzzInput} frames, tag bit 0 set for a binary message, clear for text (UTF-8).
 */
class JsonParserFuzzTest {
    private static final JsonParser PARSER = new JsonParser();

    @FuzzTest(maxDuration = "10s")
    void messages(byte[] input) {
        FuzzInput in = new FuzzInput(input);
        Parser.Decoder decoder = PARSER.newDecoder();
        int count = 0;
        while (in.hasMore() && count++ < 32) {
            boolean binary = (in.u8() & 1) == 1;
            byte[] bytes = in.frame();
            Object message = binary ? bytes : new String(bytes, StandardCharsets.UTF_8);
            Packet packet;
            try {
                packet = decoder.add(message);
            } catch (ParseException e) {
                assertThat(e.getMessage()).isNotBlank();
                decoder.destroy();
                return;
            }
            if (packet != null) roundTrip(packet);
        }
        decoder.destroy();
    }

    private static void roundTrip(Packet packet) {
        assertThat(packet.nsp()).startsWith("/");
        JsonNode expectedData = finite(packet.data());
        if (packet.type() == PacketType.EVENT && expectedData != null && expectedData.path(0).isNull()) {
            // an event named by a non-finite number (1e400): written as JSON.stringify writes it, [null, ...], which
            // no parser (Node's included) reads back as an event; Node's server writes the same
            return;
        }
        List<Object> messages = PARSER.encode(packet);
        assertThat(messages).isNotEmpty();
        assertThat(messages.get(0)).isInstanceOf(String.class);
        Parser.Decoder fresh = PARSER.newDecoder();
        Packet again = null;
        for (int i = 0; i < messages.size(); i++) {
            try {
                again = fresh.add(messages.get(i));
            } catch (ParseException e) {
                throw new AssertionError("Enlace cannot read what it wrote: " + messages + " from " + packet, e);
            }
            if (i < messages.size() - 1) assertThat(again).as("attachment %d of %s", i, messages).isNull();
        }
        // NaN and ±Infinity (1e400 reads as Infinity) are written as null, as JSON.stringify does
        Packet expected = new Packet(packet.type(), packet.nsp(), packet.id(), expectedData);
        assertThat(again).as("round trip of %s via %s", packet, messages).isEqualTo(expected);
    }

    /** A copy of the tree with every non-finite number replaced by null. */
    static JsonNode finite(JsonNode node) {
        if (node == null) return null;
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) return NullNode.instance;
        if (node instanceof ArrayNode a) {
            ArrayNode copy = a.arrayNode(a.size());
            for (JsonNode c : a) copy.add(finite(c));
            return copy;
        }
        if (node instanceof ObjectNode o) {
            ObjectNode copy = o.objectNode();
            o.fields().forEachRemaining(e -> copy.set(e.getKey(), finite(e.getValue())));
            return copy;
        }
        return node;
    }
}
