package io.enlace.spring.handler;

import io.enlace.SocketIoServer;
import io.enlace.spring.annotation.SocketIoController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the {@link SocketIoController} beans once every singleton exists, turns their annotated methods into handlers
 * (checking them: a method that cannot be bound stops the start-up with a message naming it) and registers them on the
 * server, before it starts listening. Also refuses handler annotations on beans that are not controllers, which would
 * otherwise be ignored.
 */
public final class SocketIoControllerRegistrar implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIoControllerRegistrar.class);

    private static final Set<Class<? extends Annotation>> HANDLER_ANNOTATIONS = Set.of(
            io.enlace.spring.annotation.ConnectMiddleware.class, io.enlace.spring.annotation.OnConnect.class,
            io.enlace.spring.annotation.OnEvent.class, io.enlace.spring.annotation.OnDisconnecting.class,
            io.enlace.spring.annotation.OnDisconnect.class, io.enlace.spring.annotation.OnError.class);

    private final ListableBeanFactory beans;
    private final Supplier<SocketIoServer> server;
    private final Supplier<Object> validator;
    private final List<String> namespaces = new ArrayList<>();

    /**
     * @param beans     where the controllers are
     * @param server    the server to register them on (asked for once every singleton exists)
     * @param validator gives a {@code jakarta.validation.Validator}, or null when the application has none (then a
     *                  handler with constraints on its parameters is refused at start-up)
     */
    public SocketIoControllerRegistrar(ListableBeanFactory beans, Supplier<SocketIoServer> server,
                                       Supplier<Object> validator) {
        this.beans = beans;
        this.server = server;
        this.validator = validator;
    }

    @Override
    public void afterSingletonsInstantiated() {
        SocketIoServer io = server.get();
        Object v = validator.get();
        ParameterValidator parameterValidator = v == null ? null : BeanValidation.of(v);
        HandlerMethodFactory factory = new HandlerMethodFactory(io.options().objectMapper(), parameterValidator);

        String[] names = beans.getBeanNamesForAnnotation(SocketIoController.class);
        List<Object[]> found = new ArrayList<>(names.length);
        for (String name : names) found.add(new Object[] {name, beans.getBean(name)});
        found.sort(Comparator.comparing(e -> e[1], AnnotationAwareOrderComparator.INSTANCE));

        Map<String, NamespaceHandlers> byNamespace = new LinkedHashMap<>();
        for (Object[] e : found) {
            String beanName = (String) e[0];
            Object bean = e[1];
            Class<?> userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
            SocketIoController annotation = AnnotatedElementUtils.findMergedAnnotation(userClass, SocketIoController.class);
            if (annotation == null) continue; // e.g. a factory method returning a supertype: not a controller class
            if (annotation.value().length == 0) {
                throw new IllegalStateException("Enlace: @SocketIoController({}) on " + userClass.getName()
                        + " names no namespace: write @SocketIoController(\"/\") for the main one");
            }
            Map<Method, MethodKind> methods = MethodIntrospector.selectMethods(userClass,
                    (MethodIntrospector.MetadataLookup<MethodKind>) m -> kindOf(userClass, m));
            if (methods.isEmpty()) {
                LOG.warn("@SocketIoController {} ({}) has no handler methods (@OnEvent, @OnConnect, ...)", beanName,
                        userClass.getName());
            }
            List<Map.Entry<Method, MethodKind>> sorted = new ArrayList<>(methods.entrySet());
            // errors first (events look their handlers up), then by name: the order does not depend on reflection
            sorted.sort(Comparator.comparing((Map.Entry<Method, MethodKind> m) -> m.getValue() != MethodKind.ERROR)
                    .thenComparing(m -> m.getKey().getName())
                    .thenComparing(m -> m.getKey().toGenericString()));
            for (String name : new java.util.LinkedHashSet<>(List.of(annotation.value()))) {
                String nsp = normalize(name);
                NamespaceHandlers handlers = byNamespace.computeIfAbsent(nsp, NamespaceHandlers::new);
                Controller controller = new Controller(beanName, bean, userClass, nsp);
                handlers.controllers.add(controller);
                for (Map.Entry<Method, MethodKind> m : sorted) {
                    handlers.add(factory.create(controller, m.getKey(), m.getValue()));
                }
            }
        }
        refuseStrayAnnotations(Set.of(names));
        for (NamespaceHandlers handlers : byNamespace.values()) {
            handlers.register(io);
            namespaces.add(handlers.name);
            LOG.debug("namespace {}: {} event handler(s), {} middleware(s)", handlers.name, handlers.events.size(),
                    handlers.middlewares.size());
        }
    }

    /** The namespaces that got handlers, in registration order. */
    public List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    private static MethodKind kindOf(Class<?> type, Method m) {
        MethodKind kind = null;
        for (MethodKind k : MethodKind.values()) {
            if (m.isAnnotationPresent(k.annotation)) {
                if (kind != null) {
                    throw new IllegalStateException("Enlace: method " + HandlerMethodFactory.describe(type, m)
                            + " has both " + kind.label() + " and " + k.label() + ": one handler annotation per method");
                }
                kind = k;
            }
        }
        return kind;
    }

    /** A handler annotation on a bean that is no {@code @SocketIoController} would never run: refuse it. */
    private void refuseStrayAnnotations(Set<String> controllers) {
        Set<Class<?>> seen = new HashSet<>();
        for (String name : beans.getBeanDefinitionNames()) {
            if (controllers.contains(name)) continue;
            Class<?> type;
            try {
                type = beans.getType(name, false);
            } catch (RuntimeException e) {
                continue;
            }
            if (type == null || !seen.add(type)) continue;
            Class<?> user = ClassUtils.getUserClass(type);
            if (user.getName().startsWith("org.springframework.") || user.getName().startsWith("java.")) continue;
            if (!org.springframework.core.annotation.AnnotationUtils.isCandidateClass(user, HANDLER_ANNOTATIONS)) {
                continue;
            }
            Map<Method, MethodKind> stray = MethodIntrospector.selectMethods(user,
                    (MethodIntrospector.MetadataLookup<MethodKind>) m -> {
                        for (MethodKind k : MethodKind.values()) {
                            if (m.isAnnotationPresent(k.annotation)) return k;
                        }
                        return null;
                    });
            if (!stray.isEmpty()) {
                Map.Entry<Method, MethodKind> e = stray.entrySet().iterator().next();
                throw new IllegalStateException("Enlace: " + e.getValue().label() + " method "
                        + HandlerMethodFactory.describe(user, e.getKey()) + " is in bean '" + name + "', which is "
                        + "not a @SocketIoController, so it would never run: annotate " + user.getSimpleName()
                        + " with @SocketIoController(\"/namespace\")");
            }
        }
    }

    static String normalize(String nsp) {
        if (nsp == null || nsp.isEmpty()) return "/";
        return nsp.startsWith("/") ? nsp : "/" + nsp;
    }
}
