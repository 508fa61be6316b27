package io.enlace.internal.util;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Small immutable sets that keep insertion order ({@code Set.of} of two or more elements iterates in an order that
 * changes from one JVM run to the next, unlike a JavaScript {@code Set}).
 */
public final class OrderedSets {
    private static final Class<?> SET_OF_ONE = Set.of("x").getClass();
    private static final Set<?> EMPTY = Set.of();

    private OrderedSets() {}

    /**
     * An immutable set of these elements in their iteration order, without duplicates. Returns {@code elements}
     * itself when it is already such a set (empty, one element, or made here), so copying twice costs nothing.
     *
     * @throws NullPointerException for a null element
     */
    @SuppressWarnings("unchecked")
    public static <E> Set<E> copyOf(Collection<? extends E> elements) {
        if (elements instanceof ArraySet<?> || elements == EMPTY
                || (elements.getClass() == SET_OF_ONE && elements.size() == 1)) {
            return (Set<E>) elements;
        }
        int n = elements.size();
        if (n == 0) return Set.of();
        if (n == 1) return Set.of(elements.iterator().next());
        Object[] items = (elements instanceof Set<?> ? elements : new LinkedHashSet<>(elements)).toArray();
        for (Object o : items) Objects.requireNonNull(o, "element");
        return ofDistinct((E[]) items);
    }

    /**
     * An immutable set of {@code items} (distinct, non-null: not checked), in this order. The array is kept: do not
     * change it afterwards.
     */
    @SuppressWarnings("unchecked")
    public static <E> Set<E> ofDistinct(E[] items) {
        if (items.length == 0) return Set.of();
        if (items.length == 1) return Set.of(items[0]);
        return new ArraySet<>(items);
    }

    /** An immutable set over an array; {@code contains} is a linear scan (these sets are small). */
    static final class ArraySet<E> extends AbstractSet<E> {
        private final E[] items;

        ArraySet(E[] items) { this.items = items; }

        @Override
        public int size() { return items.length; }

        @Override
        public boolean contains(Object o) {
            if (o == null) return false;
            for (E e : items) if (e.equals(o)) return true;
            return false;
        }

        @Override
        public Object[] toArray() { return Arrays.copyOf(items, items.length, Object[].class); }

        @Override
        public Iterator<E> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() { return i < items.length; }

                @Override
                public E next() {
                    if (i >= items.length) throw new NoSuchElementException();
                    return items[i++];
                }
            };
        }
    }
}
