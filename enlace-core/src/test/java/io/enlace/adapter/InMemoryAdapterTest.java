package io.enlace.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.parser.JsonParser;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.Parser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Room bookkeeping of the in-memory adapter: compact sets, their transitions, and readers racing with writers. */
class InMemoryAdapterTest {

    /** A socket that counts what it receives. */
    static final class CountingSocket implements LocalSocket {
        final String id;
        final AtomicInteger received = new AtomicInteger();

        CountingSocket(String id) { this.id = id; }

        @Override public String id() { return id; }
        @Override public ObjectNode handshakeJson() { return null; }
        @Override public Set<String> rooms() { return Set.of(); }
        @Override public Object userData() { return null; }
        @Override public void write(Packet packet, List<Object> encoded, BroadcastOptions.Flags flags) { received.incrementAndGet(); }
        @Override public void expectAck(long id, Consumer<ArrayNode> callback) { }
        @Override public void joinRooms(Collection<String> rooms) { }
        @Override public void leaveRoom(String room) { }
        @Override public void disconnect(boolean close) { }
    }

    /** A namespace of counting sockets. */
    static final class Ctx implements AdapterContext {
        final Map<String, CountingSocket> sockets = new ConcurrentHashMap<>();
        final Parser parser = new JsonParser();

        CountingSocket add(String id) {
            CountingSocket s = new CountingSocket(id);
            sockets.put(id, s);
            return s;
        }

        @Override public String name() { return "/"; }
        @Override public Parser parser() { return parser; }
        @Override public ObjectMapper mapper() { return JsonParser.defaultMapper(); }
        @Override public LocalSocket socket(String id) { return sockets.get(id); }
        @Override public Collection<? extends LocalSocket> localSockets() { return sockets.values(); }
        @Override public long nextAckId() { return 0; }
        @Override public Duration maxDisconnectionDuration() { return null; }
        @Override public ScheduledExecutorService scheduler() { return null; }
        @Override public Packet eventPacket(String event, Object... args) { return packet(); }
        @Override public void onServerSideEmit(ArrayNode eventAndArgs, Consumer<ArrayNode> ack) { }
    }

    private static Packet packet() {
        return new Packet(PacketType.EVENT, "/", Packet.NO_ID, JsonNodeFactory.instance.arrayNode().add("e"));
    }

    private final Ctx ctx = new Ctx();
    private final InMemoryAdapter adapter = new InMemoryAdapter(ctx);

    private static boolean concurrent(Set<String> s) { return s instanceof io.enlace.internal.util.LinkedConcurrentSet; }

