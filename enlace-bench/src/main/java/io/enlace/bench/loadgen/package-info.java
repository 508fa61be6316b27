/**
 * The benchmark's load generator: one Netty event loop ({@link io.enlace.bench.loadgen.Loadgen}) driving every client
 * connection, WebSocket ({@link io.enlace.bench.loadgen.WsClient}, hand-rolled frames from
 * {@link io.enlace.bench.loadgen.Frames}) and long-polling ({@link io.enlace.bench.loadgen.PollClient}), spread over
 * the loopback source addresses 127.0.0.2 and up.
 *
 * <p>Threading: every client, and every counter it updates, lives on the one load-generator loop: no locks; the harness
 * reads them through {@code Loadgen.call}, a task on that loop.
 *
 * <p>Buffers: a WebSocket client parses server frames in place from one cumulation buffer, which it releases when its
 * channel closes; what it sends is mostly pre-encoded, shared buffers written as retained duplicates, so the originals
 * stay valid; they are released once, when the generator closes. Each handler releases what it reads.
 */
package io.enlace.bench.loadgen;
