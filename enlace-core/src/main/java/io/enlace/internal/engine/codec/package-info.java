/**
 * The Engine.IO v4 encodings, as pure functions: one text packet {@code <type><data>}
 * ({@link io.enlace.internal.engine.codec.TextPackets}), polling payloads
 * ({@link io.enlace.internal.engine.codec.V4Payloads}: packets separated by {@code \u001e}, binary as
 * {@code b<base64>}) and WebSocket messages ({@link io.enlace.internal.engine.codec.V4Frames}), behind the
 * {@link io.enlace.internal.engine.codec.PayloadCodec} and {@link io.enlace.internal.engine.codec.FrameCodec}
 * interfaces that a protocol revision ({@code EngineProtocol}) names; the Engine.IO v3 forms are in
 * {@code internal.engine.v3}. The packets themselves are {@link io.enlace.internal.engine.codec.InPacket} (received)
 * and {@link io.enlace.internal.engine.codec.OutPacket} (to send). Depends on Netty's buffers and the JDK only (rule A6
 * of {@code ArchitectureTest}).
 *
 * <p>Threading: stateless and thread-safe, apart from the per-thread cache in {@code TextPackets}: a long string
 * encoded twice in a row by one thread has its UTF-8 bytes kept there, so that a broadcast (one {@code String} instance
 * handed to many sessions of one loop) is converted to UTF-8 once per loop, not once per session.
 *
 * <p>Buffers: decoders borrow the {@code ByteBuf} they are given (they neither retain nor release it) and copy what
 * they return into {@code String}s and {@code byte[]}s; encoders return a new buffer owned by the caller, and release
 * it themselves when they fail. A binary WebSocket message is the application's {@code byte[]} wrapped, not copied: the
 * array must not change after {@code send} (the API says so). Every input a decoder refuses is a
 * {@link io.enlace.internal.engine.codec.DecodeException} saying why.
 */
package io.enlace.internal.engine.codec;
