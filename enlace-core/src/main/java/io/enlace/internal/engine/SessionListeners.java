package io.enlace.internal.engine;

import io.enlace.engine.EngineSocket.CloseListener;
import io.enlace.engine.EngineSocket.EnginePacketInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Who a session tells what: its {@link SessionOwner} and the {@code EngineSocket} listeners, by kind. Immutable: a
 * registration makes a new instance (copy-on-write of one small object), which the session swaps in by compare-and-set;
 * readers take the current instance and iterate it without a lock, so a listener added while an event is delivered
 * sees the next event. Sessions share {@link #EMPTY} until their first registration.
 */
final class SessionListeners {
    static final SessionListeners EMPTY = new SessionListeners(null, List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    final SessionOwner owner;
    final List<Consumer<Object>> message;
    final List<Consumer<EnginePacketInfo>> packet;
    final List<Runnable> drain;
    final List<Runnable> upgrading;
    final List<Runnable> upgrade;
    final List<CloseListener> close;
    final List<Consumer<Throwable>> error;

    private SessionListeners(SessionOwner owner, List<Consumer<Object>> message, List<Consumer<EnginePacketInfo>> packet,
                             List<Runnable> drain, List<Runnable> upgrading, List<Runnable> upgrade,
                             List<CloseListener> close, List<Consumer<Throwable>> error) {
        this.owner = owner;
        this.message = message;
        this.packet = packet;
        this.drain = drain;
        this.upgrading = upgrading;
        this.upgrade = upgrade;
        this.close = close;
        this.error = error;
    }

    SessionListeners withOwner(SessionOwner o) {
        return new SessionListeners(o, message, packet, drain, upgrading, upgrade, close, error);
    }

    SessionListeners plusMessage(Consumer<Object> l) {
        return new SessionListeners(owner, plus(message, l), packet, drain, upgrading, upgrade, close, error);
    }

    SessionListeners plusPacket(Consumer<EnginePacketInfo> l) {
        return new SessionListeners(owner, message, plus(packet, l), drain, upgrading, upgrade, close, error);
    }

    SessionListeners plusDrain(Runnable l) {
        return new SessionListeners(owner, message, packet, plus(drain, l), upgrading, upgrade, close, error);
    }

    SessionListeners plusUpgrading(Runnable l) {
        return new SessionListeners(owner, message, packet, drain, plus(upgrading, l), upgrade, close, error);
    }

    SessionListeners plusUpgrade(Runnable l) {
        return new SessionListeners(owner, message, packet, drain, upgrading, plus(upgrade, l), close, error);
    }

    SessionListeners plusClose(CloseListener l) {
        return new SessionListeners(owner, message, packet, drain, upgrading, upgrade, plus(close, l), error);
    }

    SessionListeners plusError(Consumer<Throwable> l) {
        return new SessionListeners(owner, message, packet, drain, upgrading, upgrade, close, plus(error, l));
    }

    /** A new immutable list with the listener appended. */
    private static <T> List<T> plus(List<T> list, T listener) {
        if (list.isEmpty()) return Collections.singletonList(listener);
        ArrayList<T> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(listener);
        return Collections.unmodifiableList(out);
    }
}
