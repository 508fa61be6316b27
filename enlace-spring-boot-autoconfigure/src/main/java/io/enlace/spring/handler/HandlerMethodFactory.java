package io.enlace.spring.handler;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.DisconnectReason;
import io.enlace.Handshake;
import io.enlace.Namespace;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.spring.InvalidPayloadException;
import io.enlace.spring.annotation.Auth;
import io.enlace.spring.annotation.ConnectMiddleware;
import io.enlace.spring.annotation.Header;
import io.enlace.spring.annotation.OnError;
import io.enlace.spring.annotation.OnEvent;
import io.enlace.spring.annotation.Query;
import io.enlace.spring.annotation.SocketData;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Turns an annotated method into a {@link HandlerMethod}, checking everything that can be checked at start-up: each
 * parameter must be bindable for that kind of method, the return type must mean something. Every refusal names the
 * method and says what to write instead.
 */
final class HandlerMethodFactory {

    /** Event names a client cannot send or that have their own annotation. */
    private static final List<String> RESERVED = List.of("connect", "connection", "connect_error", "disconnect",
            "disconnecting", "error", "newListener", "removeListener");

    private static final boolean VALIDATION_PRESENT =
            ClassUtils.isPresent("jakarta.validation.Valid", HandlerMethodFactory.class.getClassLoader());

