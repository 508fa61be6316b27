package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineSocket.CloseListener;
import io.enlace.engine.EngineSocket.EnginePacketInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Who a session tells what, besides its {@link SessionOwner} (a field of the session, passed to the deliveries, which
 * tell it first): the {@code EngineSocket} listeners, by kind. Immutable: a
 * registration makes a new instance (copy-on-write of one small object), which the session swaps in by compare-and-set;
 * readers take the current instance and iterate it without a lock, so a listener added while an event is delivered
 * sees the next event. Sessions share {@link #EMPTY} until their first registration. The {@code fire} methods deliver an
 * event on the session's loop.
 */
final class SessionListeners {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    static final SessionListeners EMPTY = new SessionListeners(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of());

    final List<Consumer<Object>> message;
    final List<Consumer<EnginePacketInfo>> packet;
    final List<Runnable> drain;
    final List<Runnable> upgrading;
    final List<Runnable> upgrade;
    final List<CloseListener> close;
    final List<Consumer<Throwable>> error;

    private SessionListeners(List<Consumer<Object>> message, List<Consumer<EnginePacketInfo>> packet,
                             List<Runnable> drain, List<Runnable> upgrading, List<Runnable> upgrade,
                             List<CloseListener> close, List<Consumer<Throwable>> error) {
        this.message = message;
        this.packet = packet;
        this.drain = drain;
        this.upgrading = upgrading;
        this.upgrade = upgrade;
        this.close = close;
        this.error = error;
    }

    SessionListeners plusMessage(Consumer<Object> l) {
        return new SessionListeners(plus(message, l), packet, drain, upgrading, upgrade, close, error);
    }

    SessionListeners plusPacket(Consumer<EnginePacketInfo> l) {
        return new SessionListeners(message, plus(packet, l), drain, upgrading, upgrade, close, error);
    }

    SessionListeners plusDrain(Runnable l) {
        return new SessionListeners(message, packet, plus(drain, l), upgrading, upgrade, close, error);
    }

    SessionListeners plusUpgrading(Runnable l) {
        return new SessionListeners(message, packet, drain, plus(upgrading, l), upgrade, close, error);
    }

    SessionListeners plusUpgrade(Runnable l) {
        return new SessionListeners(message, packet, drain, upgrading, plus(upgrade, l), close, error);
    }

    SessionListeners plusClose(CloseListener l) {
        return new SessionListeners(message, packet, drain, upgrading, upgrade, plus(close, l), error);
    }

    SessionListeners plusError(Consumer<Throwable> l) {
        return new SessionListeners(message, packet, drain, upgrading, upgrade, close, plus(error, l));
    }

    // ---- delivery (the session's loop): the owner first, then the listeners in registration order; a listener that
    // throws is logged (under the session's logger) and the others still run ----

    /** A message ({@code String} or {@code byte[]}). */
    void fireMessage(SessionOwner o, Object data) {
        if (o != null) {
            try { o.onEngineMessage(data); } catch (RuntimeException e) { log.warn("message listener failed", e); }
        }
        for (Consumer<Object> l : message) {
            try { l.accept(data); } catch (RuntimeException e) { log.warn("message listener failed", e); }
        }
    }

    /** Any packet received ({@code onPacket} listeners only; nothing is allocated when there are none). */
    void firePacket(char type, boolean binary) {
        if (packet.isEmpty()) return;
        EnginePacketInfo info = new EnginePacketInfo(type, binary);
        for (Consumer<EnginePacketInfo> l : packet) {
            try { l.accept(info); } catch (RuntimeException e) { log.warn("packet listener failed", e); }
        }
    }

    /** A transport error (the session closes after it). */
    void fireError(SessionOwner o, Throwable err) {
        if (o != null) {
            try { o.onEngineError(err); } catch (RuntimeException e) { log.warn("error listener failed", e); }
        }
        for (Consumer<Throwable> l : error) {
            try { l.accept(err); } catch (RuntimeException e) { log.warn("error listener failed", e); }
        }
    }

    /** The session closed. */
    void fireClose(SessionOwner o, CloseReason reason, String description) {
        if (o != null) {
            try { o.onEngineClose(reason, description); } catch (RuntimeException e) { log.warn("close listener failed", e); }
        }
        for (CloseListener l : close) {
            try { l.onClose(reason, description); } catch (RuntimeException e) { log.warn("close listener failed", e); }
        }
    }

    void fireDrain() { runAll(drain); }

    void fireUpgrading() { runAll(upgrading); }

    void fireUpgrade() { runAll(upgrade); }

    private static void runAll(List<Runnable> listeners) {
        for (Runnable r : listeners) {
            try { r.run(); } catch (RuntimeException e) { log.warn("listener failed", e); }
        }
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
