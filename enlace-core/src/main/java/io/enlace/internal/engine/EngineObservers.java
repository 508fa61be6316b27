package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineObserver;
import io.enlace.engine.EngineSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Objects;

/**
 * The observers of one engine as one immutable group: the engine keeps {@code null} (no observer: one field check per
 * event) or one of these, replaced when an observer is added or removed. Each call reaches every observer; an
 * exception is logged and the others still get the call.
 */
final class EngineObservers implements EngineObserver {
    private static final Logger log = LoggerFactory.getLogger(EngineObservers.class);

    private final EngineObserver[] all;

    private EngineObservers(EngineObserver[] all) { this.all = all; }

    /** {@code group} with {@code o} added (a new group; the same one when {@code o} is already in it). */
    static EngineObservers plus(EngineObservers group, EngineObserver o) {
        Objects.requireNonNull(o, "observer");
        if (group == null) return new EngineObservers(new EngineObserver[] {o});
        for (EngineObserver e : group.all) if (e == o) return group;
        EngineObserver[] next = Arrays.copyOf(group.all, group.all.length + 1);
        next[group.all.length] = o;
        return new EngineObservers(next);
    }

    /** {@code group} without {@code o}; null when none is left. */
    static EngineObservers minus(EngineObservers group, EngineObserver o) {
        if (group == null) return null;
        EngineObserver[] next = Arrays.stream(group.all).filter(e -> e != o).toArray(EngineObserver[]::new);
        if (next.length == group.all.length) return group;
        return next.length == 0 ? null : new EngineObservers(next);
    }

    private static void failed(EngineObserver o, RuntimeException e) {
        log.warn("engine observer {} failed", o, e);
    }

    @Override
    public void connectionOpened(EngineSocket conn) {
        for (EngineObserver o : all) {
            try { o.connectionOpened(conn); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void connectionUpgraded(EngineSocket conn) {
        for (EngineObserver o : all) {
            try { o.connectionUpgraded(conn); } catch (RuntimeException e) { failed(o, e); }
        }
    }

    @Override
    public void connectionClosed(EngineSocket conn, CloseReason reason) {
        for (EngineObserver o : all) {
            try { o.connectionClosed(conn, reason); } catch (RuntimeException e) { failed(o, e); }
        }
    }
}