    private final ObjectMapper mapper;
    private final ParameterValidator validator;
    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    /**
     * @param mapper    the server's ObjectMapper (payloads are bound with it)
     * @param validator the Bean Validation bridge, or null when there is no validator
     */
    HandlerMethodFactory(ObjectMapper mapper, ParameterValidator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    HandlerMethod create(Controller controller, Method method, MethodKind kind) {
        String description = describe(controller.userClass, method);
        Annotation annotation = method.getAnnotation(kind.annotation);
        String event = null;
        if (kind == MethodKind.EVENT) {
            event = ((OnEvent) annotation).value();
            if (event == null || event.isEmpty()) throw bad(kind, null, description, "the event name is empty");
            if (RESERVED.contains(event)) {
                throw bad(kind, event, description, "\"" + event + "\" is a reserved event name"
                        + reservedHint(event));
            }
        }
        int order = kind == MethodKind.MIDDLEWARE ? ((ConnectMiddleware) annotation).order() : 0;
        if (AopUtils.isCglibProxy(controller.bean)
                && (Modifier.isPrivate(method.getModifiers()) || Modifier.isFinal(method.getModifiers()))) {
            // it would run on the proxy instance, whose fields are not the bean's
            throw bad(kind, event, description, "the bean is a proxy (@Transactional, @Async, AOP...) and the method "
                    + "is " + (Modifier.isPrivate(method.getModifiers()) ? "private" : "final")
                    + ", so the proxy cannot pass the call on: make it neither");
        }

        Parameter[] params = method.getParameters();
        String[] paramNames = names.getParameterNames(method);
        ParamResolver[] resolvers = new ParamResolver[params.length];
        boolean takesAck = false;
        boolean takesNext = false;
        boolean constrained = false;
        Class<?> exceptionParam = null;
        int payloads = 0;
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            String name = paramNames != null ? paramNames[i] : "argument " + i;
            Class<?> type = p.getType();
            String where = "parameter " + (i + 1) + " (" + type.getSimpleName() + " " + name + ")";
            constrained |= hasConstraints(p);
            int annotated = (p.isAnnotationPresent(Auth.class) ? 1 : 0) + (p.isAnnotationPresent(Query.class) ? 1 : 0)
                    + (p.isAnnotationPresent(Header.class) ? 1 : 0) + (p.isAnnotationPresent(SocketData.class) ? 1 : 0);
            if (annotated > 1) {
                throw bad(kind, event, description, where + " has more than one of @Auth, @Query, @Header, @SocketData");
            }
            if (p.isAnnotationPresent(Auth.class)) {
                resolvers[i] = authResolver(p.getAnnotation(Auth.class).value(), p, name, kind);
            } else if (p.isAnnotationPresent(Query.class)) {
                resolvers[i] = queryResolver(p, kind, event, description, where);
            } else if (p.isAnnotationPresent(Header.class)) {
                if (type != String.class) throw bad(kind, event, description, where + ": @Header binds a String");
                String header = p.getAnnotation(Header.class).value();
                resolvers[i] = c -> c.socket.handshake().header(header);
            } else if (p.isAnnotationPresent(SocketData.class)) {
                resolvers[i] = dataResolver(type, name);
            } else if (type == Socket.class) {
                resolvers[i] = c -> c.socket;
            } else if (type == Namespace.class) {
                resolvers[i] = c -> c.socket.nsp();
            } else if (type == SocketIoServer.class) {
                resolvers[i] = c -> c.socket.nsp().server();
            } else if (type == Handshake.class) {
                resolvers[i] = c -> c.socket.handshake();
            } else if (type == Ack.class) {
                if (kind != MethodKind.EVENT && kind != MethodKind.ERROR) {
                    throw bad(kind, event, description, where + ": an Ack exists only in @OnEvent and @OnError methods");
                }
                takesAck = true;
                resolvers[i] = c -> c.ack;
            } else if (type == Args.class) {
                if (kind != MethodKind.EVENT && kind != MethodKind.ERROR) {
                    throw bad(kind, event, description, where + ": Args exist only in @OnEvent and @OnError methods");
                }
                resolvers[i] = c -> c.args != null ? c.args : new Args(mapper.createArrayNode(), mapper);
            } else if (type == Socket.Next.class) {
                if (kind != MethodKind.MIDDLEWARE) {
                    throw bad(kind, event, description, where + ": Socket.Next exists only in @ConnectMiddleware methods");
                }
                takesNext = true;
                resolvers[i] = c -> c.next;
            } else if (type == DisconnectReason.class) {
                if (!kind.disconnect()) {
                    throw bad(kind, event, description,
                            where + ": a DisconnectReason exists only in @OnDisconnect and @OnDisconnecting methods");
                }
                resolvers[i] = c -> c.reason;
            } else if (kind == MethodKind.ERROR && Throwable.class.isAssignableFrom(type)) {
                if (exceptionParam != null) {
                    throw bad(kind, event, description, where + ": only one parameter may be the exception");
                }
                exceptionParam = type;
                resolvers[i] = c -> c.error;
            } else if (kind.disconnect() && type == String.class) {
                resolvers[i] = c -> c.description;
            } else if (kind == MethodKind.ERROR && type == String.class) {
                resolvers[i] = c -> c.event;
            } else if (kind == MethodKind.EVENT) {
                resolvers[i] = payloadResolver(p, payloads++, name);
            } else {
                throw bad(kind, event, description, where + " cannot be bound: " + kind.label() + " methods take "
                        + allowed(kind) + (kind == MethodKind.MIDDLEWARE || kind == MethodKind.CONNECT
                        ? " (event payloads exist only in @OnEvent methods; the auth object is @Auth)" : ""));
            }
        }

        Class<?> returns = method.getReturnType();
        boolean returnsValue = returns != void.class && returns != Void.class;
        switch (kind) {
            case EVENT -> {
                if (returnsValue && takesAck) {
                    throw bad(kind, event, description, "it both returns a value and takes an Ack: the return value "
                            + "answers the ack, so either return the answer or call ack.send(...) and return void");
                }
            }
            case MIDDLEWARE -> {
                if (takesNext && returnsValue) {
                    throw bad(kind, event, description, "it takes a Socket.Next and returns a value: with Next, call "
                            + "next.ok() or next.fail(error) and return void");
                }
                if (returnsValue && !CompletionStage.class.isAssignableFrom(returns)) {
                    throw bad(kind, event, description, "it returns " + returns.getSimpleName() + ": a middleware "
                            + "returns void (accept by returning, refuse by throwing a ConnectError) or a "
                            + "CompletionStage (refuse by completing it exceptionally)");
                }
            }
            case ERROR -> {
                if (exceptionParam == null) {
                    throw bad(kind, event, description, "it has no exception parameter (a Throwable or a subtype)");
                }
            }
            default -> {
                if (returnsValue) {
                    throw bad(kind, event, description, "it returns " + returns.getSimpleName() + ", which nothing "
                            + "would read: " + kind.label() + " methods return void");
                }
            }
        }
        List<Class<? extends Throwable>> handles = List.of();
        if (kind == MethodKind.ERROR) {
            handles = errorTypes(method, exceptionParam, description);
        }

        ParameterValidator methodValidator = null;
        if (constrained) {
            if (validator == null) {
                throw bad(kind, event, description, "it has Bean Validation constraints (@Valid, @NotNull, ...) but "
                        + "the application has no jakarta.validation.Validator: add spring-boot-starter-validation "
                        + "(Hibernate Validator), or remove the constraints");
            }
            methodValidator = validator;
        }
        Method invocable = AopUtils.selectInvocableMethod(method, controller.bean.getClass());
        Object validationTarget = targetOf(controller.bean);
        return new HandlerMethod(kind, controller, method, description, event, order, handles, returnsValue, takesNext,
                invoker(controller.bean, invocable, description), resolvers, methodValidator, validationTarget);
    }

