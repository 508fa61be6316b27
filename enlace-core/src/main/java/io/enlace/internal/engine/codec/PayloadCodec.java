package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;

/**
 * How a protocol version packs packets into a long-polling HTTP body ({@link V4Payloads} for Engine.IO v4; the v3
 * forms plug in here). Implementations are stateless and thread-safe.
 */
public interface PayloadCodec {

    /**
     * Decodes a POST body into packets. Borrows {@code body}: neither retained nor released.
     *
     * @throws DecodeException when the body is not a valid payload (then none of its packets is used)
     */
    List<InPacket> decode(ByteBuf body) throws DecodeException;

    /** Encodes packets as one response body into a new buffer owned by the caller (released here on failure). */
    ByteBuf encode(ByteBufAllocator alloc, List<OutPacket> packets);

    /** The {@code Content-Type} of the responses this codec encodes. */
    String contentType();

    /** Whether a POST with this {@code Content-Type} (null when absent) carries a payload of this codec. */
    boolean acceptsPost(String contentType);
}
