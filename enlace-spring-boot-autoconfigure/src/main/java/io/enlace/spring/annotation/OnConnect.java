package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Called for each socket that connected to the controller's namespace, like {@code io.on("connection", socket => ...)}.
 * Parameters: {@code Socket}, {@code Handshake}, {@code Namespace}, {@code SocketIoServer}, {@link Auth},
 * {@link Query}, {@link Header}, {@link SocketData}. Returns {@code void}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {
}
