package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import java.util.List;

/** The v3 codecs over {@link V3Packet}s, for the tests that compare packets by value. */
final class V3 {
    private V3() {}

    /** A WebSocket message: its bytes (owned by the caller) and whether it goes as a binary message. */
    record Frame(ByteBuf data, boolean binary) {}

    static List<V3Packet> decodeText(String payload) throws DecodeException {
        return V3Packet.from(V3Payloads.decodeText(payload));
    }

    static List<V3Packet> decode(ByteBuf body, boolean binary) throws DecodeException {
        return V3Packet.from(V3Payloads.decode(body, binary));
    }

    static List<V3Packet> decodeBinary(ByteBuf body) throws DecodeException {
        return V3Packet.from(V3Payloads.decodeBinary(body));
    }

    static String encodeTextString(List<V3Packet> packets) {
        return V3Payloads.encodeTextString(V3Packet.out(packets));
    }

    static ByteBuf encodeText(ByteBufAllocator alloc, List<V3Packet> packets) {
        return V3Payloads.encodeText(alloc, V3Packet.out(packets));
    }

    static ByteBuf encodeBinary(ByteBufAllocator alloc, List<V3Packet> packets) {
        return V3Payloads.encodeBinary(alloc, V3Packet.out(packets));
    }

    static V3Payloads.Encoded encode(ByteBufAllocator alloc, List<V3Packet> packets, boolean supportsBinary) {
        return V3Payloads.encode(alloc, V3Packet.out(packets), supportsBinary);
    }

    static ByteBuf jsonpEncode(ByteBufAllocator alloc, String index, List<V3Packet> packets) {
        return JsonpPayloads.encode(alloc, index, V3Packet.out(packets));
    }

    static List<V3Packet> decodePost(ByteBuf body) throws DecodeException {
        return V3Packet.from(JsonpPayloads.decodePost(body));
    }

    static V3Packet frameText(String message) throws DecodeException {
        return V3Packet.from(V3Frames.BINARY.decodeText(message));
    }

    /** Decodes the readable bytes of {@code message} (borrowed) as a binary message. */
    static V3Packet frameBinary(ByteBuf message) throws DecodeException {
        return V3Packet.from(V3Frames.BINARY.decodeBinary(ByteBufUtil.getBytes(message)));
    }

    static Frame frameEncode(ByteBufAllocator alloc, V3Packet p, boolean supportsBinary) {
        V3Frames codec = V3Frames.forRequest(!supportsBinary);
        OutPacket out = p.out();
        return new Frame(codec.encode(alloc, out), !codec.isText(out));
    }
}
