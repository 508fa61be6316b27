package io.enlace.internal.engine.codec;

/**
 * An Engine.IO packet to send: its type character, its data (a {@code String}, a {@code byte[]} for a binary
 * message, or null) and whether it may be compressed (HTTP compression, permessage-deflate).
 */
public record OutPacket(char type, Object data, boolean compress) {

    /**
     * The packet's size in bytes, as a session's outbound queue counts it against {@code maxBufferedBytes} (plus a
     * fixed overhead per packet there): the type character plus the data, binary data as its base64 length (the
     * polling form).
     */
    public int estimatedSize() {
        if (data == null) return 1;
        if (data instanceof byte[] b) return 1 + (b.length + 2) / 3 * 4;
        return 1 + ((String) data).length();
    }
}
