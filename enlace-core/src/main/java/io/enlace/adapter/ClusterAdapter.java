package io.enlace.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Args;
import io.enlace.Handshake;
import io.enlace.RemoteSocket;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * A cluster adapter speaking the messages of Node's {@code ClusterAdapter} ({@code socket.io-adapter} 2.5), the base of
 * the sharded Redis adapter, the Redis Streams adapter and the other Node cluster adapters. Every message is a JSON tree
 * {@code {type, data, uid, nsp}}; a subclass only moves messages: it implements {@link #doPublish} (to every other
 * server) and {@link #doPublishResponse} (to one server), and hands what it receives to {@link #onMessage}.
 *
 * <p>This class does the rest: broadcasts (local delivery plus one message), emit with acks (each server answers with
 * its client count, then with each client's answer), {@code socketsJoin}/{@code socketsLeave}/{@code disconnectSockets}
 * (applied here at once, then published; the receivers apply them locally), {@code fetchSockets} and
 * {@code serverSideEmit} with acks (requests that expect {@code serverCount() - 1} answers within a timeout).
 *
 * <p>Connection state recovery: when {@link #publishesOffsets()} is false, the offsets and the missed packets are
 * those of {@link InMemoryAdapter} (a session can be recovered on this server only). When it is true (a log such as a
 * Redis stream), the offset of a broadcast is what {@link #doPublish} returns, and the local delivery waits for it, in
 * order, for at most {@link #offsetWait()}; a subclass then stores sessions itself
 * ({@link #persistSession}/{@link #restoreSession}).
 */
public abstract class ClusterAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Message type (Node's {@code MessageType}); 1, 2 and 13 are the heartbeats of {@code ClusterAdapterWithHeartbeat}. */
    public static final int INITIAL_HEARTBEAT = 1, HEARTBEAT = 2, BROADCAST = 3, SOCKETS_JOIN = 4, SOCKETS_LEAVE = 5,
            DISCONNECT_SOCKETS = 6, FETCH_SOCKETS = 7, FETCH_SOCKETS_RESPONSE = 8, SERVER_SIDE_EMIT = 9,
            SERVER_SIDE_EMIT_RESPONSE = 10, BROADCAST_CLIENT_COUNT = 11, BROADCAST_ACK = 12, ADAPTER_CLOSE = 13;

    /** The uid that emitters (not servers) put in their messages. */
    public static final String EMITTER_UID = "emitter";

    private final String uid;
    private final Duration requestsTimeout;
    private final ObjectMapper mapper;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private final AtomicBoolean publishFailureLogged = new AtomicBoolean();

    // local deliveries waiting for the offset of their published broadcast, in order
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by itself
    private final AtomicInteger drainWip = new AtomicInteger();
    private final AtomicBoolean drainTimer = new AtomicBoolean();
    private volatile boolean offsetsStalled;

    /**
     * @param context         the namespace
     * @param uid             this server's id in the cluster (Node: 16 hex digits)
     * @param requestsTimeout how long {@code fetchSockets} waits for the other servers when its flags set no timeout
     */
    protected ClusterAdapter(AdapterContext context, String uid, Duration requestsTimeout) {
        super(context);
        this.uid = Objects.requireNonNull(uid);
        this.requestsTimeout = Objects.requireNonNull(requestsTimeout);
        this.mapper = context.mapper();
    }

    /** @return this server's id in the cluster */
    public String uid() { return uid; }

    // ---------------------------------------------------------------------------------------------- for subclasses

    /**
     * Sends a message to every other server.
     *
     * @param message {@code {type, data, uid, nsp}}
     * @return completes with the message's offset (a stream entry id), or null when the transport has none; fails when
     *         the message could not be sent. Must not block.
     */
    protected abstract CompletableFuture<String> doPublish(ObjectNode message);

    /**
     * Sends a response to the server that made a request.
     *
     * @param requesterUid the uid of that server
     * @param response     {@code {type, data, uid, nsp}}
     * @return completes when sent. Must not block.
     */
    protected abstract CompletableFuture<Void> doPublishResponse(String requesterUid, ObjectNode response);

    /** Number of servers in the cluster, this one included (each request expects one answer per other server). */
    @Override
    public abstract CompletableFuture<Integer> serverCount();

    /**
     * Whether {@link #doPublish} gives the offsets of connection state recovery (a stream entry id). False (the
     * default): the offsets and stored packets of {@link InMemoryAdapter} are used, on this server only.
     */
    protected boolean publishesOffsets() { return false; }

    /**
     * How long a local delivery waits for the offset of its broadcast (when {@link #publishesOffsets()}); after it the
     * packet is delivered without an offset, and so are the next ones until an offset arrives again. Default 1 s.
     */
    protected Duration offsetWait() { return Duration.ofSeconds(1); }

    /** Whether offsets can be expected promptly now (false while the transport is known to be down). Default true. */
    protected boolean offsetsAvailable() { return true; }

    /**
     * Tells that offsets will not come for a while (the transport went down): the local deliveries waiting for one
     * are made at once without it, in order, and so are the next ones until an offset arrives again.
     */
    protected final void offsetsUnavailable() {
        offsetsStalled = true;
        drainWaiting(true);
    }

    /** The error of a request that got too few answers in time (default a {@link TimeoutException}). */
    protected Throwable timeoutError(String message) { return new TimeoutException(message); }

    /** The error of the requests still waiting when the adapter closes. */
    protected Throwable closedError() { return new IllegalStateException("the adapter was closed"); }

    // ---------------------------------------------------------------------------------------------- sending

    private ObjectNode message(int type, ObjectNode data) {
        ObjectNode m = NODES.objectNode();
        m.put("type", type);
        if (data != null) m.set("data", data);
        m.put("uid", uid);
        m.put("nsp", context().name());
        return m;
    }

    /** Publishes a message of this server; failures are logged (once until a publish succeeds again). */
    private CompletableFuture<String> publish(int type, ObjectNode data, String what) {
        CompletableFuture<String> f;
        try {
            f = doPublish(message(type, data));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((offset, e) -> published(e, what));
        return f;
    }

    private void published(Throwable e, String what) {
        if (e == null) {
            publishFailureLogged.set(false);
        } else if (publishFailureLogged.compareAndSet(false, true)) {
            log.warn("{} on namespace {} did not reach the other servers (further failures are not logged until a message "
                    + "goes through again): {}", what, context().name(), unwrap(e).getMessage());
        }
    }

    private void publishResponse(String requesterUid, int type, ObjectNode data) {
        CompletableFuture<Void> f;
        try {
            f = doPublishResponse(requesterUid, message(type, data));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((v, e) -> published(e, "a response"));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static ObjectNode wirePacket(Packet packet) {
        ObjectNode p = NODES.objectNode();
        p.put("type", PacketType.EVENT.code());
        p.set("data", packet.data());
        return p;
    }

    private static String requestId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    // ---------------------------------------------------------------------------------------------- operations

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (opts.flags().local()) {
            super.broadcast(packet, opts);
            return;
        }
        ObjectNode data = NODES.objectNode();
        data.set("packet", wirePacket(packet));
        data.set("opts", encodeOptions(opts, true));
        CompletableFuture<String> offset = publish(BROADCAST, data, "broadcast");
        if (publishesOffsets() && needsOffset(packet, opts)) {
            deliverWithOffset(packet, opts, offset);
        } else {
            super.broadcast(packet, opts);
        }
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<ArrayNode> ack) {
        if (!opts.flags().local()) {
            String requestId = requestId();
            ackRequests.put(requestId, new AckRequest(clientCountCallback, ack));
            ObjectNode data = NODES.objectNode();
            data.set("packet", wirePacket(packet));
            data.put("requestId", requestId);
            data.set("opts", encodeOptions(opts, true));
            publish(BROADCAST, data, "broadcast with ack");
            // no way to know when every client of every server has answered: forget the request after the timeout
            Duration t = opts.flags().timeout() != null ? opts.flags().timeout() : requestsTimeout;
            schedule(() -> ackRequests.remove(requestId), t);
        }
        super.broadcastWithAck(packet, opts, clientCountCallback, ack);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        super.addSockets(opts, rooms);
        if (!opts.flags().local()) publish(SOCKETS_JOIN, roomsData(opts, rooms), "socketsJoin");
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        super.delSockets(opts, rooms);
        if (!opts.flags().local()) publish(SOCKETS_LEAVE, roomsData(opts, rooms), "socketsLeave");
    }

    private static ObjectNode roomsData(BroadcastOptions opts, Set<String> rooms) {
        ObjectNode data = NODES.objectNode();
        data.set("opts", encodeOptions(opts, true));
        ArrayNode r = data.putArray("rooms");
        rooms.forEach(r::add);
        return data;
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        super.disconnectSockets(opts, close);
        if (opts.flags().local()) return;
        ObjectNode data = NODES.objectNode();
        data.set("opts", encodeOptions(opts, true));
        data.put("close", close);
        publish(DISCONNECT_SOCKETS, data, "disconnectSockets");
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).join();
        if (opts.flags().local()) return CompletableFuture.completedFuture(local);
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) return CompletableFuture.completedFuture(local);
            String requestId = requestId();
            ObjectNode data = NODES.objectNode();
            data.set("opts", encodeOptions(opts, true));
            data.put("requestId", requestId);
            Request r = new Request(FETCH_SOCKETS, expected);
            r.responses.addAll(local);
            Duration t = opts.flags().timeout() != null ? opts.flags().timeout() : requestsTimeout;
            return send(requestId, FETCH_SOCKETS, data, r, t).thenApply(x -> r.result(RemoteSocket.class));
        });
    }

    @Override
    public void serverSideEmit(ArrayNode eventAndArgs) {
        ObjectNode data = NODES.objectNode();
        data.set("packet", eventAndArgs);
        publish(SERVER_SIDE_EMIT, data, "serverSideEmit");
    }

    @Override
    public CompletableFuture<List<Args>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout) {
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) return CompletableFuture.completedFuture(List.<Args>of());
            String requestId = requestId();
            ObjectNode data = NODES.objectNode();
            data.put("requestId", requestId);
            data.set("packet", eventAndArgs);
            Request r = new Request(SERVER_SIDE_EMIT, expected);
            return send(requestId, SERVER_SIDE_EMIT, data, r, timeout != null ? timeout : requestsTimeout)
                    .thenApply(x -> r.result(Args.class));
        });
    }

    private CompletableFuture<Void> send(String requestId, int type, ObjectNode data, Request r, Duration timeout) {
        requests.put(requestId, r);
        r.timer = schedule(() -> {
            if (requests.remove(requestId) != null) r.future.completeExceptionally(timeoutError(r.timeoutMessage()));
        }, timeout);
        publish(type, data, "a request").whenComplete((o, e) -> {
            if (e != null && requests.remove(requestId) != null) r.fail(unwrap(e));
        });
        return r.future;
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return context().scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    @Override
    public CompletableFuture<Void> close() {
        Throwable closed = closedError();
        for (Request r : requests.values()) r.fail(closed);
        requests.clear();
        ackRequests.clear();
        drainWaiting(true);
        return super.close();
    }

    // ---------------------------------------------------------------------------------------------- receiving

    /**
     * Handles a message from another server (or an emitter): ignored when it is this server's own or of another
     * namespace; responses go to the request that waits for them.
     *
     * @param message {@code {type, data, uid, nsp}} as decoded from the wire
     * @param offset  the message's offset (its stream entry id), or null
     */
    protected void onMessage(JsonNode message, String offset) {
        if (message == null || !message.isObject()) return;
        String from = message.path("uid").asText("");
        if (uid.equals(from) || !context().name().equals(message.path("nsp").asText(null))) return;
        int type = message.path("type").asInt(-1);
        JsonNode data = message.path("data");
        switch (type) {
            case BROADCAST -> onBroadcast(from, data, offset);
            case SOCKETS_JOIN -> super.addSockets(decodeOptions(data.path("opts")), strings(data.path("rooms")));
            case SOCKETS_LEAVE -> super.delSockets(decodeOptions(data.path("opts")), strings(data.path("rooms")));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(decodeOptions(data.path("opts")), data.path("close").asBoolean(false));
            case FETCH_SOCKETS -> {
                ObjectNode d = NODES.objectNode().put("requestId", data.path("requestId").asText());
                ArrayNode list = d.putArray("sockets");
                for (RemoteSocket s : super.fetchSockets(decodeOptions(data.path("opts"))).join()) list.add(encodeSocket(s, mapper));
                publishResponse(from, FETCH_SOCKETS_RESPONSE, d);
            }
            case SERVER_SIDE_EMIT -> {
                if (!data.path("packet").isArray()) return;
                Consumer<ArrayNode> ack = null;
                if (data.path("requestId").isTextual()) {
                    String requestId = data.get("requestId").textValue();
                    AtomicBoolean sent = new AtomicBoolean();
                    ack = args -> {
                        if (!sent.compareAndSet(false, true)) return; // only one answer per server
                        ObjectNode d = NODES.objectNode().put("requestId", requestId);
                        if (args != null && !args.isEmpty()) d.set("packet", args.get(0));
                        publishResponse(from, SERVER_SIDE_EMIT_RESPONSE, d);
                    };
                }
                context().onServerSideEmit((ArrayNode) data.get("packet"), ack);
            }
            case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_CLIENT_COUNT, BROADCAST_ACK -> onResponse(type, data);
            default -> log.debug("Ignoring message type {} on namespace {}", type, context().name());
        }
    }

    private void onBroadcast(String from, JsonNode data, String offset) {
        JsonNode packet = data.path("packet");
        if (!packet.path("data").isArray()) return;
        Packet p = new Packet(PacketType.EVENT, context().name(), Packet.NO_ID, packet.get("data"));
        BroadcastOptions opts = decodeOptions(data.path("opts"));
        if (data.path("requestId").isTextual()) {
            String requestId = data.get("requestId").textValue();
            super.broadcastWithAck(p, opts,
                    count -> publishResponse(from, BROADCAST_CLIENT_COUNT,
                            NODES.objectNode().put("requestId", requestId).put("clientCount", count)),
                    args -> {
                        ObjectNode d = NODES.objectNode().put("requestId", requestId);
                        if (args != null && !args.isEmpty()) d.set("packet", args.get(0));
                        publishResponse(from, BROADCAST_ACK, d);
                    });
        } else if (offset != null && publishesOffsets() && needsOffset(p, opts)) {
            deliverLocally(withOffset(p, offset), opts);
        } else {
            super.broadcast(p, opts);
        }
    }

    private void onResponse(int type, JsonNode data) {
        String requestId = data.path("requestId").asText(null);
        if (requestId == null) return;
        if (type == BROADCAST_CLIENT_COUNT || type == BROADCAST_ACK) {
            AckRequest ack = ackRequests.get(requestId);
            if (ack == null) return;
            if (type == BROADCAST_CLIENT_COUNT) {
                ack.clientCount.accept(data.path("clientCount").asInt(0));
            } else {
                ArrayNode args = NODES.arrayNode();
                if (data.has("packet")) args.add(data.get("packet"));
                ack.ack.accept(args);
            }
            return;
        }
        Request r = requests.get(requestId);
        if (r == null) return;
        synchronized (r) {
            if (type == FETCH_SOCKETS_RESPONSE && r.type == FETCH_SOCKETS) {
                data.path("sockets").forEach(n -> r.responses.add(decodeSocket(this, n)));
            } else if (type == SERVER_SIDE_EMIT_RESPONSE && r.type == SERVER_SIDE_EMIT) {
                ArrayNode args = NODES.arrayNode();
                if (data.has("packet")) args.add(data.get("packet"));
                r.responses.add(new Args(args, mapper));
            } else {
                return;
            }
            r.received++;
            if (r.received < r.expected || requests.remove(requestId) == null) return;
        }
        r.complete();
    }

    // ---------------------------------------------------------------------------------------------- offsets

    private record Waiting(Packet packet, BroadcastOptions opts, CompletableFuture<String> offset, long deadline) {}

    /** Delivers locally once the offset is known, in the order of the broadcasts; see {@link #offsetWait()}. */
    private void deliverWithOffset(Packet packet, BroadcastOptions opts, CompletableFuture<String> offset) {
        boolean now = offsetsStalled || !offsetsAvailable();
        // always through the queue, even when it is empty and the packet goes at once: a drain on another thread may
        // have taken the previous packet off the queue and not yet delivered it
        synchronized (waiting) {
            waiting.addLast(new Waiting(packet, opts, offset, System.nanoTime() + offsetWait().toNanos()));
        }
        offset.whenComplete((o, e) -> {
            if (e == null && o != null) offsetsStalled = false; // offsets come again
            if (!now) drainWaiting(false);
        });
        if (now) {
            drainWaiting(true);
        } else if (drainTimer.compareAndSet(false, true)) {
            scheduleDrainTimer();
        }
    }

    /** One timer at a time, at the deadline of the head of the queue; ends when the queue is empty. */
    private void scheduleDrainTimer() {
        long delay;
        synchronized (waiting) {
            Waiting head = waiting.peekFirst();
            if (head == null) {
                drainTimer.set(false); // under the lock: a broadcast queued after this starts a new timer
                return;
            }
            delay = Math.max(0, head.deadline - System.nanoTime());
        }
        try {
            context().scheduler().schedule(() -> {
                drainWaiting(false);
                scheduleDrainTimer();
            }, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            drainTimer.set(false);
        }
    }

    /**
     * Delivers the waiting packets from the head: those whose offset is known (with it), those whose publish failed or
     * waited past their deadline (without), all of them when {@code flush}. One thread drains at a time, so the
     * deliveries keep the order of the broadcasts.
     */
    private void drainWaiting(boolean flush) {
        if (drainWip.getAndIncrement() != 0) {
            if (flush) offsetsStalled = true; // the running drain sees the stall and flushes
            return;
        }
        do {
            while (true) {
                Waiting w;
                synchronized (waiting) {
                    w = waiting.peekFirst();
                    if (w == null) break;
                    boolean late = System.nanoTime() - w.deadline >= 0;
                    if (!w.offset.isDone() && !late && !flush && !offsetsStalled) break;
                    waiting.pollFirst();
                }
                String o = w.offset.isDone() && !w.offset.isCompletedExceptionally() ? w.offset.getNow(null) : null;
                if (o == null && !w.offset.isDone()) {
                    offsetsStalled = true; // waited too long: do not make the next ones wait too
                    log.debug("no offset for a broadcast on namespace {} after {}: delivered without it", context().name(), offsetWait());
                }
                try {
                    deliverLocally(o != null ? withOffset(w.packet, o) : w.packet, w.opts);
                } catch (RuntimeException e) {
                    log.warn("local delivery of a broadcast failed on namespace {}", context().name(), e);
                }
            }
        } while (drainWip.decrementAndGet() != 0);
    }

    // ---------------------------------------------------------------------------------------------- wire forms

    /**
     * The wire form of broadcast options: {@code {rooms, except, flags}} (flags only when {@code withFlags}; only the
     * flags that differ from the defaults: {@code volatile}, {@code compress: false}, {@code timeout} in ms).
     */
    public static ObjectNode encodeOptions(BroadcastOptions opts, boolean withFlags) {
        ObjectNode o = NODES.objectNode();
        ArrayNode rooms = o.putArray("rooms");
        opts.rooms().forEach(rooms::add);
        ArrayNode except = o.putArray("except");
        opts.except().forEach(except::add);
        if (withFlags) {
            ObjectNode flags = o.putObject("flags");
            BroadcastOptions.Flags f = opts.flags();
            if (f.volatile_()) flags.put("volatile", true);
            if (!f.compress()) flags.put("compress", false);
            if (f.timeout() != null) flags.put("timeout", f.timeout().toMillis());
        }
        return o;
    }

    /** Broadcast options from their wire form (missing parts are empty; {@code local} is never taken from the wire). */
    public static BroadcastOptions decodeOptions(JsonNode o) {
        JsonNode f = o.path("flags");
        BroadcastOptions.Flags flags = BroadcastOptions.Flags.DEFAULT
                .withVolatile(f.path("volatile").asBoolean(false))
                .withCompress(!f.path("compress").isBoolean() || f.path("compress").booleanValue());
        if (f.path("timeout").isNumber()) flags = flags.withTimeout(Duration.ofMillis(f.path("timeout").asLong()));
        return new BroadcastOptions(strings(o.path("rooms")), strings(o.path("except")), flags);
    }

    /** The strings of a JSON array (empty when it is not one). */
    public static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        if (array.isArray()) for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    /**
     * The wire form of a socket in a {@code fetchSockets} answer: {@code {id, handshake, rooms, data}}, {@code data}
     * being the socket's data serialized with {@code mapper} ({@code {}}, as Node has it, when there is none or it
     * cannot be).
     */
    public static ObjectNode encodeSocket(RemoteSocket s, ObjectMapper mapper) {
        ObjectNode o = NODES.objectNode();
        o.put("id", s.id());
        Handshake h = s.handshake();
        if (h != null) {
            ObjectNode hs = o.putObject("handshake");
            ObjectNode headers = hs.putObject("headers");
            h.headers().forEach(headers::put);
            hs.put("time", h.time());
            hs.put("address", h.address());
            hs.put("xdomain", h.xdomain());
            hs.put("secure", h.secure());
            hs.put("issued", h.issued());
            hs.put("url", h.url());
            ObjectNode query = hs.putObject("query");
            h.query().forEach((k, v) -> {
                if (v.size() == 1) {
                    query.put(k, v.get(0));
                } else {
                    ArrayNode a = query.putArray(k);
                    v.forEach(a::add);
                }
            });
            hs.set("auth", h.auth() != null ? h.auth() : NODES.objectNode());
        }
        ArrayNode rooms = o.putArray("rooms");
        s.rooms().forEach(rooms::add);
        JsonNode data = dataTree(s.data(), mapper, s.id());
        // a Node socket's data is {} until set, and Node code reads it as an object (the admin UI destructures it)
        o.set("data", data != null ? data : NODES.objectNode());
        return o;
    }

    /** A socket's data as a JSON tree, or null when there is none or it cannot be serialized (logged). */
    public static JsonNode dataTree(Object data, ObjectMapper mapper, String socketId) {
        if (data == null) return null;
        if (data instanceof JsonNode j) return j;
        try {
            return mapper.valueToTree(data);
        } catch (IllegalArgumentException e) {
            log.warn("the data of socket {} ({}) cannot be serialized with the server's ObjectMapper, so other servers do "
                    + "not see it: {}", socketId, data.getClass().getName(), e.getMessage());
            return null;
        }
    }

    /** A socket from its wire form ({@link #encodeSocket}); its operations go through {@code adapter}. */
    public static RemoteSocket decodeSocket(Adapter adapter, JsonNode n) {
        JsonNode hs = n.path("handshake");
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hs.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            headers.put(e.getKey(), e.getValue().isArray() ? join(e.getValue()) : e.getValue().asText());
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = hs.path("query").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) e.getValue().forEach(v -> values.add(v.asText()));
            else values.add(e.getValue().asText());
            query.put(e.getKey(), List.copyOf(values));
        }
        Handshake handshake = new Handshake(headers, hs.path("time").asText(null), hs.path("address").asText(null),
                hs.path("xdomain").asBoolean(false), hs.path("secure").asBoolean(false), hs.path("issued").asLong(0),
                hs.path("url").asText(null), query, hs.has("auth") ? hs.get("auth") : NODES.objectNode(),
                adapter.context().mapper());
        JsonNode data = n.get("data");
        return new RemoteSocket(adapter, n.path("id").asText(), handshake, strings(n.path("rooms")),
                data == null || data.isNull() ? null : data);
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.asText()));
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------------------------------------- state

    private record AckRequest(IntConsumer clientCount, Consumer<ArrayNode> ack) {}

    /** A request waiting for {@code expected} answers; its lists are filled under its own lock. */
    private static final class Request {
        final int type;
        final int expected;
        final CompletableFuture<Void> future = new CompletableFuture<>();
        final List<Object> responses = new ArrayList<>();
        int received;
        volatile ScheduledFuture<?> timer;

        Request(int type, int expected) {
            this.type = type;
            this.expected = expected;
        }

        synchronized String timeoutMessage() {
            return "timeout reached: only " + received + " responses received out of " + expected;
        }

        synchronized <T> List<T> result(Class<T> type) {
            List<T> out = new ArrayList<>(responses.size());
            for (Object o : responses) out.add(type.cast(o));
            return List.copyOf(out);
        }

        void complete() {
            ScheduledFuture<?> t = timer;
            if (t != null) t.cancel(false);
            future.complete(null);
        }

        void fail(Throwable e) {
            ScheduledFuture<?> t = timer;
            if (t != null) t.cancel(false);
            future.completeExceptionally(e);
        }
    }
}
