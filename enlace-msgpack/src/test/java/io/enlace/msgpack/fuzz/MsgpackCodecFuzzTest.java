package io.enlace.msgpack.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.msgpack.MsgpackException;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notepack.io-compatible codec ({@link MsgpackCodec}, used by the Redis adapter and the msgpack parser) on any
 * bytes: decoding gives a tree or throws {@link MsgpackException}, never another exception, and the same answer from a
 * byte array and from a ByteBuffer; a decoded tree encodes (with both encoders) and decodes back to the same value.
 */
class MsgpackCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        JsonNode tree;
        try {
            tree = MsgpackCodec.decode(input);
        } catch (MsgpackException e) {
            assertThat(e.getMessage()).isNotBlank();
            try {
                MsgpackCodec.decode(ByteBuffer.wrap(input));
                throw new AssertionError("the byte[] decoder refused what the ByteBuffer decoder took");
            } catch (MsgpackException same) {
                return;
            }
        }
        assertThat(SameValue.same(tree, MsgpackCodec.decode(ByteBuffer.wrap(input)), false)).isTrue();
        if (tree.isMissingNode()) return; // notepack's undefined at the top: nothing to write back
        byte[] again = MsgpackCodec.notepack().encode(tree);
        JsonNode back = MsgpackCodec.decode(again);
        assertThat(SameValue.same(tree, back, false)).as("round trip of %s: %s", tree, back).isTrue();
        byte[] legacy = MsgpackCodec.notepackLegacy().encode(tree);
        JsonNode backLegacy = MsgpackCodec.decode(legacy);
        assertThat(SameValue.same(tree, backLegacy, true)).as("legacy round trip of %s: %s", tree, backLegacy).isTrue();
    }
}
