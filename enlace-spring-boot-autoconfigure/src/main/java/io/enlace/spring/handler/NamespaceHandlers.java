package io.enlace.spring.handler;

import io.enlace.Ack;
import io.enlace.Args;
import io.enlace.ConnectError;
import io.enlace.Namespace;
import io.enlace.Socket;
import io.enlace.SocketIoServer;
import io.enlace.spring.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The handler methods of every controller of one namespace, and how they run: middlewares through
 * {@link Namespace#use}, then for each connected socket its event handlers, disconnect listeners and error listener are
 * registered before the {@code @OnConnect} methods run.
 */
final class NamespaceHandlers {

    private static final Logger LOG = LoggerFactory.getLogger("io.enlace.spring.SocketIoController");

    final String name;
    final List<Controller> controllers = new ArrayList<>();
    final List<HandlerMethod> middlewares = new ArrayList<>();
    final List<HandlerMethod> connects = new ArrayList<>();
    final Map<String, HandlerMethod> events = new LinkedHashMap<>();
    final List<HandlerMethod> disconnectings = new ArrayList<>();
    final List<HandlerMethod> disconnects = new ArrayList<>();

    NamespaceHandlers(String name) {
        this.name = name;
    }

    void add(HandlerMethod m) {
        switch (m.kind) {
            case MIDDLEWARE -> middlewares.add(m);
            case CONNECT -> connects.add(m);
            case EVENT -> {
                HandlerMethod other = events.putIfAbsent(m.event, m);
                if (other != null) {
                    throw HandlerMethodFactory.bad(m.kind, m.event, m.description, "namespace " + name
                            + " already handles \"" + m.event + "\" in " + other.description
                            + ": one method per event and namespace");
                }
            }
            case DISCONNECTING -> disconnectings.add(m);
            case DISCONNECT -> disconnects.add(m);
            case ERROR -> {
                for (HandlerMethod h : m.controller.errorHandlers) {
                    for (Class<? extends Throwable> t : m.handles) {
                        if (h.handles.contains(t)) {
                            throw HandlerMethodFactory.bad(m.kind, null, m.description, "@OnError method "
                                    + h.description + " of the same controller already handles "
                                    + t.getSimpleName());
                        }
                    }
                }
                m.controller.errorHandlers.add(m);
            }
        }
    }

    /** Registers everything on the server's namespace. */
    void register(SocketIoServer io) {
        // stable order: middleware order(), then controller (bean) order as added, then method name
        middlewares.sort(Comparator.comparingInt(m -> m.order));
        Namespace nsp = io.of(name);
        for (HandlerMethod m : middlewares) {
            nsp.use((socket, next) -> runMiddleware(m, socket, next));
        }
        nsp.onConnection(this::onConnection);
    }

    private void onConnection(Socket socket) {
        for (Map.Entry<String, HandlerMethod> e : events.entrySet()) {
            String event = e.getKey();
            HandlerMethod m = e.getValue();
            socket.on(event, (Args args, Ack ack) -> runEvent(m, Call.event(socket, event, args, ack)));
        }
        if (!disconnectings.isEmpty()) {
            socket.onDisconnecting((reason, description) -> {
                for (HandlerMethod m : disconnectings) runLifecycle(m, Call.disconnect(socket, reason, description));
            });
        }
        if (!disconnects.isEmpty()) {
            socket.onDisconnect((reason, description) -> {
                for (HandlerMethod m : disconnects) runLifecycle(m, Call.disconnect(socket, reason, description));
            });
        }
        if (hasErrorHandlers()) {
            // errors the socket reports itself: per-event middleware failures, decode errors
            socket.onError(error -> socketError(Call.connect(socket).failed(error)));
        }
        for (HandlerMethod m : connects) runLifecycle(m, Call.connect(socket));
    }

    private boolean hasErrorHandlers() {
        for (Controller c : controllers) {
            if (!c.errorHandlers.isEmpty()) return true;
        }
        return false;
    }

    // ---- running

    private void runMiddleware(HandlerMethod m, Socket socket, Socket.Next next) {
        Object result;
        try {
            result = m.invoke(Call.middleware(socket, next));
        } catch (Throwable t) {
            refuse(m, next, unwrap(t));
            return;
        }
        if (m.takesNext) return; // the method calls next itself
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((v, error) -> {
                if (error == null) next.ok();
                else refuse(m, next, unwrap(error));
            });
        } else {
            next.ok();
        }
    }

    private static void refuse(HandlerMethod m, Socket.Next next, Throwable t) {
        if (!(t instanceof ConnectError) && !(t instanceof InvalidPayloadException)) {
            LOG.warn("{} threw; the connection is refused with its message", m, t);
        }
        next.fail(t);
    }

    private void runEvent(HandlerMethod m, Call call) {
        Object result;
        try {
            result = m.invoke(call);
        } catch (Throwable t) {
            failed(m, call, unwrap(t));
            return;
        }
        if (!m.returnsValue) return;
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((v, error) -> {
                if (error != null) failed(m, call, unwrap(error));
                else answer(call.ack, v);
            });
        } else {
            answer(call.ack, result);
        }
    }

    private void runLifecycle(HandlerMethod m, Call call) {
        try {
            m.invoke(call);
        } catch (Throwable t) {
            failed(m, call, unwrap(t));
        }
    }

    private static void answer(Ack ack, Object value) {
        if (!ack.requested()) return;
        if (value == null) ack.send();
        else ack.send(value);
    }

    /** An error of {@code m}: its controller's {@code @OnError} method, else the default (error ack, log line). */
    private void failed(HandlerMethod m, Call call, Throwable error) {
        HandlerMethod handler = m.controller.errorHandler(error.getClass());
        boolean handled = handler != null && runErrorHandler(handler, call, error);
        finish(call, error, handled, handled && handler.returnsValue, m.toString());
    }

    /** An error the socket reported: the most specific {@code @OnError} method of the namespace's controllers. */
    private void socketError(Call call) {
        Throwable error = call.error;
        HandlerMethod best = null;
        int bestDepth = Integer.MAX_VALUE;
        for (Controller c : controllers) {
            HandlerMethod h = c.errorHandler(error.getClass());
            if (h != null && h.depth(error.getClass()) < bestDepth) {
                best = h;
                bestDepth = h.depth(error.getClass());
            }
        }
        boolean handled = best != null && runErrorHandler(best, call, error);
        if (!handled) {
            LOG.warn("socket {} of namespace {}: {}", call.socket.id(), name, error.toString(), error);
        }
    }

    /** True when the handler ran (and answered the ack with its return value, if any); false when it threw. */
    private boolean runErrorHandler(HandlerMethod handler, Call call, Throwable error) {
        Object result;
        try {
            result = handler.invoke(call.failed(error));
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            LOG.error("{} threw while handling {}", handler, error, cause);
            return false;
        }
        if (handler.returnsValue) {
            if (result instanceof CompletionStage<?> stage) {
                stage.whenComplete((v, e) -> {
                    if (e != null) LOG.error("{} failed while handling {}", handler, error, unwrap(e));
                    else if (!call.ack.sent()) answer(call.ack, v);
                });
            } else if (!call.ack.sent()) {
                answer(call.ack, result);
            }
        }
        return true;
    }

    /**
     * @param handled whether an {@code @OnError} method ran
     * @param answers whether that method answers the ack itself (it returns a value)
     */
    private static void finish(Call call, Throwable error, boolean handled, boolean answers, String where) {
        if (error instanceof InvalidPayloadException invalid) {
            if (call.ack.requested() && !call.ack.sent() && !answers) {
                call.ack.send(Map.of("error", String.valueOf(invalid.getMessage())));
                LOG.debug("{}: invalid payload from socket {}, answered with an error ack: {}", where,
                        call.socket.id(), invalid.getMessage());
            } else if (!handled) {
                LOG.warn("{}: invalid payload from socket {}, event dropped (no @OnError method takes it and the "
                        + "client asked for no ack): {}", where, call.socket.id(), invalid.getMessage());
            }
            return;
        }
        if (!handled) {
            LOG.error("{} threw (socket {}{}); no @OnError method of its controller takes {}", where, call.socket.id(),
                    call.event != null ? ", event \"" + call.event + "\"" : "", error.getClass().getName(), error);
        }
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
