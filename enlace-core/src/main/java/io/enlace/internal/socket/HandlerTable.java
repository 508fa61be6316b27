package io.enlace.internal.socket;

import io.enlace.Socket.EventHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The event handlers of one socket, immutable: which handlers an incoming event calls, in registration order.
 *
 * <p>A socket registers a few handlers, once, and looks them up per incoming event, and a server holds many idle
 * sockets; so the table is built for size. Up to {@link #FLAT_HANDLERS} handlers it is one array of
 * {@code event, handler} pairs in registration order, an event appearing once per handler ({@link Flat}): a lookup
 * scans a few slots, and a socket with three handlers keeps one small object and one array of six slots (no per-handler
 * node, no per-event group). Above that the table is an immutable map from event to the array of its handlers
 * ({@link Mapped}).
 *
 * <p>Walk the handlers of an event without allocating, by position:
 * {@code for (int i = table.first(event); i >= 0; i = table.next(event, i)) call(table.handler(event, i));}.
 * Changes ({@link #plus}, {@link #without}) return a new table; a reader keeps walking the one it read. Threading: see
 * {@link SocketListeners}.
 */
abstract sealed class HandlerTable {
    /** Most handlers kept as one array of pairs; one more makes the table a map (and fewer makes it flat again). */
    static final int FLAT_HANDLERS = 8;

    /** No handlers (shared). */
    static final HandlerTable EMPTY = new Flat(new Object[0]);

    private HandlerTable() {}

    /** The position of the first handler of {@code event}, or -1 when it has none. */
    abstract int first(String event);

    /** The position of the handler of {@code event} after the one at {@code pos}, or -1. */
    abstract int next(String event, int pos);

    /** The handler of {@code event} at {@code pos} (a position {@link #first} or {@link #next} gave for it). */
    abstract EventHandler handler(String event, int pos);

    /** Number of handlers, all events together. */
    abstract int size();

    /** Every handler as {@code event, handler} pairs in registration order. */
    abstract Object[] pairs();

    /** Whether the table is one array of pairs (tests). */
    final boolean flat() { return this instanceof Flat; }

    /** A table with {@code handler} added after the handlers {@code event} already has. */
    final HandlerTable plus(String event, EventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        Object[] old = pairs();
        Object[] all = Arrays.copyOf(old, old.length + 2);
        all[old.length] = event;
        all[old.length + 1] = handler;
        return of(all);
    }

    /** A table without the handlers of {@code event} (this table when it has none). */
    final HandlerTable without(String event) {
        if (first(event) < 0) return this;
        Object[] old = pairs();
        List<Object> kept = new ArrayList<>(old.length);
        for (int i = 0; i < old.length; i += 2) {
            if (!old[i].equals(event)) {
                kept.add(old[i]);
                kept.add(old[i + 1]);
            }
        }
        return of(kept.toArray());
    }

    /** The handlers of {@code event}, in order (tests, diagnostics). */
    final List<EventHandler> handlers(String event) {
        List<EventHandler> out = new ArrayList<>();
        for (int i = first(event); i >= 0; i = next(event, i)) out.add(handler(event, i));
        return out;
    }

    /** The table of these pairs (owned by the table from now on), in this order. */
    private static HandlerTable of(Object[] pairs) {
        if (pairs.length == 0) return EMPTY;
        if (pairs.length / 2 <= FLAT_HANDLERS) return new Flat(pairs);
        Map<String, List<EventHandler>> byEvent = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            byEvent.computeIfAbsent((String) pairs[i], k -> new ArrayList<>()).add((EventHandler) pairs[i + 1]);
        }
        Map<String, EventHandler[]> arrays = new LinkedHashMap<>();
        byEvent.forEach((event, list) -> arrays.put(event, list.toArray(new EventHandler[0])));
        return new Mapped(Map.copyOf(arrays), pairs);
    }

    /** Up to {@link #FLAT_HANDLERS}: the pairs themselves; a position is the index of a pair. */
    private static final class Flat extends HandlerTable {
        private final Object[] pairs;

        Flat(Object[] pairs) { this.pairs = pairs; }

        @Override
        int first(String event) { return next(event, -1); }

        @Override
        int next(String event, int pos) {
            for (int i = 2 * (pos + 1); i < pairs.length; i += 2) {
                if (pairs[i].equals(event)) return i / 2;
            }
            return -1;
        }

        @Override
        EventHandler handler(String event, int pos) { return (EventHandler) pairs[2 * pos + 1]; }

        @Override
        int size() { return pairs.length / 2; }

        @Override
        Object[] pairs() { return pairs; }
    }

    /** Above {@link #FLAT_HANDLERS}: event to the array of its handlers (a position indexes it), and all the pairs for changes. */
    private static final class Mapped extends HandlerTable {
        private final Map<String, EventHandler[]> byEvent;
        private final Object[] pairs;

        Mapped(Map<String, EventHandler[]> byEvent, Object[] pairs) {
            this.byEvent = byEvent;
            this.pairs = pairs;
        }

        @Override
        int first(String event) { return event != null && byEvent.containsKey(event) ? 0 : -1; }

        @Override
        int next(String event, int pos) {
            EventHandler[] handlers = byEvent.get(event);
            return pos + 1 < handlers.length ? pos + 1 : -1;
        }

        @Override
        EventHandler handler(String event, int pos) { return byEvent.get(event)[pos]; }

        @Override
        int size() { return pairs.length / 2; }

        @Override
        Object[] pairs() { return pairs; }
    }
}
