package io.enlace.internal.engine.codec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Engine.IO v3 packet as the v3 codec tests compare them: by value, binary data by content, no data as null (the
 * codecs' {@link InPacket} has {@code ""} there, {@link OutPacket} null or {@code ""}; both encode alike).
 *
 * @param type the packet type, {@code '0'} (open) to {@code '6'} (noop)
 * @param data a {@code String}, a {@code byte[]} (binary data), or {@code null} when the packet carries no data
 *             (a v3 {@code "4"} is a message without data, which engine.io 6 hands on as {@code undefined})
 */
public record V3Packet(char type, Object data) {
    /** open */
    public static final char OPEN = '0';
    /** close */
    public static final char CLOSE = '1';
    /** ping (sent by v3 clients) */
    public static final char PING = '2';
    /** pong (sent by the server in v3) */
    public static final char PONG = '3';
    /** message */
    public static final char MESSAGE = '4';
    /** upgrade */
    public static final char UPGRADE = '5';
    /** noop */
    public static final char NOOP = '6';

    /**
     * @throws IllegalArgumentException for a type outside {@code '0'..'6'} or data that is neither String, byte[] nor null
     */
    public V3Packet {
        if (type < OPEN || type > NOOP) throw new IllegalArgumentException("packet type must be '0'..'6': " + type);
        if (data != null && !(data instanceof String) && !(data instanceof byte[])) {
            throw new IllegalArgumentException("packet data must be a String, a byte[] or null: " + data.getClass().getName());
        }
    }

    /** A message with text data. */
    public static V3Packet message(String data) { return new V3Packet(MESSAGE, Objects.requireNonNull(data, "data")); }

    /** A message with binary data. */
    public static V3Packet message(byte[] data) { return new V3Packet(MESSAGE, Objects.requireNonNull(data, "data")); }

    /** A packet without data. */
    public static V3Packet of(char type) { return new V3Packet(type, null); }

    /** True when the data is binary. */
    public boolean isBinary() { return data instanceof byte[]; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof V3Packet p) || p.type != type) return false;
        if (data instanceof byte[] a) return p.data instanceof byte[] b && Arrays.equals(a, b);
        return Objects.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return type * 31 + (data instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(data));
    }

    @Override
    public String toString() {
        if (data == null) return "V3Packet[" + type + "]";
        if (data instanceof byte[] b) return "V3Packet[" + type + ", " + b.length + " bytes]";
        return "V3Packet[" + type + ", \"" + data + "\"]";
    }

    /** The packet the codecs read as {@code p} ({@code ""} as no data). */
    static V3Packet from(InPacket p) {
        return new V3Packet(p.type(), "".equals(p.data()) ? null : p.data());
    }

    /** The packets the codecs read as {@code list}. */
    static List<V3Packet> from(List<InPacket> list) {
        return list.stream().map(V3Packet::from).toList();
    }

    /** This packet to encode. */
    OutPacket out() { return new OutPacket(type, data, false); }

    /** The packets to encode. */
    static List<OutPacket> out(List<V3Packet> list) {
        return list.stream().map(V3Packet::out).toList();
    }

    /** The rule {@code e} (a {@link DecodeException}) reports, by its message. */
    static V3Rule rule(Throwable e) {
        for (V3Rule r : V3Rule.values()) if (r.message().equals(e.getMessage())) return r;
        throw new AssertionError("no V3Rule has the message " + e.getMessage());
    }
}
