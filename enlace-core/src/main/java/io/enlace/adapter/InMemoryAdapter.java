package io.enlace.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.Args;
import io.enlace.RemoteSocket;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
 * recovery is on ({@link AdapterContext#recovery()}), it also keeps disconnected sessions and the packets emitted since
 * (Node's {@code SessionAwareAdapter}): every broadcast EVENT without ack and not volatile gets an offset appended.
 *
 * <p>Extending: a cluster adapter overrides {@link #broadcast} (publish, then {@code super.broadcast} for the local
 * part unless {@code flags.local()}), {@link #fetchSockets}, {@link #serverSideEmit} and so on. Room maps are
 * concurrent; room changes are serialized by a lock.
 */
public class InMemoryAdapter implements Adapter {
    private static final Logger log = LoggerFactory.getLogger(InMemoryAdapter.class);
    private static final AtomicLong OFFSET_SEQ = new AtomicLong();

    private final AdapterContext context;
    private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> sids = new ConcurrentHashMap<>();
    private final Object lock = new Object();
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
        if (context.recovery() != null) {
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
    public Map<String, Set<String>> rooms() { return Collections.unmodifiableMap(rooms); }

    @Override
    public Map<String, Set<String>> sids() { return Collections.unmodifiableMap(sids); }

    @Override
    public void addAll(String id, Set<String> newRooms) {
        synchronized (lock) {
            Set<String> mine = sids.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet(2)); // most sockets: 1 or 2 rooms
            for (String room : newRooms) {
                mine.add(room);
                Set<String> members = rooms.get(room);
                if (members == null) {
                    members = ConcurrentHashMap.newKeySet(2); // grows as members join
                    rooms.put(room, members);
                    fire(createRoom, room);
                }
                if (members.add(id)) {
                    for (BiConsumer<String, String> l : joinRoom) safe(() -> l.accept(room, id));
                }
            }
        }
    }

    @Override
    public void del(String id, String room) {
        synchronized (lock) {
            Set<String> mine = sids.get(id);
            if (mine != null) mine.remove(room);
            delFromRoom(room, id);
        }
    }

    private void delFromRoom(String room, String id) {
        Set<String> members = rooms.get(room);
        if (members != null && members.remove(id)) {
            for (BiConsumer<String, String> l : leaveRoom) safe(() -> l.accept(room, id));
            if (members.isEmpty()) {
                rooms.remove(room);
                fire(deleteRoom, room);
            }
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

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (context.recovery() != null && packet.type() == PacketType.EVENT && !packet.hasId() && !opts.flags().volatile_()
                && packet.data() instanceof ArrayNode args) {
            String offset = nextOffset();
            ArrayNode withOffset = args.deepCopy();
            withOffset.add(offset);
            packet = new Packet(packet.type(), packet.nsp(), packet.id(), withOffset);
            synchronized (packets) {
                packets.addLast(new StoredPacket(offset, opts, withOffset, System.currentTimeMillis()));
            }
        }
        List<Object> encoded = context.parser().encode(packet);
        Packet p = packet;
        BroadcastOptions.Flags flags = opts.flags();
        Map<EventLoop, List<LocalSocket>> byLoop = new HashMap<>();
        apply(opts, socket -> {
            EventLoop loop = socket.eventLoop();
            if (loop == null || loop.inEventLoop()) socket.write(p, encoded, flags);
            else byLoop.computeIfAbsent(loop, k -> new ArrayList<>()).add(socket);
        });
        // one task per event loop, each writing the same encoded messages to its sockets
        for (Map.Entry<EventLoop, List<LocalSocket>> e : byLoop.entrySet()) {
            List<LocalSocket> targets = e.getValue();
            try {
                e.getKey().execute(() -> {
                    for (LocalSocket socket : targets) socket.write(p, encoded, flags);
                });
            } catch (RejectedExecutionException closing) {
                log.debug("event loop shutting down: broadcast dropped for {} sockets", targets.size());
            }
        }
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<ArrayNode> ack) {
        Packet withId = new Packet(packet.type(), context.name(), context.nextAckId(), packet.data());
        List<Object> encoded = context.parser().encode(withId);
        int[] count = {0};
        apply(opts, socket -> {
            count[0]++;
            socket.expectAck(withId.id(), ack, opts.flags().timeout());
            socket.write(withId, encoded, opts.flags());
        });
        clientCountCallback.accept(count[0]);
    }

    /** Calls {@code fn} for each local socket matching {@code opts} (each socket once). */
    protected void apply(BroadcastOptions opts, Consumer<LocalSocket> fn) {
        Set<String> except = exceptSids(opts.except());
        if (!opts.rooms().isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String room : opts.rooms()) {
                Set<String> members = rooms.get(room);
                if (members == null) continue;
                for (String id : members) {
                    if (except.contains(id) || !seen.add(id)) continue;
                    LocalSocket s = context.socket(id);
                    if (s != null) fn.accept(s);
                }
            }
        } else {
            for (String id : sids.keySet()) {
                if (except.contains(id)) continue;
                LocalSocket s = context.socket(id);
                if (s != null) fn.accept(s);
            }
        }
    }

    private Set<String> exceptSids(Set<String> exceptRooms) {
        if (exceptRooms.isEmpty()) return Set.of();
        Set<String> out = new HashSet<>();
        for (String room : exceptRooms) {
            Set<String> members = rooms.get(room);
            if (members != null) out.addAll(members);
        }
        return out;
    }

    @Override
    public CompletableFuture<Set<String>> sockets(Set<String> targetRooms) {
        Set<String> out = new HashSet<>();
        apply(new BroadcastOptions(targetRooms, Set.of(), BroadcastOptions.Flags.DEFAULT), s -> out.add(s.id()));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public Set<String> socketRooms(String id) {
        Set<String> mine = sids.get(id);
        return mine == null ? null : Set.copyOf(mine);
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> out = new ArrayList<>();
        apply(opts, s -> out.add(new RemoteSocket(this, s.id(), s.handshake(), s.rooms(), s.userData())));
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
    public CompletableFuture<List<Args>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void persistSession(PersistedSession session) {
        if (context.recovery() == null) return;
        sessions.put(session.pid(), new StoredSession(session, System.currentTimeMillis()));
    }

    @Override
    public CompletableFuture<RecoveredSession> restoreSession(String pid, String offset) {
        if (context.recovery() == null || pid == null || offset == null) return CompletableFuture.completedFuture(null);
        StoredSession stored = sessions.remove(pid);
        if (stored == null) return CompletableFuture.completedFuture(null);
        long max = context.recovery().maxDisconnectionDuration().toMillis();
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
        long threshold = System.currentTimeMillis() - context.recovery().maxDisconnectionDuration().toMillis();
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
}
