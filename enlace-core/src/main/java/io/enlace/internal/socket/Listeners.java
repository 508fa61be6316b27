package io.enlace.internal.socket;

import java.util.Arrays;
import java.util.Objects;

/**
 * A compact, immutable group of listeners kept in an {@code Object}: {@code null} when empty, the listener itself when
 * there is one (most sockets: one handler per event, one disconnect listener), an {@code Object[]} in order for several.
 * A listener is never an {@code Object[]}, so the forms cannot be confused. Groups are replaced, never changed in place,
 * so a reader iterates a stable group while another thread adds or removes. Iterate without allocating:
 * {@code for (int i = 0, n = count(g); i < n; i++) use(get(g, i));}.
 */
final class Listeners {
    private Listeners() {}

    /** Number of listeners in the group. */
    static int count(Object group) {
        if (group == null) return 0;
        return group instanceof Object[] arr ? arr.length : 1;
    }

    /** The listener at {@code index} (0 &le; index &lt; {@link #count}). */
    @SuppressWarnings("unchecked")
    static <T> T get(Object group, int index) {
        if (group instanceof Object[] arr) return (T) arr[index];
        if (index != 0 || group == null) throw new IndexOutOfBoundsException(index);
        return (T) group;
    }

    /** A new group: {@code group} then {@code listener}. */
    static Object append(Object group, Object listener) {
        Objects.requireNonNull(listener, "listener");
        if (group == null) return listener;
        if (group instanceof Object[] arr) {
            Object[] out = Arrays.copyOf(arr, arr.length + 1);
            out[arr.length] = listener;
            return out;
        }
        return new Object[] {group, listener};
    }

    /** A new group: {@code listener} then {@code group}. */
    static Object prepend(Object group, Object listener) {
        Objects.requireNonNull(listener, "listener");
        if (group == null) return listener;
        if (group instanceof Object[] arr) {
            Object[] out = new Object[arr.length + 1];
            out[0] = listener;
            System.arraycopy(arr, 0, out, 1, arr.length);
            return out;
        }
        return new Object[] {listener, group};
    }

    /** The group without the first listener equal to {@code listener} (the same group when there is none). */
    static Object remove(Object group, Object listener) {
        if (listener == null || group == null) return group;
        if (!(group instanceof Object[] arr)) return group.equals(listener) ? null : group;
        int i = 0;
        while (i < arr.length && !arr[i].equals(listener)) i++;
        if (i == arr.length) return group;
        if (arr.length == 2) return arr[1 - i];
        Object[] out = new Object[arr.length - 1];
        System.arraycopy(arr, 0, out, 0, i);
        System.arraycopy(arr, i + 1, out, i, arr.length - i - 1);
        return out;
    }
}
