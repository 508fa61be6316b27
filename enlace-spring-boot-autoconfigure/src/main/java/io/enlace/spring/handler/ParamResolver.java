package io.enlace.spring.handler;

/** Gives one parameter of a handler method its value for a call; built once at start-up. */
@FunctionalInterface
interface ParamResolver {
    Object resolve(Call call) throws Exception;
}
