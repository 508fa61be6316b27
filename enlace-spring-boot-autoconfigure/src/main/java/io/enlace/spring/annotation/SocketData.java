package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter to the socket's user data ({@code socket.data()}, e.g. set by a {@link ConnectMiddleware}); null
 * when not set. Data of another type than the parameter's is an error naming both types.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketData {
}
