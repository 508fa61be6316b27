/**
 * msgpack for Enlace: {@link io.enlace.msgpack.MsgpackParser}, the Socket.IO parser of {@code socket.io-msgpack-parser}
 * (plug it in with {@code ServerOptions.Builder.parser}; clients use {@code socket.io.msgpack.min.js}), and
 * {@link io.enlace.msgpack.MsgpackCodec}, Jackson trees to msgpack and back as notepack.io writes and reads them (the
 * codec of Node's Redis adapter and emitter, used by enlace-redis). Dates are {@link io.enlace.msgpack.TimestampNode}s;
 * bad input is a {@link io.enlace.msgpack.MsgpackException}.
 *
 * <p>Threading: everything here is thread-safe. The encoders reuse one packer per thread (a {@code ThreadLocal}), so an
 * event loop that encodes many messages allocates a packer once; {@code MsgpackParser.newDecoder()} returns one shared,
 * stateless decoder (each message is a whole packet: there is no state between messages).
 *
 * <p>Buffers: no Netty buffer. Input is a {@code byte[]} (or a {@code ByteBuffer}) that is read, never kept (binary
 * values are copied into the {@code BinaryNode}s of the tree); output is a new {@code byte[]} owned by the caller.
 */
package io.enlace.msgpack;
