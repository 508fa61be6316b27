package io.enlace.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Args;
import io.enlace.Handshake;
import io.enlace.RemoteSocket;
import io.enlace.ServerOptions;
import io.enlace.parser.JsonParser;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ClusterAdapter protocol between adapters wired by an in-memory bus (no Redis): the requests and their answers,
 * the count-before-acks order, and the local deliveries that wait for the offsets of a log, in order and bounded in time.
 */
class ClusterAdapterTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(n -> n.adapter.close());
        scheduler.shutdownNow();
    }

    /** A socket recording the packets written to it; it answers acks with {@code answer} (null: never). */
    static final class RecordingSocket implements LocalSocket {
        final String id;
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        volatile String answer;
        volatile Adapter adapter;

        RecordingSocket(String id) { this.id = id; }

        @Override public String id() { return id; }
        @Override public Handshake handshake() { return null; }
        @Override public Set<String> rooms() { return Set.of(id); }
        @Override public Object userData() { return Map.of("node", id); }
        volatile Runnable beforeWrite;

        @Override public void write(Packet packet, List<Object> encoded, BroadcastOptions.Flags flags) {
            Runnable r = beforeWrite;
            if (r != null) r.run();
            received.add(packet.data());
        }
        @Override public void expectAck(long ackId, Consumer<ArrayNode> callback) {
            if (answer != null) callback.accept(NODES.arrayNode().add(answer)); // answers before the write: the earliest possible
        }
        @Override public void joinRooms(Collection<String> rooms) { adapter.addAll(id, Set.copyOf(rooms)); }
        @Override public void leaveRoom(String room) { }
        @Override public void disconnect(boolean close) { }
    }

    final class Ctx implements AdapterContext {
        final Map<String, RecordingSocket> sockets = new ConcurrentHashMap<>();
        final Parser parser = new JsonParser();
        final ServerOptions.Recovery recovery;
        final List<JsonNode> serverSide = new CopyOnWriteArrayList<>();

        Ctx(boolean recovery) { this.recovery = recovery ? ServerOptions.Recovery.defaults() : null; }

        @Override public String name() { return "/"; }
        @Override public Parser parser() { return parser; }
        @Override public ObjectMapper mapper() { return JsonParser.defaultMapper(); }
        @Override public LocalSocket socket(String id) { return sockets.get(id); }
        @Override public Collection<? extends LocalSocket> localSockets() { return sockets.values(); }
        @Override public long nextAckId() { return 1; }
        @Override public ServerOptions.Recovery recovery() { return recovery; }
        @Override public ScheduledExecutorService scheduler() { return scheduler; }
        @Override public Packet eventPacket(String event, Object... args) { return event(event, args); }
        @Override public void onServerSideEmit(ArrayNode eventAndArgs, Consumer<ArrayNode> ack) {
            serverSide.add(eventAndArgs);
            if (ack != null) ack.accept(NODES.arrayNode().add("pong-" + eventAndArgs.get(1).asText()));
        }
    }

    private static Packet event(String event, Object... args) {
        ArrayNode data = NODES.arrayNode().add(event);
        for (Object a : args) data.add(JsonParser.defaultMapper().valueToTree(a));
        return new Packet(PacketType.EVENT, "/", Packet.NO_ID, data);
    }

    /** One server: its adapter publishes on the bus; {@code offsets} makes it a log whose publish results are held. */
    final class Node {
        final Ctx ctx;
        final TestAdapter adapter;
        final List<ObjectNode> published = new CopyOnWriteArrayList<>();
        final LinkedBlockingQueue<CompletableFuture<String>> held = new LinkedBlockingQueue<>();
        volatile int serverCount;
        volatile boolean holdOffsets;
        volatile Duration offsetWait = Duration.ofSeconds(10);

        Node(String uid, boolean recovery, boolean offsets) {
            ctx = new Ctx(recovery);
            adapter = new TestAdapter(ctx, uid, offsets);
            nodes.add(this);
        }

        RecordingSocket socket(String id, String... rooms) {
            RecordingSocket s = new RecordingSocket(id);
            s.adapter = adapter;
            ctx.sockets.put(id, s);
            adapter.addAll(id, Set.of(id));
            if (rooms.length > 0) adapter.addAll(id, Set.of(rooms));
            return s;
        }

        final class TestAdapter extends ClusterAdapter {
            final boolean offsets;
            int seq;

            TestAdapter(Ctx ctx, String uid, boolean offsets) {
                super(ctx, uid, Duration.ofMillis(500));
                this.offsets = offsets;
            }

            @Override
            protected CompletableFuture<String> doPublish(ObjectNode message) {
                published.add(message);
                String offset = offsets ? "100-" + seq++ : null;
                for (Node n : nodes) if (n != Node.this) n.adapter.onMessage(message.deepCopy(), offset);
                if (!holdOffsets) return CompletableFuture.completedFuture(offset);
                CompletableFuture<String> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }

            @Override
            protected CompletableFuture<Void> doPublishResponse(String requesterUid, ObjectNode response) {
                published.add(response);
                for (Node n : nodes) if (n.adapter.uid().equals(requesterUid)) n.adapter.onMessage(response.deepCopy(), null);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Integer> serverCount() { return CompletableFuture.completedFuture(serverCount); }

            @Override
            protected boolean publishesOffsets() { return offsets; }

            @Override
            protected Duration offsetWait() { return offsetWait; }
        }
    }

    private List<Node> cluster(int n, boolean recovery, boolean offsets) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Node("uid" + i, recovery, offsets));
        for (Node node : out) node.serverCount = n;
        return out;
    }

    @Test
    void broadcastsRoomChangesAndMessageShapes() {
        List<Node> c = cluster(2, false, false);
        RecordingSocket a = c.get(0).socket("a", "r");
        RecordingSocket b = c.get(1).socket("b", "r");
        RecordingSocket b2 = c.get(1).socket("b2");
        c.get(0).adapter.broadcast(event("news", 1), new BroadcastOptions(Set.of("r"), Set.of(), BroadcastOptions.Flags.DEFAULT));
        assertThat(a.received).extracting(JsonNode::toString).containsExactly("[\"news\",1]");
        assertThat(b.received).extracting(JsonNode::toString).containsExactly("[\"news\",1]");
        assertThat(b2.received).isEmpty();
        assertThat(c.get(0).published.get(0).toString()).isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"news\",1]},"
                + "\"opts\":{\"rooms\":[\"r\"],\"except\":[],\"flags\":{}}},\"uid\":\"uid0\",\"nsp\":\"/\"}");

        c.get(0).adapter.broadcast(event("local"), new BroadcastOptions(Set.of(), Set.of(), BroadcastOptions.Flags.DEFAULT.withLocal(true)));
        assertThat(a.received).hasSize(2);
        assertThat(b.received).hasSize(1);

        c.get(1).adapter.addSockets(BroadcastOptions.toRooms(Set.of("r")), Set.of("s"));
        assertThat(c.get(0).adapter.rooms().get("s")).containsExactly("a"); // applied by the other server
        assertThat(c.get(1).adapter.rooms().get("s")).containsExactly("b"); // and here at once
        assertThat(c.get(1).published.get(0).path("type").asInt()).isEqualTo(ClusterAdapter.SOCKETS_JOIN);

        // messages of this server or of another namespace are ignored
        ObjectNode own = c.get(1).published.get(0).deepCopy().put("uid", "uid0");
        c.get(0).adapter.onMessage(own, null);
        ObjectNode other = ((ObjectNode) c.get(0).published.get(0).deepCopy()).put("nsp", "/other");
        c.get(1).adapter.onMessage(other, null);
        assertThat(b.received).hasSize(1);
    }

    @Test
    void fetchSocketsAndServerSideEmitCollectOneAnswerPerServer() throws Exception {
        List<Node> c = cluster(3, false, false);
        c.get(0).socket("a", "r");
        c.get(1).socket("b", "r");
        c.get(2).socket("c");
        List<RemoteSocket> found = c.get(0).adapter.fetchSockets(BroadcastOptions.toRooms(Set.of("r"))).get(5, TimeUnit.SECONDS);
        assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder("a", "b");
        RemoteSocket remote = found.stream().filter(s -> s.id().equals("b")).findFirst().orElseThrow();
        assertThat(((JsonNode) remote.data()).get("node").asText()).isEqualTo("b");

        List<Args> answers = c.get(0).adapter.serverSideEmitWithAck(NODES.arrayNode().add("ping").add("x"), Duration.ofSeconds(2))
                .get(5, TimeUnit.SECONDS);
        assertThat(answers).extracting(x -> x.string(0)).containsExactly("pong-x", "pong-x");
        assertThat(c.get(1).ctx.serverSide).hasSize(1);
        assertThat(c.get(0).ctx.serverSide).isEmpty();

        // a server that counts but never answers: Node's timeout message
        c.get(0).serverCount = 4;
        assertThatThrownBy(() -> c.get(0).adapter.fetchSockets(BroadcastOptions.ALL).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TimeoutException.class)
                .hasMessage("timeout reached: only 2 responses received out of 3");
    }

    @Test
    void broadcastWithAckReportsEachServersCountBeforeItsAcks() {
        List<Node> c = cluster(2, false, false);
        c.get(0).socket("a", "q").answer = "from-a";
        c.get(1).socket("b", "q").answer = "from-b";
        List<String> events = new CopyOnWriteArrayList<>();
        c.get(0).adapter.broadcastWithAck(event("question"), new BroadcastOptions(Set.of("q"), Set.of(),
                BroadcastOptions.Flags.DEFAULT.withTimeout(Duration.ofSeconds(1))), n -> events.add("count " + n),
                ack -> events.add("ack " + ack.get(0).asText()));
        // each socket answers before its server has counted: each count still comes before its acks (the other
        // server's answers arrive first here, as it is reached while publishing)
        assertThat(events).containsExactly("count 1", "ack from-b", "count 1", "ack from-a");
        List<Integer> types = c.get(1).published.stream().map(m -> m.path("type").asInt()).toList();
        assertThat(types).containsExactly(ClusterAdapter.BROADCAST_CLIENT_COUNT, ClusterAdapter.BROADCAST_ACK);
    }

    @Test
    void withAnOffsetLogLocalDeliveriesWaitForTheirOffsetsInOrder() throws Exception {
        List<Node> c = cluster(2, true, true);
        RecordingSocket a = c.get(0).socket("a");
        RecordingSocket b = c.get(1).socket("b");
        Node n0 = c.get(0);
        n0.holdOffsets = true;
        for (int i = 0; i < 3; i++) n0.adapter.broadcast(event("m", i), BroadcastOptions.ALL);
        // the receiver uses the offset given with the message at once
        assertThat(b.received).extracting(JsonNode::toString)
                .containsExactly("[\"m\",0,\"100-0\"]", "[\"m\",1,\"100-1\"]", "[\"m\",2,\"100-2\"]");
        assertThat(a.received).isEmpty(); // waiting for the offsets
        List<CompletableFuture<String>> held = new ArrayList<>();
        n0.held.drainTo(held);
        held.get(2).complete("100-2");
        held.get(1).complete("100-1");
        assertThat(a.received).isEmpty(); // the first one still waits: nothing overtakes it
        held.get(0).complete("100-0");
        assertThat(a.received).extracting(JsonNode::toString)
                .containsExactly("[\"m\",0,\"100-0\"]", "[\"m\",1,\"100-1\"]", "[\"m\",2,\"100-2\"]");
        // volatile and local packets get no offset and wait for nothing
        n0.adapter.broadcast(event("v"), new BroadcastOptions(Set.of(), Set.of(), BroadcastOptions.Flags.DEFAULT.withVolatile(true)));
        assertThat(a.received.get(3).toString()).isEqualTo("[\"v\"]");
    }

    @Test
    void anOffsetThatDoesNotComeDelaysOneDeliveryAtMostAndNotTheNextOnes() throws Exception {
        List<Node> c = cluster(2, true, true);
        RecordingSocket a = c.get(0).socket("a");
        Node n0 = c.get(0);
        n0.holdOffsets = true;
        n0.offsetWait = Duration.ofMillis(300);
        long t0 = System.nanoTime();
        n0.adapter.broadcast(event("m", 0), BroadcastOptions.ALL);
        n0.adapter.broadcast(event("m", 1), BroadcastOptions.ALL);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.received.size() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(a.received).extracting(JsonNode::toString).containsExactly("[\"m\",0]", "[\"m\",1]");
        // stalled: the next one goes out at once, without an offset
        n0.adapter.broadcast(event("m", 2), BroadcastOptions.ALL);
        assertThat(a.received).hasSize(3);
        assertThat(a.received.get(2).toString()).isEqualTo("[\"m\",2]");
        // an offset arrives again: waiting resumes
        n0.held.poll().complete("100-0");
        n0.adapter.broadcast(event("m", 3), BroadcastOptions.ALL);
        assertThat(a.received).hasSize(3);
        List<CompletableFuture<String>> held = new ArrayList<>();
        n0.held.drainTo(held);
        held.get(held.size() - 1).complete("100-9");
        assertThat(a.received.get(3).toString()).isEqualTo("[\"m\",3,\"100-9\"]");
    }

    @Test
    void whenTheLogGoesDownWaitingDeliveriesAreFlushedInOrder() {
        List<Node> c = cluster(2, true, true);
        RecordingSocket a = c.get(0).socket("a");
        Node n0 = c.get(0);
        n0.holdOffsets = true;
        n0.adapter.broadcast(event("m", 0), BroadcastOptions.ALL);
        n0.adapter.broadcast(event("m", 1), BroadcastOptions.ALL);
        assertThat(a.received).isEmpty();
        n0.adapter.offsetsUnavailable();
        assertThat(a.received).extracting(JsonNode::toString).containsExactly("[\"m\",0]", "[\"m\",1]");
        n0.adapter.broadcast(event("m", 2), BroadcastOptions.ALL);
        assertThat(a.received).hasSize(3);
    }

    /**
     * A broadcast made while offsets are stalled, while a drain on another thread has taken the previous packet off the
     * queue but not yet delivered it, is delivered after it (it was delivered at once, overtaking it: a counter's 20
     * came before its 19 in StreamsFaultsTest).
     */
    @Test
    void aBroadcastWhileStalledDoesNotOvertakeADeliveryInProgress() throws Exception {
        List<Node> c = cluster(2, true, true);
        RecordingSocket a = c.get(0).socket("a");
        Node n0 = c.get(0);
        n0.holdOffsets = true;
        n0.adapter.broadcast(event("m", 0), BroadcastOptions.ALL);
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        a.beforeWrite = () -> {
            a.beforeWrite = null;
            inWrite.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<String> first = n0.held.poll(5, TimeUnit.SECONDS);
        Thread drainer = new Thread(() -> first.complete("100-0"), "drainer"); // drains m0 and stops in its write
        drainer.start();
        try {
            assertThat(inWrite.await(10, TimeUnit.SECONDS)).isTrue();
            n0.adapter.offsetsUnavailable(); // stalled: the next broadcast is not to wait for its offset
            n0.adapter.broadcast(event("m", 1), BroadcastOptions.ALL);
            assertThat(a.received).isEmpty(); // m1 is behind m0, which is still being written
        } finally {
            release.countDown();
            drainer.join(10_000);
        }
        assertThat(a.received).extracting(JsonNode::toString).containsExactly("[\"m\",0,\"100-0\"]", "[\"m\",1]");
    }

    @Test
    void withoutAnOffsetLogTheInMemoryOffsetsApply() {
        List<Node> c = cluster(2, true, false);
        RecordingSocket a = c.get(0).socket("a");
        RecordingSocket b = c.get(1).socket("b");
        c.get(0).adapter.broadcast(event("m"), BroadcastOptions.ALL);
        assertThat(a.received.get(0).size()).isEqualTo(2); // ["m", <local offset>]
        assertThat(b.received.get(0).size()).isEqualTo(2);
        assertThat(a.received.get(0).get(1).asText()).isNotEqualTo(b.received.get(0).get(1).asText());
    }

    @Test
    void wireFormsOfOptionsAndSockets() {
        BroadcastOptions opts = new BroadcastOptions(Set.of("r"), Set.of("x"),
                BroadcastOptions.Flags.DEFAULT.withVolatile(true).withCompress(false).withTimeout(Duration.ofMillis(1500)));
        ObjectNode wire = ClusterAdapter.encodeOptions(opts, true);
        assertThat(wire.toString()).isEqualTo("{\"rooms\":[\"r\"],\"except\":[\"x\"],\"flags\":{\"volatile\":true,\"compress\":false,\"timeout\":1500}}");
        assertThat(ClusterAdapter.decodeOptions(wire)).isEqualTo(opts);
        assertThat(ClusterAdapter.encodeOptions(opts, false).has("flags")).isFalse();
        assertThat(ClusterAdapter.decodeOptions(NODES.objectNode())).isEqualTo(BroadcastOptions.ALL);
    }
}
