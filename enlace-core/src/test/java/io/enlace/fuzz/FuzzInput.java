package io.enlace.fuzz;

import java.util.Arrays;

/**
 * Reads a fuzz input as a simple frame format, so that seed files are easy to write by hand or by
 * {@link SeedCorpus} and mutations stay meaningful: a frame is one tag byte, a big-endian 16-bit length and that many
 * bytes (fewer at the end of the input). Lenient: every byte sequence is a valid input.
 */
final class FuzzInput {
    private final byte[] data;
    private int pos;

    FuzzInput(byte[] data) { this.data = data; }

    boolean hasMore() { return pos < data.length; }

    /** The next byte (0 at the end). */
    int u8() { return pos < data.length ? data[pos++] & 0xff : 0; }

    /** The next frame's payload; its tag is read first with {@link #u8()}. */
    byte[] frame() {
        int len = (u8() << 8) | u8();
        int end = Math.min(data.length, pos + len);
        byte[] out = Arrays.copyOfRange(data, Math.min(pos, data.length), end);
        pos = end;
        return out;
    }

    /** Builds an input: {@code tag, length, bytes} per frame. */
    static byte[] frames(Object... tagAndBytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < tagAndBytes.length; i += 2) {
            out.write((Integer) tagAndBytes[i]);
            byte[] b = (byte[]) tagAndBytes[i + 1];
            out.write(b.length >>> 8);
            out.write(b.length);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
