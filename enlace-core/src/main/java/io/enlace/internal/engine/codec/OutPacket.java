package io.enlace.internal.engine.codec;

/**
 * An Engine.IO packet to send: its type character, its data (a {@code String}, a {@code byte[]} for a binary
 * message, or null) and whether it may be compressed (HTTP compression, permessage-deflate).
 */
public record OutPacket(char type, Object data, boolean compress) {

    /**
     * What the packet costs in a session's outbound queue, in bytes (the bound {@code maxBufferedBytes} is counted
     * with it): the type character plus the data, binary data as its base64 length (the polling form).
     */
    public int estimatedSize() {
        if (data == null) return 1;
        if (data instanceof byte[] b) return 1 + (b.length + 2) / 3 * 4;
        return 1 + ((String) data).length();
    }
}
