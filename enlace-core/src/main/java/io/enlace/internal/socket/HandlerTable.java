package io.enlace.internal.socket;

import io.enlace.Socket.EventHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The event handlers of one socket, immutable: which handlers an incoming event calls, in registration order.
 *
 * <p>A socket registers a few handlers, once, and looks them up per incoming event, and a server holds many idle
 * sockets; so the table is built for size. Up to {@link #FLAT_HANDLERS} handlers it is a chain of {@link Entry}s, one
 * per handler ({@code event, handler, next}), in registration order, an event appearing once per handler: a lookup walks
 * a few nodes, and a socket with three handlers keeps three small objects (no arrays, no per-event group). Above that
 * the table is an immutable map from event to the chain of its handlers ({@link Mapped}).
 *
 * <p>Walk the handlers of an event without allocating:
 * {@code for (Entry e = table.first(event); e != null; e = e.next(event)) call(e.handler());}.
 * Changes ({@link #plus}, {@link #without}) return a new table; a reader keeps walking the one it read. Threading: see
 * {@link SocketListeners}.
 */
abstract sealed class HandlerTable {
    /** Most handlers kept as one chain; one more makes the table a map (and fewer makes it a chain again). */
    static final int FLAT_HANDLERS = 8;

    /** No handlers (shared). */
    static final HandlerTable EMPTY = new Empty();

    private HandlerTable() {}

    /** The first handler of {@code event}, or null when it has none. */
    abstract Entry first(String event);

    /** Number of handlers, all events together. */
    abstract int size();

    /** The chain of every handler in registration order (null when empty). */
    abstract Entry chain();

    /** Whether the table is one chain (tests). */
    final boolean flat() { return !(this instanceof Mapped); }

    /** A table with {@code handler} added after the handlers {@code event} already has. */
    final HandlerTable plus(String event, EventHandler handler) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(handler, "handler");
        List<Entry> all = entries();
        all.add(new Entry(event, handler, null));
        return of(all);
    }

    /** A table without the handlers of {@code event} (this table when it has none). */
    final HandlerTable without(String event) {
        if (first(event) == null) return this;
        List<Entry> all = entries();
        all.removeIf(e -> e.event.equals(event));
        return of(all);
    }

    /** The handlers of {@code event}, in order (tests, diagnostics). */
    final List<EventHandler> handlers(String event) {
        List<EventHandler> out = new ArrayList<>();
        for (Entry e = first(event); e != null; e = e.next(event)) out.add(e.handler);
        return out;
    }

    private List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size() + 1);
        for (Entry e = chain(); e != null; e = e.next) out.add(e);
        return out;
    }

    /** The table of these entries (their {@code next} links are ignored), in this order. */
    private static HandlerTable of(List<Entry> entries) {
        if (entries.isEmpty()) return EMPTY;
        if (entries.size() <= FLAT_HANDLERS) return link(entries);
        Map<String, List<Entry>> byEvent = new LinkedHashMap<>();
        for (Entry e : entries) byEvent.computeIfAbsent(e.event, k -> new ArrayList<>()).add(e);
        Map<String, Entry> chains = new LinkedHashMap<>();
        byEvent.forEach((event, list) -> chains.put(event, link(list)));
        return new Mapped(Map.copyOf(chains), entries.size(), link(entries));
    }

    /** New nodes for these entries, linked in this order; returns the head. */
    private static Entry link(List<Entry> entries) {
        Entry next = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            next = new Entry(e.event, e.handler, next);
        }
        return next;
    }

    /** One handler of one event, and the rest of the chain. Also the whole table in its flat form. */
    static final class Entry extends HandlerTable {
        private final String event;
        private final EventHandler handler;
        private final Entry next;

        private Entry(String event, EventHandler handler, Entry next) {
            this.event = event;
            this.handler = handler;
            this.next = next;
        }

        EventHandler handler() { return handler; }

        /** The next handler of {@code event} after this one, or null. */
        Entry next(String event) {
            for (Entry e = next; e != null; e = e.next) {
                if (e.event.equals(event)) return e;
            }
            return null;
        }

        @Override
        Entry first(String event) { return this.event.equals(event) ? this : next(event); }

        @Override
        int size() {
            int n = 0;
            for (Entry e = this; e != null; e = e.next) n++;
            return n;
        }

        @Override
        Entry chain() { return this; }
    }

    private static final class Empty extends HandlerTable {
        @Override
        Entry first(String event) { return null; }

        @Override
        int size() { return 0; }

        @Override
        Entry chain() { return null; }
    }

    /** Above {@link #FLAT_HANDLERS}: event to the chain of its handlers, and the whole chain for changes. */
    private static final class Mapped extends HandlerTable {
        private final Map<String, Entry> byEvent;
        private final int size;
        private final Entry all;

        Mapped(Map<String, Entry> byEvent, int size, Entry all) {
            this.byEvent = byEvent;
            this.size = size;
            this.all = all;
        }

        @Override
        Entry first(String event) { return event == null ? null : byEvent.get(event); }

        @Override
        int size() { return size; }

        @Override
        Entry chain() { return all; }
    }
}
