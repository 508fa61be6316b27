package io.enlace.fuzz;

import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the payload fuzz targets check on every decode: the outcome as comparable text, and the body not kept. */
final class PayloadDecoding {
    private PayloadDecoding() {}

    /** Decodes and releases {@code buf}: the packets, or the DecodeException (which must say what is wrong). */
    static Object decode(PayloadCodec codec, ByteBuf buf, String contentType) {
        try {
            return codec.decode(buf, contentType);
        } catch (DecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e;
        } finally {
            assertThat(buf.release()).as("the decoder borrows the body: it is not retained").isTrue();
        }
    }

    /** A decode's outcome as text: one line per packet (type, then its text or bytes), or the error. */
    static String describe(Object result) {
        if (result instanceof DecodeException e) return "error: " + e.getMessage();
        StringBuilder sb = new StringBuilder();
        for (Object o : (List<?>) result) {
            InPacket p = (InPacket) o;
            sb.append(p.type()).append(':');
            sb.append(p.data() instanceof byte[] b ? "bin " + Arrays.toString(b) : "text " + p.data()).append('\n');
        }
        return sb.toString();
    }
}
