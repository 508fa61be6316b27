/**
 * The adapter SPI (Node's socket.io-adapter): rooms and broadcasting for one namespace.
 * {@link io.enlace.adapter.InMemoryAdapter} is the default; a cluster adapter extends it, publishes what
 * {@link io.enlace.adapter.Adapter#broadcast} receives (the {@link io.enlace.parser.Packet} and the
 * {@link io.enlace.adapter.BroadcastOptions}) and answers the request/response operations for other servers.
 * {@link io.enlace.adapter.ClusterAdapter} is the base of the adapters that speak the messages of Node's
 * {@code ClusterAdapter} (socket.io-adapter 2.5): a subclass only moves messages. Plug one in with
 * {@link io.enlace.ServerOptions.Builder#adapter}.
 */
package io.enlace.adapter;
