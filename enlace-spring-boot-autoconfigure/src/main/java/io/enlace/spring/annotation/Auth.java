package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter to the client's {@code auth} object ({@code io(url, {auth: {...}})}): as a {@code JsonNode}
 * ({@code {}} when the client sent none), or bound to the parameter's type with the application's ObjectMapper; with
 * {@link #value()}, to one of its fields ({@code null}, or a {@code MissingNode} for a {@code JsonNode}, when absent).
 * An auth object that cannot be bound refuses the connection in a {@link ConnectMiddleware}, and is an
 * {@link io.enlace.spring.InvalidPayloadException} elsewhere.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Auth {

    /** A field of the auth object; empty for the whole object. */
    String value() default "";
}
