package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A connection middleware of the controller's namespace, like {@code io.of("/chat").use((socket, next) => ...)}: it
 * runs before {@link OnConnect} and can refuse the connection.
 *
 * <p>Without a {@code Socket.Next} parameter the method accepts by returning normally and refuses by throwing: a
 * {@link io.enlace.ConnectError} gives the client's {@code connect_error} its message and data; any other exception
 * gives {@code {"message": e.getMessage()}} and is logged. A method returning a {@code CompletionStage} decides when it
 * completes. With a {@code Socket.Next} parameter the method calls {@code next.ok()} or {@code next.fail(error)} itself
 * (exactly once, from any thread) and returns {@code void}.
 *
 * <p>Parameters: {@code Socket}, {@code Socket.Next}, {@code Handshake}, {@code Namespace}, {@code SocketIoServer},
 * {@link Auth}, {@link Query}, {@link Header}. Middlewares run in {@link #order()}, then in declaration order.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConnectMiddleware {

    /** Lower runs first (default 0); equal orders keep the order of the methods in the class, then of the beans. */
    int order() default 0;
}
