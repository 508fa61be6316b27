package io.enlace.msgpack.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.enlace.msgpack.MsgpackParser;
import io.enlace.parser.Packet;
import io.enlace.parser.ParseException;
import io.enlace.parser.Parser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket.io-msgpack-parser compatible {@link MsgpackParser} on any binary message: a packet or
 * {@link ParseException}, never another exception; a decoded packet encodes and decodes back to the same packet (dates
 * to the millisecond, as the parser writes them for socket.io-msgpack-parser's notepack 2.2).
 */
class MsgpackParserFuzzTest {
    private static final MsgpackParser PARSER = MsgpackParser.instance();

    @FuzzTest(maxDuration = "10s")
    void packet(byte[] input) {
        Parser.Decoder decoder = PARSER.newDecoder();
        Packet p;
        try {
            p = decoder.add(input);
        } catch (ParseException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(p).isNotNull();
        assertThat(p.nsp()).isNotNull();
        Packet back;
        try {
            back = PARSER.newDecoder().add(PARSER.encodeToBytes(p));
        } catch (ParseException e) {
            throw new AssertionError("Enlace cannot read what it wrote for " + p, e);
        }
        assertThat(back.type()).isEqualTo(p.type());
        assertThat(back.nsp()).isEqualTo(p.nsp());
        assertThat(back.id()).isEqualTo(p.id());
        assertThat(SameValue.same(p.data(), back.data(), true)).as("round trip of %s: %s", p, back).isTrue();
    }
}
