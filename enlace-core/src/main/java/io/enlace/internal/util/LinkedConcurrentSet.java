package io.enlace.internal.util;

import java.util.AbstractSet;
import java.util.Iterator;

/**
 * A thread-safe set that iterates in insertion order, like a JavaScript {@code Set}: O(1) {@code add},
 * {@code remove} and {@code contains}, lock-free reads, weakly consistent iteration (see {@link LinkedConcurrentMap}).
 *
 * @param <E> element type
 */
public final class LinkedConcurrentSet<E> extends AbstractSet<E> {
    private final LinkedConcurrentMap<E, Boolean> map;

    /** An empty set. */
    public LinkedConcurrentSet() { this.map = new LinkedConcurrentMap<>(); }

    /** An empty set sized for about {@code capacity} elements. */
    public LinkedConcurrentSet(int capacity) { this.map = new LinkedConcurrentMap<>(capacity); }

    @Override
    public boolean add(E e) { return map.putIfAbsent(e, Boolean.TRUE) == null; }

    @Override
    public boolean remove(Object o) { return map.remove(o) != null; }

    @Override
    public boolean contains(Object o) { return map.containsKey(o); }

    @Override
    public int size() { return map.size(); }

    @Override
    public boolean isEmpty() { return map.isEmpty(); }

    @Override
    public void clear() { map.clear(); }

    @Override
    public Iterator<E> iterator() { return map.keySet().iterator(); }
}
