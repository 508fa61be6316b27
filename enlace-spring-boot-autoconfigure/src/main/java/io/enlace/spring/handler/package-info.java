/**
 * How {@code @SocketIoController} methods are found, checked and called. Only
 * {@link io.enlace.spring.handler.SocketIoControllerRegistrar} is public (the auto-configuration creates it); the rest
 * is package-private.
 *
 * <p>Threading: the registrar finds and checks the controllers once, when every singleton exists (on the thread that
 * refreshes the application context), and registers them on the server before it starts listening; the method invokers
 * it builds are immutable and called concurrently, on whatever thread runs the socket's handlers (see
 * {@link io.enlace.spring.annotation}). Buffers: none.
 */
package io.enlace.spring.handler;
