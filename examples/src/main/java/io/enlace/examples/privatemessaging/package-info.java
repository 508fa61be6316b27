/**
 * The private-messaging app of the official socket.io examples, ported to Enlace
 * ({@link io.enlace.examples.privatemessaging.PrivateMessagingExample}, with its in-memory session and message stores
 * in {@link io.enlace.examples.privatemessaging.Stores}): an example of a port, not a library.
 *
 * <p>Threading: Enlace's default mode, so handlers of different sockets run in parallel on the event loops (unlike
 * Node); the stores are therefore thread-safe (synchronized), and the handlers never block. Buffers: none.
 */
package io.enlace.examples.privatemessaging;
