/**
 * The Netty bridge: {@link io.enlace.netty.NettyServer} hosts engines (and so Socket.IO servers) and plain HTTP routes
 * ({@link io.enlace.netty.HttpHandler}) on one port, with TLS, connection limits and timeouts;
 * {@link io.enlace.netty.NettyServer#channelHandler} puts an engine into a pipeline of your own instead.
 *
 * <h2>Threading</h2>
 * {@code NettyServer.start()}/{@code stop()} may be called from any thread and return futures (not to be joined on an
 * event loop). {@link io.enlace.netty.HttpHandler#handle} runs on the event loop of the request's connection and must
 * not block; so does the handler returned by {@code channelHandler}, which, as every Netty handler, belongs to one
 * channel. The number of event loops is {@code Builder.ioThreads} (default: Netty's, twice the cores); each accepted
 * connection is given to one of them, and the Engine.IO sessions it opens stay on that loop.
 *
 * <h2>Buffers</h2>
 * An {@code HttpHandler} borrows the {@code FullHttpRequest} for the duration of the call: it must not release it, and
 * must {@code retain()} what it keeps of its content past the call. The {@code FullHttpResponse} it returns belongs to
 * the server from then on, which writes it and so releases it. A handler that throws gets a 500 answer for the request;
 * a response it had built before throwing never reached the server, so the handler releases it itself (in a
 * {@code finally}) or leaks it.
 *
 * <h2>Why Netty types appear here</h2>
 * This package is the bridge to Netty by definition: {@code FullHttpRequest}/{@code FullHttpResponse} are what a route
 * on a Netty server reads and writes, and {@code ChannelHandler} is what a Netty pipeline takes. Applications that do
 * not host plain routes or their own pipeline only ever touch {@code NettyServer}'s builder.
 */
package io.enlace.netty;
