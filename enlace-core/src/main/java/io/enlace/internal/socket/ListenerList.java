package io.enlace.internal.socket;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An immutable, ordered group of listeners of one type: the handlers of one event, a socket's catch-all listeners, its
 * disconnect listeners, and so on. Three forms keep the common cases small: {@link #empty()} (one shared instance), a
 * group of one (the listener in a field: most sockets have one handler per event and one disconnect listener) and a
 * group of several (an array).
 *
 * <p>A group is never changed: {@link #plus}, {@link #prepend}, {@link #minus} and {@link #without} return a new one
 * (or this one when nothing changes). So a reader walks a stable group while another thread registers or removes a
 * listener, without a lock; the writer publishes the new group through a volatile field ({@link SocketListeners}).
 * Walk a group without allocating: {@code for (int i = 0, n = g.size(); i < n; i++) use(g.get(i));}.
 *
 * @param <T> the listener type
 */
abstract sealed class ListenerList<T> {
    private static final ListenerList<Object> EMPTY = new Empty<>();

    private ListenerList() {}

    /** The empty group (shared). */
    @SuppressWarnings("unchecked")
    static <T> ListenerList<T> empty() { return (ListenerList<T>) EMPTY; }

    /** A group of one. */
    static <T> ListenerList<T> of(T listener) { return new One<>(Objects.requireNonNull(listener, "listener")); }

    /** Number of listeners. */
    abstract int size();

    /** The listener at {@code index}, 0 &le; index &lt; {@link #size()}. */
    abstract T get(int index);

    final boolean isEmpty() { return size() == 0; }

    /** This group, then {@code listener}. */
    final ListenerList<T> plus(T listener) {
        Objects.requireNonNull(listener, "listener");
        int n = size();
        if (n == 0) return new One<>(listener);
        Object[] items = new Object[n + 1];
        for (int i = 0; i < n; i++) items[i] = get(i);
        items[n] = listener;
        return new Many<>(items);
    }

    /** {@code listener}, then this group. */
    final ListenerList<T> prepend(T listener) {
        Objects.requireNonNull(listener, "listener");
        int n = size();
        if (n == 0) return new One<>(listener);
        Object[] items = new Object[n + 1];
        items[0] = listener;
        for (int i = 0; i < n; i++) items[i + 1] = get(i);
        return new Many<>(items);
    }

    /** This group without its first listener equal to {@code listener} (this group when there is none). */
    final ListenerList<T> minus(Object listener) {
        if (listener == null) return this;
        int n = size();
        for (int i = 0; i < n; i++) {
            if (get(i).equals(listener)) {
                Object[] items = new Object[n - 1];
                for (int j = 0, k = 0; j < n; j++) if (j != i) items[k++] = get(j);
                return from(items);
            }
        }
        return this;
    }

    /** This group without the listeners matching {@code drop} (this group when none does). */
    final ListenerList<T> without(Predicate<? super T> drop) {
        int n = size();
        Object[] kept = new Object[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            T l = get(i);
            if (!drop.test(l)) kept[k++] = l;
        }
        if (k == n) return this;
        Object[] items = new Object[k];
        System.arraycopy(kept, 0, items, 0, k);
        return from(items);
    }

    /** A copy as a list (tests, diagnostics). */
    final List<T> toList() {
        List<T> out = new ArrayList<>(size());
        for (int i = 0, n = size(); i < n; i++) out.add(get(i));
        return out;
    }

    @Override
    public final String toString() { return toList().toString(); }

    private static <T> ListenerList<T> from(Object[] items) {
        if (items.length == 0) return empty();
        if (items.length == 1) {
            @SuppressWarnings("unchecked") T only = (T) items[0];
            return new One<>(only);
        }
        return new Many<>(items);
    }

    private static final class Empty<T> extends ListenerList<T> {
        @Override
        int size() { return 0; }

        @Override
        T get(int index) { throw new IndexOutOfBoundsException(index); }
    }

    private static final class One<T> extends ListenerList<T> {
        private final T listener;

        One(T listener) { this.listener = listener; }

        @Override
        int size() { return 1; }

        @Override
        T get(int index) {
            if (index != 0) throw new IndexOutOfBoundsException(index);
            return listener;
        }
    }

    /** Two or more; {@code items} holds only {@code T}s and is never written after construction. */
    private static final class Many<T> extends ListenerList<T> {
        private final Object[] items;

        Many(Object[] items) { this.items = items; }

        @Override
        int size() { return items.length; }

        @Override
        @SuppressWarnings("unchecked")
        T get(int index) { return (T) items[index]; }
    }
}
