package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@code String} parameter to a query parameter of the handshake request ({@code io(url, {query: {...}})}),
 * its first value, or null when absent; a {@code List<String>} parameter gets every value (empty when absent).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Query {

    /** The query parameter name. */
    String value();
}
