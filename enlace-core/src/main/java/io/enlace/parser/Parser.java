package io.enlace.parser;

import java.util.List;

/**
 * Turns {@link Packet}s into Engine.IO messages and back. A message is a {@link String} (text) or a {@code byte[]}
 * (binary). Implementations: the default JSON parser (socket.io-parser) and a msgpack one
 * (socket.io-msgpack-parser).
 */
public interface Parser {

    /**
     * Encodes one packet into one or more Engine.IO messages (the default parser emits the text packet, then each
     * binary attachment). The returned list is immutable and may be shared between receivers.
     */
    List<Object> encode(Packet packet);

    /** A decoder for one connection (it holds state between a binary packet and its attachments). */
    Decoder newDecoder();

    /** Stateful decoder; not thread-safe. */
    interface Decoder {
        /**
         * Feeds one Engine.IO message. Returns the completed packet, or null while attachments are awaited.
         *
         * @throws ParseException on any invalid input; the connection must then be closed
         */
        Packet add(Object message) throws ParseException;

        /** Drops any partial state. */
        void destroy();
    }
}
