/**
 * Annotated Socket.IO handlers for Spring: a {@link io.enlace.spring.annotation.SocketIoController} bean per namespace,
 * with {@link io.enlace.spring.annotation.ConnectMiddleware}, {@link io.enlace.spring.annotation.OnConnect},
 * {@link io.enlace.spring.annotation.OnEvent}, {@link io.enlace.spring.annotation.OnDisconnecting},
 * {@link io.enlace.spring.annotation.OnDisconnect} and {@link io.enlace.spring.annotation.OnError} methods.
 *
 * <p>Parameters are bound by type: {@code Socket}, {@code Namespace}, {@code SocketIoServer}, {@code Handshake}
 * everywhere; {@code Ack} and {@code Args} in events and error handlers; {@code Socket.Next} in middlewares;
 * {@code DisconnectReason} and the description in disconnect listeners; the exception and the event name in error
 * handlers; {@link io.enlace.spring.annotation.Auth}, {@link io.enlace.spring.annotation.Query},
 * {@link io.enlace.spring.annotation.Header} and {@link io.enlace.spring.annotation.SocketData} parameters everywhere;
 * every other parameter of an event method is the next event argument, bound with the application's ObjectMapper and
 * validated when it has Bean Validation constraints. See docs/spring-boot.md.
 *
 * <p>Threading: an annotated method is a Socket.IO handler like any other: it runs where the socket's handlers run (one
 * at a time and in packet order: on the connection's event loop by default, on a virtual thread per task with
 * {@code enlace.executor=virtual-threads}, or as an {@code EnlaceServerOptionsCustomizer} sets the executor), so a
 * method that blocks needs an executor. Controllers are singletons called for many sockets at once: keep per-socket
 * state in the socket ({@code Socket.data()}), not in fields. Buffers: none; arguments are bound from Jackson trees.
 */
package io.enlace.spring.annotation;