    // ---- parameters

    private ParamResolver payloadResolver(Parameter p, int index, String name) {
        Class<?> raw = p.getType();
        Type generic = p.getParameterizedType();
        if (raw == JsonNode.class) {
            return c -> present(c.args.node(index)) ? c.args.node(index) : null;
        }
        boolean optional = raw == Optional.class;
        Type target = optional ? optionalElement(generic) : generic;
        ObjectReader reader = readerFor(target);
        String what = describeArgument(index, name);
        if (optional) {
            return c -> {
                JsonNode n = c.args.node(index);
                if (!present(n) || n.isNull()) return Optional.empty();
                return Optional.ofNullable(read(reader, n, what));
            };
        }
        if (raw.isPrimitive()) {
            String typeName = raw.getName();
            return c -> {
                JsonNode n = c.args.node(index);
                if (!present(n)) throw invalid(what + " is missing (a " + typeName + " is expected)", null);
                if (n.isNull()) throw invalid(what + " is null (a " + typeName + " is expected)", null);
                return read(reader, n, what);
            };
        }
        return c -> {
            JsonNode n = c.args.node(index);
            return present(n) ? read(reader, n, what) : null;
        };
    }

    private ParamResolver authResolver(String field, Parameter p, String name, MethodKind kind) {
        Class<?> raw = p.getType();
        String what = field.isEmpty() ? "the auth object" : "auth field '" + field + "'";
        if (raw == JsonNode.class) {
            return field.isEmpty() ? c -> c.socket.handshake().auth() : c -> c.socket.handshake().auth().path(field);
        }
        ObjectReader reader = readerFor(p.getParameterizedType());
        return c -> {
            JsonNode auth = c.socket.handshake().auth();
            JsonNode n = field.isEmpty() ? auth : auth.path(field);
            if (!present(n) || n.isNull()) {
                if (raw.isPrimitive()) throw invalid(what + " is missing (a " + raw.getName() + " is expected)", null);
                return null;
            }
            return read(reader, n, what);
        };
    }

    private ParamResolver queryResolver(Parameter p, MethodKind kind, String event, String description, String where) {
        String q = p.getAnnotation(Query.class).value();
        if (p.getType() == String.class) return c -> c.socket.handshake().query(q);
        if (p.getType() == List.class && p.getParameterizedType() instanceof ParameterizedType pt
                && pt.getActualTypeArguments()[0] == String.class) {
            return c -> c.socket.handshake().query().getOrDefault(q, List.of());
        }
        throw bad(kind, event, description, where + ": @Query binds a String or a List<String>");
    }

    private static ParamResolver dataResolver(Class<?> type, String name) {
        Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
        return c -> {
            Object data = c.socket.data();
            if (data == null) {
                if (type.isPrimitive()) {
                    throw new IllegalStateException("@SocketData " + name + ": the socket has no data (null) for a "
                            + type.getName());
                }
                return null;
            }
            if (!boxed.isInstance(data)) {
                throw new IllegalStateException("@SocketData " + name + " is a " + type.getName()
                        + " but the socket's data is a " + data.getClass().getName());
            }
            return data;
        };
    }

    private ObjectReader readerFor(Type type) {
        JavaType javaType = mapper.getTypeFactory().constructType(type);
        return mapper.readerFor(javaType);
    }

