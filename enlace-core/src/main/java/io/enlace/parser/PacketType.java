package io.enlace.parser;

/** Socket.IO v5 packet types. */
public enum PacketType {
    CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

    private static final PacketType[] VALUES = values();

    /** The digit on the wire. */
    public int code() { return ordinal(); }

    /** The type for a wire digit, or null. */
    public static PacketType of(int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }
}
