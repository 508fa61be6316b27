package io.enlace.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.ParseException;
import io.enlace.parser.Parser;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The Socket.IO parser of {@code socket.io-msgpack-parser} 3.x (used by {@code socket.io.msgpack.min.js} clients):
 * every packet is one binary Engine.IO message holding a msgpack map {@code {type, data, id?, nsp}} encoded as
 * notepack.io 2.2.0 does (see {@link MsgpackCodec#notepackLegacy()}: dates as {@code d7 00} + int64 ms, which that
 * version's clients decode as a {@code Date}). Binary values travel as msgpack bin inside {@code data}, so there are no
 * attachments and {@link PacketType#BINARY_EVENT}/{@link PacketType#BINARY_ACK} never appear on the wire (they are
 * encoded as EVENT/ACK).
 *
 * <p>Key order follows what a socket.io 4.8 server writes: {@code {type, data, nsp}} for CONNECT (no {@code data}
 * when it is null) and CONNECT_ERROR, {@code {type, nsp}} for DISCONNECT, {@code {type, data[, id], nsp}} for EVENT,
 * {@code {id, type, data, nsp}} for ACK.
 *
 * <p>Decoding validates like the reference decoder: the message must be binary msgpack holding a map; {@code type} an
 * integer 0-4; {@code nsp} a string; {@code data} absent or an object for CONNECT, absent for DISCONNECT, a string or
 * an object for CONNECT_ERROR, an array for EVENT and ACK; {@code id} absent or an integer. Other keys (socket.io-client
 * adds {@code options}) are ignored. One difference: a negative or out-of-range {@code id}, which the reference lets
 * through, is rejected because {@link Packet} cannot carry it. Like the reference, the event name is not checked here.
 */
public final class MsgpackParser implements Parser {
    private static final MsgpackParser INSTANCE = new MsgpackParser();
    private static final ThreadLocal<MessageBufferPacker> PACKERS = ThreadLocal.withInitial(MessagePack::newDefaultBufferPacker);

    private MsgpackParser() {
    }

    /** @return the parser (it is stateless; decoders are per connection) */
    public static MsgpackParser instance() { return INSTANCE; }

    @Override
    public List<Object> encode(Packet packet) {
        return List.of(encodeToBytes(packet));
    }

    /**
     * Encodes one packet.
     *
     * @param packet the packet
     * @return the msgpack bytes of its map
     */
    public byte[] encodeToBytes(Packet packet) {
        MessageBufferPacker p = PACKERS.get();
        p.clear();
        try {
            PacketType type = switch (packet.type()) {
                case BINARY_EVENT -> PacketType.EVENT;
                case BINARY_ACK -> PacketType.ACK;
                default -> packet.type();
            };
            JsonNode data = packet.data();
            boolean hasData = data != null && !data.isMissingNode();
            switch (type) {
                case CONNECT, CONNECT_ERROR -> {
                    p.packMapHeader(hasData ? 3 : 2);
                    typeField(p, type);
                    if (hasData) {
                        dataField(p, data);
                    }
                    nspField(p, packet.nsp());
                }
                case DISCONNECT -> {
                    p.packMapHeader(2);
                    typeField(p, type);
                    nspField(p, packet.nsp());
                }
                case EVENT -> {
                    p.packMapHeader(2 + (hasData ? 1 : 0) + (packet.hasId() ? 1 : 0));
                    typeField(p, type);
                    if (hasData) {
                        dataField(p, data);
                    }
                    if (packet.hasId()) {
                        idField(p, packet.id());
                    }
                    nspField(p, packet.nsp());
                }
                default -> { // ACK
                    p.packMapHeader(2 + (hasData ? 1 : 0) + (packet.hasId() ? 1 : 0));
                    if (packet.hasId()) {
                        idField(p, packet.id());
                    }
                    typeField(p, type);
                    if (hasData) {
                        dataField(p, data);
                    }
                    nspField(p, packet.nsp());
                }
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new MsgpackException("msgpack encoding failed", e);
        } finally {
            p.clear();
        }
    }

    private static void typeField(MessageBufferPacker p, PacketType type) throws IOException {
        MsgpackCodec.writeString(p, "type");
        p.packInt(type.code());
    }

    private static void dataField(MessageBufferPacker p, JsonNode data) throws IOException {
        MsgpackCodec.writeString(p, "data");
        MsgpackCodec.notepackLegacy().write(p, data);
    }

    private static void idField(MessageBufferPacker p, long id) throws IOException {
        MsgpackCodec.writeString(p, "id");
        p.packLong(id);
    }

    private static void nspField(MessageBufferPacker p, String nsp) throws IOException {
        MsgpackCodec.writeString(p, "nsp");
        MsgpackCodec.writeString(p, nsp);
    }

    @Override
    public Decoder newDecoder() {
        return DECODER;
    }

    /**
     * Decodes and validates one binary message.
     *
     * @param bytes the message
     * @return the packet (EVENT/ACK even when it holds binary)
     * @throws ParseException if it is not a valid packet
     */
    public Packet decode(byte[] bytes) throws ParseException {
        JsonNode root;
        try {
            root = MsgpackCodec.decode(bytes);
        } catch (MsgpackException e) {
            throw new ParseException(e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new ParseException("invalid packet type");
        }
        JsonNode typeNode = root.get("type");
        int code = isInteger(typeNode) ? (int) Math.max(-1, Math.min(99, typeNode.doubleValue())) : -1;
        if (code < PacketType.CONNECT.code() || code > PacketType.CONNECT_ERROR.code()) {
            throw new ParseException("invalid packet type");
        }
        PacketType type = PacketType.of(code);
        JsonNode nsp = root.get("nsp");
        if (nsp == null || !nsp.isTextual()) {
            throw new ParseException("invalid namespace");
        }
        JsonNode data = root.get("data");
        boolean dataValid = switch (type) {
            case CONNECT -> data == null || isPlainObject(data);
            case DISCONNECT -> data == null;
            case CONNECT_ERROR -> data != null && (isPlainString(data) || isPlainObject(data));
            default -> data != null && data.isArray();
        };
        if (!dataValid) {
            throw new ParseException("invalid payload");
        }
        JsonNode idNode = root.get("id");
        long id = Packet.NO_ID;
        if (idNode != null) {
            if (!isInteger(idNode)) {
                throw new ParseException("invalid packet id");
            }
            double d = idNode.doubleValue();
            if (d < 0 || d > Long.MAX_VALUE / 2) {
                throw new ParseException("unsupported packet id " + idNode.asText());
            }
            id = idNode.longValue();
        }
        if (type != PacketType.EVENT && type != PacketType.ACK) {
            // only events and acks carry an id (Node ignores one elsewhere; the encoder would not write it back)
            id = Packet.NO_ID;
        }
        return new Packet(type, nsp.textValue(), id, data);
    }

    private static boolean isInteger(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return false;
        }
        if (n.isIntegralNumber()) {
            return true;
        }
        double d = n.doubleValue();
        return Double.isFinite(d) && Math.floor(d) == d;
    }

    private static boolean isPlainObject(JsonNode n) {
        return n.isObject();
    }

    private static boolean isPlainString(JsonNode n) {
        return n.isTextual() && !(n instanceof TimestampNode);
    }

    private static final Decoder DECODER = new Decoder() {
        @Override
        public Packet add(Object message) throws ParseException {
            if (message instanceof byte[] bytes) {
                return INSTANCE.decode(bytes);
            }
            if (message instanceof ByteBuffer buffer) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                return INSTANCE.decode(bytes);
            }
            throw new ParseException(message instanceof String ? "text message where msgpack was expected" : "unsupported message type");
        }

        @Override
        public void destroy() {
            // stateless
        }
    };
}
