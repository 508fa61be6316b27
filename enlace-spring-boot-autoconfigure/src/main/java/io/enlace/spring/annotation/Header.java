package io.enlace.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@code String} parameter to a header of the handshake request (name in any case; repeated headers joined with
 * {@code ", "}), or null when absent.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Header {

    /** The header name, e.g. {@code "user-agent"}. */
    String value();
}
