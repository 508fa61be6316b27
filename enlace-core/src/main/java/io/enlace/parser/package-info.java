/**
 * Socket.IO packets ({@link io.enlace.parser.Packet}, {@link io.enlace.parser.PacketType}) and the parser SPI
 * ({@link io.enlace.parser.Parser}) that turns them into Engine.IO messages and back.
 * {@link io.enlace.parser.JsonParser} is the default (Node's socket.io-parser: text packets, binary data as
 * placeholders plus attachments); enlace-msgpack provides the socket.io-msgpack-parser one. Plug a parser in with
 * {@code ServerOptions.Builder.parser}. A leaf: this package depends on Jackson and the JDK only.
 *
 * <h2>Threading</h2>
 * {@link io.enlace.parser.Parser#encode} is called from any thread (the emitting one; a broadcast is encoded once, on
 * the thread that broadcasts) and must be thread-safe. {@link io.enlace.parser.Parser#newDecoder} makes one
 * {@link io.enlace.parser.Parser.Decoder} per connection; it holds the state between a binary packet and its
 * attachments, is called on that connection's event loop only, and need not be thread-safe.
 *
 * <h2>Data and buffers</h2>
 * No Netty buffer: a message is a {@code String} or a {@code byte[]}. The list {@code encode} returns is handed to
 * every receiver of a broadcast as it is: it must be immutable, and neither the parser nor anyone after it may change
 * its arrays (the binary attachments are the applications' own {@code byte[]}, not copies). A decoder receives messages
 * the engine already copied out of the network buffers, and the packets it returns own them: binary data sits in the
 * tree as {@code BinaryNode}s wrapping those arrays.
 *
 * <h2>Why Jackson types appear here</h2>
 * {@code Packet.data()} is a Jackson tree because that tree is the payload model of the whole API (see the package
 * documentation of {@link io.enlace}): a parser builds it once and handlers read it without a conversion.
 */
package io.enlace.parser;
