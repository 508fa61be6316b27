package io.enlace.spring.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** One {@code @SocketIoController} bean and its {@code @OnError} methods. */
final class Controller {
    final String beanName;
    final Object bean;
    final Class<?> userClass;
    final String namespace;
    final List<HandlerMethod> errorHandlers = new ArrayList<>();
    /** The handler chosen for each exception type, resolved at the first error of that type. */
    private final Map<Class<?>, Optional<HandlerMethod>> chosen = new ConcurrentHashMap<>();

    Controller(String beanName, Object bean, Class<?> userClass, String namespace) {
        this.beanName = beanName;
        this.bean = bean;
        this.userClass = userClass;
        this.namespace = namespace;
    }

    /** The {@code @OnError} method for this exception type (the nearest declared supertype wins), or null. */
    HandlerMethod errorHandler(Class<? extends Throwable> type) {
        if (errorHandlers.isEmpty()) return null;
        return chosen.computeIfAbsent(type, t -> {
            HandlerMethod best = null;
            int bestDepth = Integer.MAX_VALUE;
            for (HandlerMethod h : errorHandlers) {
                int d = h.depth(t);
                if (d >= 0 && d < bestDepth) {
                    best = h;
                    bestDepth = d;
                }
            }
            return Optional.ofNullable(best);
        }).orElse(null);
    }
}
