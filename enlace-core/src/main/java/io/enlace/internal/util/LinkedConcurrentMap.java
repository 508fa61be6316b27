package io.enlace.internal.util;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe map that iterates in insertion order, like a JavaScript {@code Map}: {@code put} of a new key appends
 * it, {@code put} of a present key keeps its place, a removed key put again goes to the end.
 *
 * <p>Lookups ({@code get}, {@code containsKey}, {@code size}) read a {@link ConcurrentHashMap} index and take no lock;
 * iteration follows a linked list of entries without a lock. Changes are serialized by a lock on the map. Iteration
 * is weakly consistent, as the {@code java.util.concurrent} collections: it never throws
 * {@code ConcurrentModificationException}, sees every entry present when it started and not removed since, each at
 * most once, in insertion order, and may or may not see entries added after it started; an entry {@code hasNext()}
 * announced is returned by {@code next()} even if it was removed in between. A removed entry keeps its forward link,
 * so an iterator standing on it goes on with the entries that followed it.
 *
 * <p>Null keys and values are not allowed. Costs one list node per entry on top of the index's own.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LinkedConcurrentMap<K, V> extends AbstractMap<K, V> {
    private final ConcurrentHashMap<K, Node<K, V>> index;
    private final Node<K, V> head = new Node<>(null, null); // sentinel: head.next is the first entry
    private Node<K, V> tail = head; // guarded by this
    private Set<K> keySet;
    private Collection<V> values;
    private Set<Map.Entry<K, V>> entrySet;

    /** An empty map. */
    public LinkedConcurrentMap() { this(16); }

    /** An empty map sized for about {@code capacity} entries. */
    public LinkedConcurrentMap(int capacity) { this.index = new ConcurrentHashMap<>(capacity); }

    /** One entry: in the index and in the list. */
    static final class Node<K, V> implements Map.Entry<K, V> {
        final K key;
        volatile V value;
        volatile Node<K, V> next;
        Node<K, V> prev; // guarded by the map's lock
        volatile boolean removed;

        Node(K key, V value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public K getKey() { return key; }

        @Override
        public V getValue() { return value; }

        @Override
        public V setValue(V v) { throw new UnsupportedOperationException("entries are read-only"); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() { return key.hashCode() ^ Objects.hashCode(value); }

        @Override
        public String toString() { return key + "=" + value; }
    }

    // ---------------------------------------------------------------- reads (no lock)

    @Override
    public V get(Object key) {
        Node<K, V> n = index.get(key);
        return n == null ? null : n.value;
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        Node<K, V> n = index.get(key);
        return n == null ? defaultValue : n.value;
    }

    @Override
    public boolean containsKey(Object key) { return index.containsKey(key); }

    @Override
    public int size() { return index.size(); }

    @Override
    public boolean isEmpty() { return index.isEmpty(); }

    /** The first entry (the oldest), or null when empty. */
    public Map.Entry<K, V> firstEntry() {
        Node<K, V> n = head.next;
        while (n != null && n.removed) n = n.next;
        return n;
    }

    // ---------------------------------------------------------------- writes (under the lock)

    @Override
    public synchronized V put(K key, V value) {
        Objects.requireNonNull(value, "value");
        Node<K, V> n = index.get(key);
        if (n != null) {
            V old = n.value;
            n.value = value;
            return old;
        }
        append(key, value);
        return null;
    }

    @Override
    public synchronized V putIfAbsent(K key, V value) {
        Objects.requireNonNull(value, "value");
        Node<K, V> n = index.get(key);
        if (n != null) return n.value;
        append(key, value);
        return null;
    }

    @Override
    public synchronized V remove(Object key) {
        Node<K, V> n = index.remove(key);
        if (n == null) return null;
        unlink(n);
        return n.value;
    }

    @Override
    public synchronized boolean remove(Object key, Object value) {
        Node<K, V> n = index.get(key);
        if (n == null || !Objects.equals(n.value, value)) return false;
        index.remove(key);
        unlink(n);
        return true;
    }

    @Override
    public synchronized void clear() {
        for (Node<K, V> n = head.next; n != null; n = n.next) n.removed = true;
        head.next = null;
        tail = head;
        index.clear();
    }

    private void append(K key, V value) {
        Node<K, V> n = new Node<>(Objects.requireNonNull(key, "key"), value);
        n.prev = tail;
        index.put(key, n);
        tail.next = n; // publishes the node to iterators
        tail = n;
    }

    private void unlink(Node<K, V> n) {
        n.removed = true;
        Node<K, V> p = n.prev;
        Node<K, V> next = n.next;
        p.next = next;
        if (next != null) next.prev = p;
        else tail = p;
        n.prev = null; // n.next stays: an iterator standing on n goes on from there
    }

    // ---------------------------------------------------------------- views

    /** Iterates the live entries in order; {@code remove()} removes the last one returned from the map. */
    private abstract class Walk<T> implements Iterator<T> {
        private Node<K, V> next = skipRemoved(head.next);
        private Node<K, V> last;
        // hasNext() answered true for next: next() returns it even if it was removed since (as the iterators of
        // java.util.concurrent do), instead of skipping it and finding nothing after it
        private boolean promised;

        private Node<K, V> skipRemoved(Node<K, V> n) {
            while (n != null && n.removed) n = n.next;
            return n;
        }

        @Override
        public boolean hasNext() {
            if (!promised) {
                next = skipRemoved(next); // removed since it was reached: skip it (and those it links to)
                promised = next != null;
            }
            return next != null;
        }

        Node<K, V> nextNode() {
            if (!hasNext()) throw new NoSuchElementException();
            Node<K, V> n = next;
            next = n.next;
            last = n;
            promised = false;
            return n;
        }

        @Override
        public void remove() {
            if (last == null) throw new IllegalStateException();
            LinkedConcurrentMap.this.remove(last.key, last.value);
            last = null;
        }
    }

    @Override
    public Set<K> keySet() {
        Set<K> ks = keySet;
        if (ks == null) {
            keySet = ks = new AbstractSet<>() {
                @Override
                public Iterator<K> iterator() {
                    return new Walk<>() {
                        @Override
                        public K next() { return nextNode().key; }
                    };
                }

                @Override
                public int size() { return index.size(); }

                @Override
                public boolean contains(Object o) { return index.containsKey(o); }

                @Override
                public boolean remove(Object o) { return LinkedConcurrentMap.this.remove(o) != null; }
            };
        }
        return ks;
    }

    @Override
    public Collection<V> values() {
        Collection<V> vs = values;
        if (vs == null) {
            values = vs = new AbstractCollection<>() {
                @Override
                public Iterator<V> iterator() {
                    return new Walk<>() {
                        @Override
                        public V next() { return nextNode().value; }
                    };
                }

                @Override
                public int size() { return index.size(); }
            };
        }
        return vs;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        Set<Map.Entry<K, V>> es = entrySet;
        if (es == null) {
            entrySet = es = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, V>> iterator() {
                    return new Walk<>() {
                        @Override
                        public Map.Entry<K, V> next() { return nextNode(); }
                    };
                }

                @Override
                public int size() { return index.size(); }
            };
        }
        return es;
    }
}
