package io.enlace.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.enlace.msgpack.NodeReference.HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Byte-for-byte comparison with notepack.io 3.0.1 run in Node (interop/msgpack/vectors.js). */
class NotepackInteropTest {
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        vectors = NodeReference.run("vectors.js");
    }

    @Test
    void encodesLikeNotepack() {
        int checked = 0;
        for (JsonNode v : vectors.get("encode")) {
            String name = v.get("name").asText();
            JsonNode input = NodeReference.untag(v.get("input"));
            assertThat(HEX.formatHex(MsgpackCodec.notepack().encode(input))).as("encoding of " + name).isEqualTo(v.get("hex").asText());
            if (!v.has("noRoundTrip")) {
                // and the bytes decode back to the same JavaScript value
                NodeReference.assertJsEquals(name, v.get("input"), MsgpackCodec.decode(HEX.parseHex(v.get("hex").asText())));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(70);
    }

    @Test
    void encodesLikeTheNotepack2OfTheMsgpackParser() {
        int checked = 0;
        for (JsonNode v : vectors.get("encode2")) {
            String name = v.get("name").asText();
            JsonNode input = NodeReference.untag(v.get("input"));
            assertThat(HEX.formatHex(MsgpackCodec.notepackLegacy().encode(input))).as("legacy encoding of " + name)
                    .isEqualTo(v.get("hex").asText());
            NodeReference.assertJsEquals(name, v.get("input"), MsgpackCodec.decode(HEX.parseHex(v.get("hex").asText())));
            checked++;
        }
        assertThat(checked).isGreaterThan(70);
    }

    @Test
    void decodesLikeNotepack() {
        int checked = 0;
        for (JsonNode v : vectors.get("decode")) {
            String name = v.get("name").asText();
            byte[] bytes = HEX.parseHex(v.get("hex").asText());
            if (v.has("error")) {
                assertThatThrownBy(() -> MsgpackCodec.decode(bytes)).as(name + " (notepack: " + v.get("error").asText() + ")")
                        .isInstanceOf(MsgpackException.class);
            } else {
                NodeReference.assertJsEquals(name, v.get("output"), MsgpackCodec.decode(bytes));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(30);
    }
}
