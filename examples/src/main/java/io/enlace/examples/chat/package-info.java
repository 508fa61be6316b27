/**
 * The chat of the official socket.io examples, ported to Enlace ({@link io.enlace.examples.chat.ChatExample}), with the
 * original's browser client: an example of a port, not a library.
 *
 * <p>Threading: the server is created with {@code serialHandlers(true)}, so every handler of every socket runs one at a
 * time, in arrival order, as in Node; that is what lets the port keep the original's shared counter in a plain
 * {@code int}. Buffers: none.
 */
package io.enlace.examples.chat;
