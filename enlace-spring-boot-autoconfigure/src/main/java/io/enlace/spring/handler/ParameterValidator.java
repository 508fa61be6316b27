package io.enlace.spring.handler;

import io.enlace.spring.InvalidPayloadException;

import java.lang.reflect.Method;

/** Checks the Bean Validation constraints of a handler method's parameters. */
interface ParameterValidator {

    /**
     * @throws InvalidPayloadException when a value breaks a constraint
     */
    void validate(Object target, Method method, Object[] values);
}
