/**
 * How {@code @SocketIoController} methods are found, checked and called. Only
 * {@link io.enlace.spring.handler.SocketIoControllerRegistrar} is public (the auto-configuration creates it); the rest
 * is package-private.
 */
package io.enlace.spring.handler;
