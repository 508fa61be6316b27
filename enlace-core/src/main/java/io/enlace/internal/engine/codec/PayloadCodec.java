package io.enlace.internal.engine.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;

/**
 * How a session packs packets into long-polling HTTP bodies: {@link V4Payloads} for Engine.IO v4; for v3, chosen once
 * per session at its handshake, {@link V3Payloads#XHR2} (binary payloads both ways), {@link V3Payloads#TEXT}
 * ({@code b64}: binary data as base64 packets in answers) or a {@link JsonpPayloads} ({@code j}). The form of a POST
 * body may depend on its {@code Content-Type}, and that of an answer on its packets, so both travel with the bytes.
 * Implementations are immutable and thread-safe.
 */
public interface PayloadCodec {

    /** A response body and its {@code Content-Type}; the caller owns {@code body}. */
    record Encoded(ByteBuf body, String contentType) {}

    /**
     * Decodes a POST body sent with {@code contentType} (null when absent; only bodies {@link #acceptsPost} accepted
     * get here). Borrows {@code body}: neither retained nor released.
     *
     * @throws DecodeException when the body is not a valid payload (then none of its packets is used)
     */
    List<InPacket> decode(ByteBuf body, String contentType) throws DecodeException;

    /** Encodes packets as one response body into a new buffer owned by the caller (released here on failure). */
    Encoded encode(ByteBufAllocator alloc, List<OutPacket> packets);

    /** Whether a POST with this {@code Content-Type} (null when absent) carries a payload of this codec. */
    boolean acceptsPost(String contentType);
}
