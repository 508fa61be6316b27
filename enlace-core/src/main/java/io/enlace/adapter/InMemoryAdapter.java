package io.enlace.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.internal.util.LinkedConcurrentMap;
import io.enlace.internal.util.LinkedConcurrentSet;
import io.enlace.internal.util.OrderedSets;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The default adapter: rooms in memory, broadcasts to the sockets of this server only. When connection state
 * recovery is on ({@link AdapterContext#maxDisconnectionDuration()} is not null), it also keeps disconnected sessions
 * and the packets emitted since (Node's {@code SessionAwareAdapter}): every broadcast EVENT without ack and not
 * volatile gets an offset appended.
 *
 * <p>Extending: a cluster adapter overrides {@link #broadcast} (publish, then {@code super.broadcast} for the local
 * part unless {@code flags.local()}), {@link #fetchSockets}, {@link #serverSideEmit} and so on. Room maps are
 * concurrent; room changes are serialized by a lock. A set of up to 8 members (a socket's rooms, the
 * room named after a socket, most rooms) is an immutable set replaced on every change, so readers iterate a snapshot;
 * a larger one is a concurrent set changed in place (O(1) per join and leave), until it shrinks back to 4.
 *
 * <p>Order, as Node's {@code Map}s and {@code Set}s: {@link #rooms()} lists rooms in creation order, {@link #sids()}
 * sockets in the order they first joined a room (their connection order), and every member set in join order; so
 * broadcasts, {@link #fetchSockets} and {@link #sockets} walk sockets in that order too.
 */
public class InMemoryAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(InMemoryAdapter.class);
    private static final AtomicLong OFFSET_SEQ = new AtomicLong();
    /** Largest set kept immutable (copied on change); one more member makes it a concurrent set. */
    static final int SMALL_MAX = 8;
    /** A concurrent set down to this many members becomes immutable again (below SMALL_MAX: no flapping). */
    static final int SHRINK_AT = 4;

    private final AdapterContext context;
    private final Map<String, Set<String>> rooms = new LinkedConcurrentMap<>();
    private final Map<String, Set<String>> sids = new LinkedConcurrentMap<>();
    private final Object lock = new Object();
    private final Map<String, Set<String>> roomsView = new LiveView(rooms);
    private final Map<String, Set<String>> sidsView = new LiveView(sids);
    private final List<Consumer<String>> createRoom = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> deleteRoom = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> joinRoom = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> leaveRoom = new CopyOnWriteArrayList<>();

    // connection state recovery
    private final Map<String, StoredSession> sessions = new ConcurrentHashMap<>();
    private final ArrayDeque<StoredPacket> packets = new ArrayDeque<>(); // guarded by itself
    private volatile ScheduledFuture<?> cleanup;

    private record StoredSession(PersistedSession session, long disconnectedAt) {}

    private record StoredPacket(String id, BroadcastOptions opts, ArrayNode data, long emittedAt) {}

    /** An adapter for this namespace. */
    public InMemoryAdapter(AdapterContext context) {
        this.context = Objects.requireNonNull(context);
    }

    @Override
    public AdapterContext context() { return context; }

    @Override
    public CompletableFuture<Void> init() {
        if (context.maxDisconnectionDuration() != null) {
            cleanup = context.scheduler().scheduleWithFixedDelay(this::cleanupSessions, 60, 60, TimeUnit.SECONDS);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> close() {
        ScheduledFuture<?> c = cleanup;
        if (c != null) c.cancel(false);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> serverCount() { return CompletableFuture.completedFuture(1); }

    @Override
    public Map<String, Set<String>> rooms() { return roomsView; }

    @Override
    public Map<String, Set<String>> sids() { return sidsView; }

    @Override
    public void addAll(String id, Set<String> newRooms) {
        synchronized (lock) {
            if (!sids.containsKey(id)) sids.put(id, Set.of());
            for (String room : newRooms) {
                addTo(sids, id, room, null);
                boolean created = !rooms.containsKey(room);
                // a new room whose only member is a socket in only that room (its own id room): both maps share one set
                if (addTo(rooms, room, id, sids.get(id))) {
                    if (created) fire(createRoom, room);
                    for (BiConsumer<String, String> l : joinRoom) safe(() -> l.accept(room, id));
                }
            }
        }
    }

    @Override
    public void del(String id, String room) {
        synchronized (lock) {
            if (sids.containsKey(id)) removeFrom(sids, id, room, false);
            delFromRoom(room, id);
        }
    }

    private void delFromRoom(String room, String id) {
        if (removeFrom(rooms, room, id, true)) {
            for (BiConsumer<String, String> l : leaveRoom) safe(() -> l.accept(room, id));
            if (!rooms.containsKey(room)) fire(deleteRoom, room);
        }
    }

    @Override
    public void delAll(String id) {
        synchronized (lock) {
            Set<String> mine = sids.remove(id);
            if (mine == null) return;
            for (String room : mine) delFromRoom(room, id);
        }
    }

    // ---------------------------------------------------------------- compact sets (callers hold the lock)

    /** Whether {@code set} is a concurrent set changed in place (else an immutable set replaced on change). */
    private static boolean isBig(Set<String> set) { return set instanceof LinkedConcurrentSet; }

    /**
     * Adds {@code member} to the set of {@code key}: an immutable set is replaced by a copy with it, or by a concurrent
     * set past {@link #SMALL_MAX} members; a concurrent set is changed in place. {@code shared} is used instead of a
     * new set when the key is new and it holds exactly {@code member}.
     */
    private static boolean addTo(Map<String, Set<String>> map, String key, String member, Set<String> shared) {
        Set<String> cur = map.get(key);
        if (cur == null) {
            map.put(key, shared != null && shared.size() == 1 && shared.contains(member) ? shared : Set.of(member));
            return true;
        }
        if (isBig(cur)) return cur.add(member);
        if (cur.contains(member)) return false;
        int n = cur.size();
        if (n < SMALL_MAX) {
            String[] items = cur.toArray(new String[n + 1]);
            items[n] = member;
            map.put(key, OrderedSets.ofDistinct(items));
        } else {
            Set<String> big = new LinkedConcurrentSet<>(4 * SMALL_MAX);
            big.addAll(cur);
            big.add(member);
            map.put(key, big);
        }
        return true;
    }

    /**
     * Removes {@code member} from the set of {@code key}: an immutable set is replaced by a copy without it; a
     * concurrent set is changed in place and replaced by an immutable copy once down to {@link #SHRINK_AT} members.
     * An emptied set removes the key when {@code removeEmpty}, else leaves an empty set.
     */
    private static boolean removeFrom(Map<String, Set<String>> map, String key, String member, boolean removeEmpty) {
        Set<String> cur = map.get(key);
        if (cur == null) return false;
        Set<String> next;
        if (isBig(cur)) {
            if (!cur.remove(member)) return false;
            if (cur.size() > SHRINK_AT) return true;
            next = OrderedSets.copyOf(cur);
        } else {
            if (!cur.contains(member)) return false;
            int n = cur.size();
            String[] items = new String[n - 1];
            int i = 0;
            for (String s : cur) if (!s.equals(member)) items[i++] = s;
            next = OrderedSets.ofDistinct(items);
        }
        if (next.isEmpty() && removeEmpty) map.remove(key);
        else map.put(key, next);
        return true;
    }

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (needsOffset(packet, opts)) {
            String offset = nextOffset();
            packet = withOffset(packet, offset);
            synchronized (packets) {
                packets.addLast(new StoredPacket(offset, opts, (ArrayNode) packet.data(), System.currentTimeMillis()));
            }
        }
        deliverLocally(packet, opts);
    }

    /**
     * Whether connection state recovery applies to a broadcast (Node's {@code addOffsetIfNecessary}): recovery is on,
     * and the packet is an EVENT without ack id, not volatile. Such a packet gets an offset as its last argument.
     */
    protected boolean needsOffset(Packet packet, BroadcastOptions opts) {
        return context.maxDisconnectionDuration() != null && packet.type() == PacketType.EVENT && !packet.hasId() && !opts.flags().volatile_()
                && packet.data() instanceof ArrayNode;
    }

    /** A copy of an EVENT packet with {@code offset} appended to its arguments (the client keeps the last one). */
    protected static Packet withOffset(Packet packet, String offset) {
        ArrayNode withOffset = ((ArrayNode) packet.data()).deepCopy();
        withOffset.add(offset);
        return new Packet(packet.type(), packet.nsp(), packet.id(), withOffset);
    }

    /**
     * Writes {@code packet}, as is, to the sockets of this server matching {@code opts}: encoded once, the writes
     * grouped by event loop. Nothing is stored and no offset is added ({@link #broadcast} does both first); a cluster
     * adapter that gets its offsets elsewhere (a stream entry id) delivers with this.
     */
    protected final void deliverLocally(Packet packet, BroadcastOptions opts) {
        List<Object> encoded = context.parser().encode(packet);
        ByLoop byLoop = new ByLoop(packet, encoded, opts.flags());
        apply(opts, byLoop);
        byLoop.flush();
    }

    /** Writes to the sockets of the calling event loop at once and batches the others by loop (one task per loop). */
    private static final class ByLoop implements Consumer<LocalSocket> {
        private final Packet packet;
        private final List<Object> encoded;
        private final BroadcastOptions.Flags flags;
        private Map<EventLoop, List<LocalSocket>> batches; // created for the first socket of another loop
        private EventLoop lastLoop; // most sockets share a few loops: saves a map lookup per socket
        private List<LocalSocket> lastBatch;

        ByLoop(Packet packet, List<Object> encoded, BroadcastOptions.Flags flags) {
            this.packet = packet;
            this.encoded = encoded;
            this.flags = flags;
        }

        @Override
        public void accept(LocalSocket socket) {
            EventLoop loop = socket.eventLoop();
            if (loop == null || loop.inEventLoop()) {
                socket.write(packet, encoded, flags);
                return;
            }
            if (loop != lastLoop) {
                if (batches == null) batches = new HashMap<>();
                lastBatch = batches.computeIfAbsent(loop, k -> new ArrayList<>());
                lastLoop = loop;
            }
            lastBatch.add(socket);
        }

        void flush() {
            if (batches == null) return;
            for (Map.Entry<EventLoop, List<LocalSocket>> e : batches.entrySet()) {
                List<LocalSocket> targets = e.getValue();
                try {
                    e.getKey().execute(() -> {
                        for (LocalSocket socket : targets) socket.write(packet, encoded, flags);
                    });
                } catch (RejectedExecutionException closing) {
                    log.debug("event loop shutting down: broadcast dropped for {} sockets", targets.size());
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code clientCountCallback} returns before {@code ack} is first called, even when a client answers (on its
     * event loop) before the last write is handed over: an early answer waits for the count. A cluster adapter that
     * publishes both can rely on that order, which Node's servers always keep.
     */
    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<ArrayNode> ack) {
        Packet withId = new Packet(packet.type(), context.name(), context.nextAckId(), packet.data());
        List<Object> encoded = context.parser().encode(withId);
        CountFirst order = new CountFirst(ack);
        int[] count = {0};
        apply(opts, socket -> {
            count[0]++;
            socket.expectAck(withId.id(), order, opts.flags().timeout());
            socket.write(withId, encoded, opts.flags());
        });
        order.count(clientCountCallback, count[0]);
    }

    /** Holds the acks that arrive before the client count has been reported, and passes them on after it. */
    private static final class CountFirst implements Consumer<ArrayNode> {
        private final Consumer<ArrayNode> ack;
        private volatile boolean reported;
        private List<ArrayNode> early = new ArrayList<>(0); // guarded by this until reported

        CountFirst(Consumer<ArrayNode> ack) { this.ack = ack; }

        void count(IntConsumer callback, int n) {
            List<ArrayNode> waiting;
            try {
                callback.accept(n);
            } finally {
                synchronized (this) {
                    waiting = early;
                    early = null;
                    reported = true;
                }
            }
            for (ArrayNode a : waiting) ack.accept(a);
        }

        @Override
        public void accept(ArrayNode answer) {
            if (!reported) {
                synchronized (this) {
                    if (!reported) {
                        early.add(answer);
                        return;
                    }
                }
            }
            ack.accept(answer);
        }
    }

    /** Calls {@code fn} for each local socket matching {@code opts} (each socket once). */
    protected void apply(BroadcastOptions opts, Consumer<LocalSocket> fn) {
        Set<String>[] except = exceptSets(opts.except());
        Set<String> targets = opts.rooms();
        if (targets.isEmpty()) {
            for (String id : sids.keySet()) deliver(id, except, fn);
        } else if (targets.size() == 1) {
            Set<String> members = rooms.get(targets.iterator().next());
            if (members != null) for (String id : members) deliver(id, except, fn);
        } else {
            // several rooms: a socket in more than one of them gets the packet once
            int total = 0;
            for (String room : targets) {
                Set<String> members = rooms.get(room);
                if (members != null) total += members.size();
            }
            Set<String> seen = new HashSet<>(Math.max(16, (int) (total / 0.75f) + 1));
            for (String room : targets) {
                Set<String> members = rooms.get(room);
                if (members == null) continue;
                for (String id : members) {
                    if (seen.add(id)) deliver(id, except, fn);
                }
            }
        }
    }

    private void deliver(String id, Set<String>[] except, Consumer<LocalSocket> fn) {
        if (except != null) {
            for (Set<String> ex : except) if (ex.contains(id)) return;
        }
        LocalSocket s = context.socket(id);
        if (s != null) fn.accept(s);
    }

    /**
     * The sets to check for excluded sockets: null when there are none; the member sets of the except rooms when they
     * are few (a socket's own room, for {@code socket.broadcast}); else their union.
     */
    @SuppressWarnings("unchecked")
    private Set<String>[] exceptSets(Set<String> exceptRooms) {
        if (exceptRooms.isEmpty()) return null;
        if (exceptRooms.size() <= 4) {
            Set<String>[] out = new Set[exceptRooms.size()];
            int n = 0;
            for (String room : exceptRooms) {
                Set<String> members = rooms.get(room);
                if (members != null) out[n++] = members;
            }
            return n == 0 ? null : n == out.length ? out : Arrays.copyOf(out, n);
        }
        Set<String> union = new HashSet<>();
        for (String room : exceptRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) union.addAll(members);
        }
        return union.isEmpty() ? null : new Set[] {union};
    }

    @Override
    public CompletableFuture<Set<String>> sockets(Set<String> targetRooms) {
        Set<String> out = new LinkedHashSet<>();
        apply(new BroadcastOptions(targetRooms, Set.of(), BroadcastOptions.Flags.DEFAULT), s -> out.add(s.id()));
        return CompletableFuture.completedFuture(out);
    }

    /**
     * This server's sockets ({@link #sockets}) for the in-memory adapter itself; a subclass (a cluster adapter) that
     * does not override this method gets {@link Adapter#allSockets}'s default, through its {@link #fetchSockets}.
     */
    @Override
    public CompletableFuture<Set<String>> allSockets(Set<String> targetRooms) {
        if (getClass() == InMemoryAdapter.class) return sockets(targetRooms);
        return Adapter.super.allSockets(targetRooms);
    }

    /** A read-only live view of the socket's rooms, in join order (as Node's, which returns its own set). */
    @Override
    public Set<String> socketRooms(String id) { return sidsView.get(id); }

    @Override
    public CompletableFuture<List<SocketInfo>> fetchSockets(BroadcastOptions opts) {
        List<SocketInfo> out = new ArrayList<>();
        apply(opts, s -> out.add(SocketInfo.of(s)));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> newRooms) {
        List<LocalSocket> targets = new ArrayList<>();
        apply(opts, targets::add);
        for (LocalSocket s : targets) s.joinRooms(newRooms);
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> oldRooms) {
        List<LocalSocket> targets = new ArrayList<>();
        apply(opts, targets::add);
        for (LocalSocket s : targets) for (String r : oldRooms) s.leaveRoom(r);
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        List<LocalSocket> targets = new ArrayList<>();
        apply(opts, targets::add);
        for (LocalSocket s : targets) s.disconnect(close);
    }

    /** No other server: nothing is sent (as Node's in-memory adapter, which only warns). */
    @Override
    public void serverSideEmit(ArrayNode eventAndArgs) {
        log.debug("serverSideEmit has no effect with the in-memory adapter");
    }

    /** No other server: completes at once with no answers. */
    @Override
    public CompletableFuture<List<ArrayNode>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void persistSession(PersistedSession session) {
        if (context.maxDisconnectionDuration() == null) return;
        sessions.put(session.pid(), new StoredSession(session, System.currentTimeMillis()));
    }

    @Override
    public CompletableFuture<RecoveredSession> restoreSession(String pid, String offset) {
        if (context.maxDisconnectionDuration() == null || pid == null || offset == null) return CompletableFuture.completedFuture(null);
        StoredSession stored = sessions.remove(pid);
        if (stored == null) return CompletableFuture.completedFuture(null);
        long max = context.maxDisconnectionDuration().toMillis();
        if (stored.disconnectedAt + max < System.currentTimeMillis()) return CompletableFuture.completedFuture(null);
        List<ArrayNode> missed = new ArrayList<>();
        boolean found = false;
        synchronized (packets) {
            for (StoredPacket p : packets) {
                if (found) {
                    if (shouldInclude(stored.session.rooms(), p.opts)) missed.add(p.data);
                } else if (p.id.equals(offset)) {
                    found = true;
                }
            }
        }
        if (!found) {
            sessions.put(pid, stored); // Node keeps it too; the client may retry with another offset
            return CompletableFuture.completedFuture(null);
        }
        PersistedSession s = stored.session;
        return CompletableFuture.completedFuture(new RecoveredSession(s.sid(), s.pid(), s.rooms(), s.data(), missed));
    }

    private static boolean shouldInclude(Set<String> sessionRooms, BroadcastOptions opts) {
        boolean included = opts.rooms().isEmpty();
        for (String r : sessionRooms) {
            if (opts.except().contains(r)) return false;
            if (opts.rooms().contains(r)) included = true;
        }
        return included;
    }

    private void cleanupSessions() {
        long threshold = System.currentTimeMillis() - context.maxDisconnectionDuration().toMillis();
        sessions.values().removeIf(s -> s.disconnectedAt < threshold);
        synchronized (packets) {
            Iterator<StoredPacket> it = packets.iterator();
            while (it.hasNext() && it.next().emittedAt < threshold) it.remove();
        }
    }

    /** A new, unique offset for a stored packet. */
    protected String nextOffset() {
        return Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(OFFSET_SEQ.incrementAndGet(), 36);
    }

    @Override
    public void onCreateRoom(Consumer<String> listener) { createRoom.add(listener); }

    @Override
    public void onDeleteRoom(Consumer<String> listener) { deleteRoom.add(listener); }

    @Override
    public void onJoinRoom(BiConsumer<String, String> listener) { joinRoom.add(listener); }

    @Override
    public void onLeaveRoom(BiConsumer<String, String> listener) { leaveRoom.add(listener); }

    private static void fire(List<Consumer<String>> listeners, String room) {
        for (Consumer<String> l : listeners) safe(() -> l.accept(room));
    }

    private static void safe(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("adapter listener failed", e);
        }
    }

    /**
     * Read-only live view of a room map: the sets it gives are live views too (a small set is an immutable value
     * replaced on change, so a set taken from the map itself would be a snapshot).
     */
    private static final class LiveView extends AbstractMap<String, Set<String>> {
        private final Map<String, Set<String>> map;
        private final Set<Map.Entry<String, Set<String>>> entries = new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Set<String>>> iterator() {
                Iterator<String> keys = map.keySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() { return keys.hasNext(); }

                    @Override
                    public Map.Entry<String, Set<String>> next() {
                        String key = keys.next();
                        return new AbstractMap.SimpleImmutableEntry<>(key, new LiveSet(map, key));
                    }
                };
            }

            @Override
            public int size() { return map.size(); }
        };

        LiveView(Map<String, Set<String>> map) { this.map = map; }

        @Override
        public Set<String> get(Object key) { return map.containsKey(key) ? new LiveSet(map, (String) key) : null; }

        @Override
        public boolean containsKey(Object key) { return map.containsKey(key); }

        @Override
        public int size() { return map.size(); }

        @Override
        public boolean isEmpty() { return map.isEmpty(); }

        @Override
        public Set<String> keySet() { return Collections.unmodifiableSet(map.keySet()); }

        @Override
        public Set<Map.Entry<String, Set<String>>> entrySet() { return entries; }
    }

    /** Read-only live view of the set of one key (empty when the key is gone). */
    private static final class LiveSet extends AbstractSet<String> {
        private final Map<String, Set<String>> map;
        private final String key;

        LiveSet(Map<String, Set<String>> map, String key) {
            this.map = map;
            this.key = key;
        }

        private Set<String> current() { return map.getOrDefault(key, Set.of()); }

        @Override
        public Iterator<String> iterator() { return Collections.unmodifiableSet(current()).iterator(); }

        @Override
        public int size() { return current().size(); }

        @Override
        public boolean isEmpty() { return current().isEmpty(); }

        @Override
        public boolean contains(Object o) { return current().contains(o); }
    }
}
