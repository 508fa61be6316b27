package io.enlace.spring.handler;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;
import java.util.List;

/**
 * One annotated method, resolved at start-up: a method handle bound to the bean taking the arguments as an
 * {@code Object[]}, one {@link ParamResolver} per parameter, and the validator when a parameter has constraints.
 * Calling it does no reflective look-up.
 */
final class HandlerMethod {
    final MethodKind kind;
    final Controller controller;
    final Method method;
    /** For messages: {@code ChatController.join(Socket, String)}. */
    final String description;
    /** The event name (EVENT), else null. */
    final String event;
    /** MIDDLEWARE: {@code order()}. */
    final int order;
    /** ERROR: the exception types it takes. */
    final List<Class<? extends Throwable>> handles;
    /** True when the method returns something (not void). */
    final boolean returnsValue;
    /** MIDDLEWARE: true when it takes a {@code Socket.Next}. */
    final boolean takesNext;

    private final MethodHandle invoker;
    private final ParamResolver[] resolvers;
    private final ParameterValidator validator;
    private final Object validationTarget;

    HandlerMethod(MethodKind kind, Controller controller, Method method, String description, String event, int order,
                  List<Class<? extends Throwable>> handles, boolean returnsValue, boolean takesNext,
                  MethodHandle invoker, ParamResolver[] resolvers, ParameterValidator validator,
                  Object validationTarget) {
        this.kind = kind;
        this.controller = controller;
        this.method = method;
        this.description = description;
        this.event = event;
        this.order = order;
        this.handles = handles;
        this.returnsValue = returnsValue;
        this.takesNext = takesNext;
        this.invoker = invoker;
        this.resolvers = resolvers;
        this.validator = validator;
        this.validationTarget = validationTarget;
    }

    /**
     * Binds the parameters, validates them, calls the method.
     *
     * @return what the method returned (null for void)
     * @throws io.enlace.spring.InvalidPayloadException when a payload could not be bound or validated (the method was
     *                                                  not called)
     * @throws Throwable                                what the method threw
     */
    Object invoke(Call call) throws Throwable {
        Object[] args = new Object[resolvers.length];
        for (int i = 0; i < args.length; i++) args[i] = resolvers[i].resolve(call);
        if (validator != null) validator.validate(validationTarget, method, args);
        return (Object) invoker.invokeExact(args);
    }

    /** Depth from {@code type} up to the nearest exception type this ERROR method takes; -1 when it takes none. */
    int depth(Class<?> type) {
        int best = -1;
        for (Class<? extends Throwable> h : handles) {
            int d = 0;
            for (Class<?> c = type; c != null; c = c.getSuperclass(), d++) {
                if (c == h) {
                    if (best < 0 || d < best) best = d;
                    break;
                }
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return kind.label() + (event != null ? "(\"" + event + "\")" : "") + " " + description;
    }
}