    /** The set the adapter holds for a room, not the live view (to see its kind). */
    private Set<String> held(String room) {
        Set<String> view = adapter.rooms().get(room);
        return view == null ? null : heldSet(view);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> heldSet(Set<String> liveSet) {
        try {
            var current = liveSet.getClass().getDeclaredMethod("current");
            current.setAccessible(true);
            return (Set<String>) current.invoke(liveSet);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ownRoomIsOneSharedImmutableSet() {
        adapter.addAll("a", Set.of("a"));
        Set<String> mine = heldSet(adapter.sids().get("a"));
        Set<String> room = held("a");
        assertThat(mine).containsExactly("a");
        assertThat(concurrent(mine)).isFalse();
        assertThat(room).isSameAs(mine);
        adapter.addAll("a", Set.of("x"));
        assertThat(adapter.socketRooms("a")).containsExactlyInAnyOrder("a", "x");
        assertThat(held("a")).containsExactly("a"); // the room set did not change with the socket's rooms
        adapter.del("a", "a");
        assertThat(adapter.socketRooms("a")).containsExactly("x");
        assertThat(adapter.rooms()).doesNotContainKey("a");
        adapter.del("a", "x");
        assertThat(adapter.socketRooms("a")).isEmpty(); // still a socket of the namespace, in no room
        assertThat(adapter.sids()).containsKey("a");
        assertThat(adapter.rooms()).isEmpty();
        adapter.delAll("a");
        assertThat(adapter.sids()).isEmpty();
        assertThat(adapter.socketRooms("a")).isNull();
    }

    @Test
    void roomGoesSmallToBigAndBackWithEvents() {
        List<String> events = new ArrayList<>();
        adapter.onCreateRoom(r -> events.add("create " + r));
        adapter.onDeleteRoom(r -> events.add("delete " + r));
        adapter.onJoinRoom((r, id) -> events.add("join " + r + " " + id));
        adapter.onLeaveRoom((r, id) -> events.add("leave " + r + " " + id));
        int n = InMemoryAdapter.SMALL_MAX + 3;
        for (int i = 0; i < n; i++) {
            adapter.addAll("s" + i, Set.of("r"));
            adapter.addAll("s" + i, Set.of("r")); // a second join changes nothing
            assertThat(held("r")).hasSize(i + 1);
            assertThat(concurrent(held("r"))).isEqualTo(i + 1 > InMemoryAdapter.SMALL_MAX);
        }
        assertThat(events).hasSize(n + 1).startsWith("create r", "join r s0");
        Set<String> live = adapter.rooms().get("r");
        Set<String> bigSet = held("r");
        for (int i = 0; i < n; i++) {
            adapter.del("s" + i, "r");
            int left = n - i - 1;
            assertThat(live).hasSize(left); // the view stays live across transitions
            if (left == 0) {
                assertThat(adapter.rooms()).doesNotContainKey("r");
            } else {
                assertThat(concurrent(held("r"))).isEqualTo(left > InMemoryAdapter.SHRINK_AT);
                if (left > InMemoryAdapter.SHRINK_AT) assertThat(held("r")).isSameAs(bigSet); // changed in place
            }
            assertThat(adapter.socketRooms("s" + i)).isEmpty();
        }
        assertThat(events).hasSize(2 * n + 2).endsWith("leave r s" + (n - 1), "delete r");
        // grows again from small
        adapter.addAll("s0", Set.of("r"));
        assertThat(concurrent(held("r"))).isFalse();
    }

    @Test
    void bigRoomJoinsAndLeavesInPlace() {
        for (int i = 0; i < 10_000; i++) adapter.addAll("s" + i, Set.of("big"));
        Set<String> big = held("big");
        assertThat(big).hasSize(10_000);
        for (int i = 0; i < 5_000; i++) adapter.del("s" + i, "big");
        assertThat(held("big")).isSameAs(big).hasSize(5_000);
    }

    @Test
    void socketWithManyRoomsBecomesConcurrentAndShrinks() {
        Set<String> rooms = new HashSet<>();
        for (int i = 0; i < 20; i++) rooms.add("r" + i);
        adapter.addAll("a", rooms);
        assertThat(concurrent(heldSet(adapter.sids().get("a")))).isTrue();
        assertThat(adapter.socketRooms("a")).isEqualTo(rooms);
        for (int i = 0; i < 17; i++) adapter.del("a", "r" + i);
        assertThat(concurrent(heldSet(adapter.sids().get("a")))).isFalse();
        assertThat(adapter.socketRooms("a")).containsExactlyInAnyOrder("r17", "r18", "r19");
        assertThat(adapter.rooms()).containsOnlyKeys("r17", "r18", "r19");
    }

    @Test
    void everySetAndMapKeepsInsertionOrderAcrossSmallAndBig() {
        List<String> joined = new ArrayList<>();
        Set<String> live = null;
        for (int i = 19; i >= 0; i--) { // reverse order, so hash or sorted order would show
            String room = "room-" + i;
            adapter.addAll("a", Set.of(room));
            joined.add(room);
            if (live == null) live = adapter.socketRooms("a");
            assertThat(live).as("a live view, small then big").containsExactlyElementsOf(joined);
            assertThat(live.contains(room)).isTrue();
        }
        assertThatThrownBy(() -> adapter.socketRooms("a").add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(adapter.rooms().keySet()).containsExactlyElementsOf(joined); // creation order
        List<String> members = new ArrayList<>();
        for (int i = 30; i > 0; i--) {
            String id = "sock-" + i;
            adapter.addAll(id, Set.of(id, "shared"));
            members.add(id);
            assertThat(adapter.rooms().get("shared")).containsExactlyElementsOf(members); // join order
        }
        assertThat(adapter.sids().keySet()).startsWith("a").endsWith("sock-1");
        adapter.del("sock-25", "shared");
        members.remove("sock-25");
        adapter.addAll("sock-25", Set.of("shared")); // joins again: now last
        members.add("sock-25");
        assertThat(adapter.rooms().get("shared")).containsExactlyElementsOf(members);
        for (int i = 0; i < 26; i++) adapter.del(members.remove(0), "shared"); // back to a small set
        assertThat(concurrent(held("shared"))).isFalse();
        assertThat(adapter.rooms().get("shared")).containsExactlyElementsOf(members);
    }

    @Test
    void broadcastReachesEachSocketOnceAndHonoursExcept() {
        for (int i = 0; i < 30; i++) {
            ctx.add("s" + i);
            adapter.addAll("s" + i, Set.of("s" + i, "all", i % 2 == 0 ? "even" : "odd", i < 5 ? "few" : "many"));
        }
        adapter.broadcast(packet(), new BroadcastOptions(Set.of("even", "few", "all"), Set.of(), BroadcastOptions.Flags.DEFAULT));
        for (int i = 0; i < 30; i++) assertThat(ctx.sockets.get("s" + i).received).hasValue(1);
        adapter.broadcast(packet(), new BroadcastOptions(Set.of("even"), Set.of("few"), BroadcastOptions.Flags.DEFAULT));
        for (int i = 0; i < 30; i++) {
            assertThat(ctx.sockets.get("s" + i).received).hasValue(i % 2 == 0 && i >= 5 ? 2 : 1);
        }
        // many except rooms: the union path
        adapter.broadcast(packet(), new BroadcastOptions(Set.of(), Set.of("s1", "s2", "s3", "s4", "s5", "s6", "odd"),
                BroadcastOptions.Flags.DEFAULT));
        Map<String, Integer> got = new HashMap<>();
        for (CountingSocket s : ctx.sockets.values()) got.put(s.id, s.received.get());
        for (int i = 0; i < 30; i++) {
            int before = i % 2 == 0 && i >= 5 ? 2 : 1;
            boolean excluded = i % 2 == 1 || (i >= 1 && i <= 6);
            assertThat(got.get("s" + i)).as("s" + i).isEqualTo(before + (excluded ? 0 : 1));
        }
        assertThat(adapter.sockets(Set.of("few", "even")).join()).hasSize(5 + 12);
        assertThat(adapter.sockets(Set.of()).join()).hasSize(30);
    }

    @Test
    void concurrentJoinsAndLeavesWhileBroadcasting() throws Exception {
        int writers = 3;
        int perWriter = 40; // each writer's sockets move between a small and a big room
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                String id = "w" + w + "-" + i;
                ctx.add(id);
                adapter.addAll(id, Set.of(id, "stable"));
            }
        }
        ctx.add("fixed");
        adapter.addAll("fixed", Set.of("fixed", "stable", "moving"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int wi = w;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < perWriter; i++) adapter.addAll("w" + wi + "-" + i, Set.of("moving"));
                        for (int i = 0; i < perWriter; i++) adapter.del("w" + wi + "-" + i, "moving");
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        int broadcasts = 300;
        threads.add(new Thread(() -> {
            try {
                start.await();
                for (int b = 0; b < broadcasts; b++) {
                    // "stable" holds everyone: with "moving" (racing) every socket must still get it exactly once
                    adapter.broadcast(packet(), new BroadcastOptions(Set.of("stable", "moving"), Set.of(), BroadcastOptions.Flags.DEFAULT));
                    Set<String> rooms = adapter.socketRooms("fixed");
                    if (!rooms.equals(Set.of("fixed", "stable", "moving"))) throw new AssertionError("fixed: " + rooms);
                    int seen = 0;
                    for (String ignored : adapter.rooms().getOrDefault("moving", Set.of())) seen++;
                    if (seen < 1 || seen > writers * perWriter + 1) throw new AssertionError("moving size " + seen);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }));
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(60));
        for (Thread t : threads) assertThat(t.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        for (CountingSocket s : ctx.sockets.values()) assertThat(s.received).as(s.id).hasValue(broadcasts);
        assertThat(adapter.rooms().get("moving")).containsExactly("fixed");
        assertThat(concurrent(held("moving"))).isFalse();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                String id = "w" + w + "-" + i;
                assertThat(adapter.socketRooms(id)).containsExactlyInAnyOrder(id, "stable");
            }
        }
    }
}
