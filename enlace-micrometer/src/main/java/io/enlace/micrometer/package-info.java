/**
 * Micrometer meters for an Enlace server: {@link io.enlace.micrometer.SocketIoMetrics} binds a {@code SocketIoServer}
 * to any {@code MeterRegistry} (connections by transport, connects and disconnects by reason, events, broadcasts, bytes
 * and packets, handler and ack times). It is built on Enlace's observation SPI ({@code ServerObserver}) and the public
 * API only.
 *
 * <p>Threading: the observer is called on the threads the SPI names (the connection's event loop, the thread running a
 * socket's handlers, or the emitting thread), concurrently for different connections; it only increments
 * {@code LongAdder}s and meters resolved in advance, never blocks and takes no lock on those paths (the meters of a
 * {@code namespace} tag value are resolved once, when a namespace with that value is added). The registry reads the
 * adders on its own thread when it publishes. {@code bindTo} and {@code close} may be called from any thread.
 *
 * <p>Buffers: none; only counts and sizes cross the SPI.
 */
package io.enlace.micrometer;