    private static Object read(ObjectReader reader, JsonNode node, String what) {
        try {
            return reader.readValue(node);
        } catch (JsonProcessingException e) {
            throw invalid(what + ": " + e.getOriginalMessage(), e);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw invalid(what + ": " + e.getMessage(), e);
        }
    }

    private static InvalidPayloadException invalid(String message, Throwable cause) {
        return new InvalidPayloadException(message, List.of(), cause);
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isMissingNode();
    }

    private static String describeArgument(int index, String name) {
        return name.startsWith("argument ") ? "argument " + index : name + " (argument " + index + ")";
    }

    private static Type optionalElement(Type generic) {
        if (generic instanceof ParameterizedType pt) return pt.getActualTypeArguments()[0];
        return Object.class;
    }

    private static boolean hasConstraints(Parameter p) {
        if (!VALIDATION_PRESENT) return false;
        for (Annotation a : p.getAnnotations()) {
            Class<? extends Annotation> t = a.annotationType();
            if (t.getName().equals("jakarta.validation.Valid")) return true;
            if (isConstraint(t)) return true;
            // a container of repeated constraints (@Min.List)
            try {
                Method value = t.getMethod("value");
                Class<?> r = value.getReturnType();
                if (r.isArray() && r.getComponentType().isAnnotation()
                        && isConstraint(r.getComponentType().asSubclass(Annotation.class))) {
                    return true;
                }
            } catch (NoSuchMethodException ignored) {
                // not a container
            }
        }
        return false;
    }

    private static boolean isConstraint(Class<? extends Annotation> t) {
        for (Annotation meta : t.getAnnotations()) {
            if (meta.annotationType().getName().equals("jakarta.validation.Constraint")) return true;
        }
        return false;
    }

    // ---- the rest

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>> errorTypes(Method method, Class<?> exceptionParam,
                                                               String description) {
        Class<? extends Throwable>[] declared = method.getAnnotation(OnError.class).value();
        if (declared.length == 0) return List.of((Class<? extends Throwable>) exceptionParam);
        for (Class<? extends Throwable> t : declared) {
            if (!exceptionParam.isAssignableFrom(t)) {
                throw bad(MethodKind.ERROR, null, description, "@OnError(" + t.getSimpleName() + ".class) but the "
                        + "exception parameter is a " + exceptionParam.getSimpleName() + ", which cannot hold it");
            }
        }
        return List.of(declared);
    }

    private static Object targetOf(Object bean) {
        Object target = org.springframework.aop.framework.AopProxyUtils.getSingletonTarget(bean);
        return target != null ? target : bean;
    }

    private static MethodHandle invoker(Object bean, Method method, String description) {
        try {
            ReflectionUtils.makeAccessible(method);
            MethodHandle mh = MethodHandles.lookup().unreflect(method);
            if (!Modifier.isStatic(method.getModifiers())) mh = mh.bindTo(bean);
            int n = method.getParameterCount();
            return mh.asType(MethodType.genericMethodType(n))
                    .asSpreader(Object[].class, n)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("Enlace: cannot call " + description + ": " + e, e);
        }
    }

    static String describe(Class<?> type, Method method) {
        return type.getName() + "." + method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String reservedHint(String event) {
        return switch (event) {
            case "connect", "connection" -> ": use @OnConnect";
            case "disconnect" -> ": use @OnDisconnect";
            case "disconnecting" -> ": use @OnDisconnecting";
            case "error" -> ": use @OnError";
            default -> ": clients cannot send it";
        };
    }

    private static String allowed(MethodKind kind) {
        Set<String> common = new java.util.LinkedHashSet<>(List.of("Socket", "Handshake", "Namespace",
                "SocketIoServer", "@Auth", "@Query", "@Header", "@SocketData"));
        List<String> out = new ArrayList<>(common);
        switch (kind) {
            case MIDDLEWARE -> out.add("Socket.Next");
            case DISCONNECT, DISCONNECTING -> {
                out.add("DisconnectReason");
                out.add("String (the description)");
            }
            default -> { }
        }
        return String.join(", ", out);
    }

    static IllegalStateException bad(MethodKind kind, String event, String description, String why) {
        return new IllegalStateException("Enlace: bad " + kind.label() + (event != null ? "(\"" + event + "\")" : "")
                + " method " + description + ": " + why);
    }
}
