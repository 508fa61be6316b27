package io.enlace.parser;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A Socket.IO packet, independent of its encoding. Binary data lives inside {@link #data()} as Jackson
 * {@code BinaryNode}s; each parser decides how to carry it (placeholders and attachments, or msgpack bin).
 * {@link PacketType#BINARY_EVENT}/{@link PacketType#BINARY_ACK} are wire details of the default parser: packets handed
 * to and from a parser use {@link PacketType#EVENT}/{@link PacketType#ACK} whether or not they hold binary.
 *
 * @param type packet type
 * @param nsp  namespace, starting with {@code /}
 * @param id   ack id, or -1 for none
 * @param data payload (array for events and acks, object for connect/connect_error), or null
 */
public record Packet(PacketType type, String nsp, long id, JsonNode data) {
    public static final long NO_ID = -1;

    public Packet {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nsp, "nsp");
    }

    public boolean hasId() { return id >= 0; }
}
