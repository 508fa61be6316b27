package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.ClusterAdapter;
import io.enlace.adapter.InMemoryAdapter;
import io.enlace.adapter.LocalSocket;
import io.enlace.adapter.SocketInfo;
import io.enlace.internal.redis.RedisLink;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.msgpack.MsgpackException;
import io.enlace.msgpack.TimestampNode;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of one namespace in a Redis cluster, wire-compatible with the classic mode of Node's
 * {@code @socket.io/redis-adapter} 8.x (and fed by {@code @socket.io/redis-emitter}). Made by
 * {@link RedisAdapterFactory}.
 *
 * <p>Channels for namespace {@code nsp} and key {@code k}: broadcasts on {@code k#nsp#} (or {@code k#nsp#room#} for
 * exactly one room) as notepack msgpack {@code [uid, packet, {rooms, except, flags}]}, received through
 * {@code PSUBSCRIBE k#nsp#*}; requests on {@code k-request#nsp#}; responses on {@code k-response#nsp#} (and
 * {@code k-response#nsp#uid#}). Requests and responses are JSON, or msgpack when they carry binary (always for types 7
 * and 9); received ones are told apart by their first byte. Join, leave and disconnect are applied locally at once
 * and published; this server then ignores its own echo.
 */
public final class RedisAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(RedisAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final int SOCKETS = 0, ALL_ROOMS = 1, REMOTE_JOIN = 2, REMOTE_LEAVE = 3, REMOTE_DISCONNECT = 4, REMOTE_FETCH = 5,
            SERVER_SIDE_EMIT = 6, BROADCAST = 7, BROADCAST_CLIENT_COUNT = 8, BROADCAST_ACK = 9;

    private final RedisLink link;
    private final String uid;
    private final RedisAdapterOptions options;
    private final String channel;
    private final String requestChannel;
    private final String responseChannel;
    private final String specificResponseChannel;
    private final ObjectMapper mapper;
    private final Map<String, PendingRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private final AtomicBoolean publishFailureLogged = new AtomicBoolean();

    RedisAdapter(AdapterContext context, RedisLink link, String uid) {
        super(context);
        this.link = link;
        this.uid = uid;
        this.options = link.options();
        String nsp = context.name();
        this.channel = options.key() + "#" + nsp + "#";
        this.requestChannel = options.key() + "-request#" + nsp + "#";
        this.responseChannel = options.key() + "-response#" + nsp + "#";
        this.specificResponseChannel = responseChannel + uid + "#";
        this.mapper = context.mapper();
    }

    /** @return this server's uid */
    public String uid() { return uid; }

    @Override
    public CompletableFuture<Void> init() {
        link.psubscribe(channel + "*", this::onBroadcastMessage);
        link.subscribe(requestChannel, (c, m) -> onRequest(m));
        link.subscribe(responseChannel, (c, m) -> onResponse(m));
        link.subscribe(specificResponseChannel, (c, m) -> onResponse(m));
        return super.init();
    }

    @Override
    public CompletableFuture<Void> close() {
        link.unsubscribe(Set.of(requestChannel, responseChannel, specificResponseChannel), Set.of(channel + "*"));
        for (PendingRequest p : requests.values()) p.fail(new RedisUnavailableException("the adapter was closed", null));
        requests.clear();
        ackRequests.clear();
        return super.close();
    }

    /** Number of servers subscribed to this namespace's request channel ({@code PUBSUB NUMSUB}). */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return link.numsub(requestChannel);
    }

    // ---------------------------------------------------------------------------------------------- broadcasts

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            String target = opts.rooms().size() == 1 ? channel + opts.rooms().iterator().next() + "#" : channel;
            ArrayNode msg = NODES.arrayNode(3);
            msg.add(uid).add(wirePacket(packet)).add(ClusterAdapter.encodeOptions(opts, true));
            publish(target, MsgpackCodec.notepack().encode(msg), "broadcast");
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<ArrayNode> ack) {
        if (!opts.flags().local()) {
            String requestId = RedisAdapterFactory.randomId();
            ackRequests.put(requestId, new AckRequest(clientCountCallback, ack));
            ObjectNode req = NODES.objectNode();
            req.put("uid", uid).put("requestId", requestId).put("type", BROADCAST);
            req.set("packet", wirePacket(packet));
            req.set("opts", ClusterAdapter.encodeOptions(opts, true));
            publish(requestChannel, MsgpackCodec.notepack().encode(req), "broadcast with ack");
            Duration t = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
            context().scheduler().schedule(() -> ackRequests.remove(requestId), t.toMillis(), TimeUnit.MILLISECONDS);
        }
        super.broadcastWithAck(packet, opts, clientCountCallback, ack);
    }

    private ObjectNode wirePacket(Packet packet) {
        ObjectNode p = NODES.objectNode();
        p.put("type", PacketType.EVENT.code());
        p.set("data", packet.data());
        p.put("nsp", context().name());
        return p;
    }

    private void onBroadcastMessage(String ch, byte[] message) {
        if (!ch.startsWith(channel)) return;
        String room = ch.length() > channel.length() ? ch.substring(channel.length(), ch.length() - 1) : "";
        if (!room.isEmpty() && !rooms().containsKey(room)) return; // as Node: rooms this server does not hold
        JsonNode msg;
        try {
            msg = MsgpackCodec.decode(message);
        } catch (MsgpackException e) {
            log.warn("Ignoring an invalid broadcast on {}: {}", ch, e.getMessage());
            return;
        }
        if (!msg.isArray() || msg.size() < 2) return;
        if (uid.equals(msg.get(0).asText())) return;
        JsonNode packet = msg.get(1);
        String nsp = packet.path("nsp").isTextual() ? packet.get("nsp").textValue() : "/";
        if (!nsp.equals(context().name()) || !packet.path("data").isArray()) return;
        BroadcastOptions opts = ClusterAdapter.decodeOptions(msg.path(2));
        super.broadcast(new Packet(PacketType.EVENT, nsp, Packet.NO_ID, packet.get("data")), opts);
    }

    // ---------------------------------------------------------------------------------------------- rooms and sockets

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        super.addSockets(opts, rooms);
        if (opts.flags().local()) return;
        ObjectNode req = request(REMOTE_JOIN, null);
        req.set("opts", ClusterAdapter.encodeOptions(opts, false));
        ArrayNode r = req.putArray("rooms");
        rooms.forEach(r::add);
        publishRequest(req, "socketsJoin");
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        super.delSockets(opts, rooms);
        if (opts.flags().local()) return;
        ObjectNode req = request(REMOTE_LEAVE, null);
        req.set("opts", ClusterAdapter.encodeOptions(opts, false));
        ArrayNode r = req.putArray("rooms");
        rooms.forEach(r::add);
        publishRequest(req, "socketsLeave");
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        super.disconnectSockets(opts, close);
        if (opts.flags().local()) return;
        ObjectNode req = request(REMOTE_DISCONNECT, null);
        req.set("opts", ClusterAdapter.encodeOptions(opts, false));
        req.put("close", close);
        publishRequest(req, "disconnectSockets");
    }

    @Override
    public CompletableFuture<List<SocketInfo>> fetchSockets(BroadcastOptions opts) {
        List<SocketInfo> local = super.fetchSockets(opts).join();
        if (opts.flags().local()) return CompletableFuture.completedFuture(local);
        return serverCount().thenCompose(numSub -> {
            if (numSub <= 1) return CompletableFuture.completedFuture(local);
            ObjectNode req = request(REMOTE_FETCH, RedisAdapterFactory.randomId());
            req.set("opts", ClusterAdapter.encodeOptions(opts, false));
            PendingRequest p = new PendingRequest(REMOTE_FETCH, numSub - 1, "timeout reached while waiting for fetchSockets response");
            p.sockets.addAll(local);
            return send(req, p).thenApply(x -> List.copyOf(p.sockets));
        });
    }

    /**
     * The rooms of every server of the cluster (Node's {@code adapter.allRooms()}).
     *
     * @return the union of all rooms, socket-id rooms included
     */
    public CompletableFuture<Set<String>> allRooms() {
        Set<String> local = new LinkedHashSet<>(rooms().keySet());
        return serverCount().thenCompose(numSub -> {
            if (numSub <= 1) return CompletableFuture.completedFuture(local);
            PendingRequest p = new PendingRequest(ALL_ROOMS, numSub - 1, "timeout reached while waiting for allRooms response");
            p.names.addAll(local);
            return send(request(ALL_ROOMS, RedisAdapterFactory.randomId()), p).thenApply(x -> Set.copyOf(p.names));
        });
    }

    /**
     * The ids of the sockets in any of {@code rooms} (all when empty) on every server (what {@code io.allSockets()}
     * asks), with request type 0 (SOCKETS): Node's redis adapter 8.x answers it (its own {@code allSockets()} stays
     * local since 7.0, this one is cluster-wide as in earlier versions).
     *
     * @param rooms target rooms
     * @return the socket ids, this server's first
     */
    @Override
    public CompletableFuture<Set<String>> allSockets(Set<String> rooms) {
        Set<String> local = new LinkedHashSet<>(super.sockets(rooms).join());
        return serverCount().thenCompose(numSub -> {
            if (numSub <= 1) return CompletableFuture.completedFuture(local);
            ObjectNode req = request(SOCKETS, RedisAdapterFactory.randomId());
            ArrayNode r = req.putArray("rooms");
            rooms.forEach(r::add);
            PendingRequest p = new PendingRequest(SOCKETS, numSub - 1, "timeout reached while waiting for sockets response");
            p.names.addAll(local);
            return send(req, p).thenApply(x -> new LinkedHashSet<>(p.names));
        });
    }

    // ---------------------------------------------------------------------------------------------- server-side emit

    @Override
    public void serverSideEmit(ArrayNode eventAndArgs) {
        ObjectNode req = request(SERVER_SIDE_EMIT, null);
        req.set("data", eventAndArgs);
        publishRequest(req, "serverSideEmit");
    }

    @Override
    public CompletableFuture<List<ArrayNode>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout) {
        return serverCount().thenCompose(numSub -> {
            int expected = numSub - 1;
            if (expected <= 0) return CompletableFuture.completedFuture(List.<ArrayNode>of());
            ObjectNode req = request(SERVER_SIDE_EMIT, RedisAdapterFactory.randomId());
            req.set("data", eventAndArgs);
            PendingRequest p = new PendingRequest(SERVER_SIDE_EMIT, expected, null);
            p.timeout = timeout;
            return send(req, p).thenApply(x -> List.copyOf(p.acks));
        });
    }

    // ---------------------------------------------------------------------------------------------- requests

    private ObjectNode request(int type, String requestId) {
        ObjectNode req = NODES.objectNode();
        req.put("uid", uid);
        if (requestId != null) req.put("requestId", requestId);
        req.put("type", type);
        return req;
    }

    private CompletableFuture<Void> send(ObjectNode req, PendingRequest p) {
        String requestId = req.get("requestId").textValue();
        requests.put(requestId, p);
        Duration t = p.timeout != null ? p.timeout : options.requestsTimeout();
        p.timer = context().scheduler().schedule(() -> {
            if (requests.remove(requestId) != null) p.fail(p.timeoutError());
        }, t.toMillis(), TimeUnit.MILLISECONDS);
        link.publish(requestChannel, encode(req)).whenComplete((n, e) -> {
            if (e != null && requests.remove(requestId) != null) {
                p.fail(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return p.future;
    }

    private void publishRequest(ObjectNode req, String what) {
        publish(requestChannel, encode(req), what);
    }

    private void publish(String ch, byte[] bytes, String what) {
        link.publish(ch, bytes).whenComplete((n, e) -> {
            if (e == null) {
                publishFailureLogged.set(false);
            } else if (publishFailureLogged.compareAndSet(false, true)) {
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                log.warn("{} on namespace {} did not reach the other servers (further failures are not logged until "
                        + "Redis answers again): {}", what, context().name(), c.getMessage());
            }
        });
    }

    private byte[] encode(JsonNode message) {
        if (!hasBinary(message)) {
            try {
                return mapper.writeValueAsBytes(message);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return MsgpackCodec.notepack().encode(message);
    }

    static boolean hasBinary(JsonNode n) {
        if (n.isBinary() || n.isPojo() || n instanceof TimestampNode) return true;
        if (n.isContainerNode()) for (JsonNode c : n) if (hasBinary(c)) return true;
        return false;
    }

    private JsonNode decode(byte[] message) {
        try {
            return message.length > 0 && message[0] == '{' ? mapper.readTree(message) : MsgpackCodec.decode(message);
        } catch (IOException | MsgpackException e) {
            log.warn("Ignoring an invalid message on namespace {}: {}", context().name(), e.getMessage());
            return null;
        }
    }

    private void publishResponse(JsonNode request, ObjectNode response) {
        String ch = options.publishOnSpecificResponseChannel() && request.path("uid").isTextual()
                ? responseChannel + request.get("uid").textValue() + "#" : responseChannel;
        publish(ch, encode(response), "response");
    }

    private void onRequest(byte[] message) {
        JsonNode req = decode(message);
        if (req == null || !req.isObject()) return;
        int type = req.path("type").asInt(-1);
        String requestId = req.path("requestId").isTextual() ? req.get("requestId").textValue() : null;
        String from = req.path("uid").isTextual() ? req.get("uid").textValue() : null;
        boolean own = uid.equals(from);
        switch (type) {
            case SOCKETS -> {
                if (requestId == null || requests.containsKey(requestId)) return;
                ObjectNode res = NODES.objectNode().put("requestId", requestId);
                ArrayNode ids = res.putArray("sockets");
                super.sockets(ClusterAdapter.strings(req.path("rooms"))).join().forEach(ids::add);
                publishResponse(req, res);
            }
            case ALL_ROOMS -> {
                if (requestId == null || requests.containsKey(requestId)) return;
                ObjectNode res = NODES.objectNode().put("requestId", requestId);
                ArrayNode names = res.putArray("rooms");
                rooms().keySet().forEach(names::add);
                publishResponse(req, res);
            }
            case REMOTE_JOIN, REMOTE_LEAVE -> {
                if (req.has("opts")) {
                    if (own) return;
                    BroadcastOptions opts = ClusterAdapter.decodeOptions(req.get("opts"));
                    Set<String> rooms = ClusterAdapter.strings(req.path("rooms"));
                    if (type == REMOTE_JOIN) super.addSockets(opts, rooms); else super.delSockets(opts, rooms);
                } else { // legacy form: one socket, answered
                    LocalSocket s = context().socket(req.path("sid").asText(""));
                    if (s == null) return;
                    String room = req.path("room").asText();
                    if (type == REMOTE_JOIN) s.joinRooms(List.of(room)); else s.leaveRoom(room);
                    if (requestId != null) publishResponse(req, NODES.objectNode().put("requestId", requestId));
                }
            }
            case REMOTE_DISCONNECT -> {
                boolean close = req.path("close").asBoolean(false);
                if (req.has("opts")) {
                    if (own) return;
                    super.disconnectSockets(ClusterAdapter.decodeOptions(req.get("opts")), close);
                } else {
                    LocalSocket s = context().socket(req.path("sid").asText(""));
                    if (s == null) return;
                    s.disconnect(close);
                    if (requestId != null) publishResponse(req, NODES.objectNode().put("requestId", requestId));
                }
            }
            case REMOTE_FETCH -> {
                if (requestId == null || requests.containsKey(requestId)) return;
                ObjectNode res = NODES.objectNode().put("requestId", requestId);
                ArrayNode list = res.putArray("sockets");
                for (SocketInfo s : super.fetchSockets(ClusterAdapter.decodeOptions(req.path("opts"))).join()) list.add(ClusterAdapter.encodeSocket(s, mapper));
                publishResponse(req, res);
            }
            case SERVER_SIDE_EMIT -> {
                if (own || !req.path("data").isArray()) return;
                Consumer<ArrayNode> ack = null;
                if (requestId != null) {
                    AtomicBoolean sent = new AtomicBoolean();
                    ack = args -> {
                        if (!sent.compareAndSet(false, true)) return;
                        ObjectNode res = NODES.objectNode().put("type", SERVER_SIDE_EMIT).put("requestId", requestId);
                        if (args != null && !args.isEmpty()) res.set("data", args.get(0));
                        publish(responseChannel, encode(res), "serverSideEmit ack"); // always the shared channel, as Node
                    };
                }
                context().onServerSideEmit((ArrayNode) req.get("data"), ack);
            }
            case BROADCAST -> {
                if (requestId == null || ackRequests.containsKey(requestId)) return;
                JsonNode packet = req.path("packet");
                if (!packet.path("data").isArray()) return;
                Packet p = new Packet(PacketType.EVENT, context().name(), Packet.NO_ID, packet.get("data"));
                String ch = options.publishOnSpecificResponseChannel() && from != null ? responseChannel + from + "#" : responseChannel;
                // the count reaches the requester before any ack: InMemoryAdapter calls the count callback first
                super.broadcastWithAck(p, ClusterAdapter.decodeOptions(req.path("opts")),
                        count -> publish(ch, encode(NODES.objectNode().put("type", BROADCAST_CLIENT_COUNT)
                                .put("requestId", requestId).put("clientCount", count)), "broadcast client count"),
                        args -> {
                            ObjectNode res = NODES.objectNode().put("type", BROADCAST_ACK).put("requestId", requestId);
                            if (args != null && !args.isEmpty()) res.set("packet", args.get(0));
                            publish(ch, MsgpackCodec.notepack().encode(res), "broadcast ack");
                        });
            }
            default -> log.debug("Ignoring request type {} on namespace {}", type, context().name());
        }
    }

    private void onResponse(byte[] message) {
        JsonNode res = decode(message);
        if (res == null || !res.path("requestId").isTextual()) return;
        String requestId = res.get("requestId").textValue();
        AckRequest ack = ackRequests.get(requestId);
        if (ack != null) {
            int type = res.path("type").asInt(-1);
            if (type == BROADCAST_CLIENT_COUNT) {
                ack.clientCount.accept(res.path("clientCount").asInt(0));
            } else if (type == BROADCAST_ACK) {
                ArrayNode args = NODES.arrayNode();
                if (res.has("packet")) args.add(res.get("packet"));
                ack.ack.accept(args);
            }
            return;
        }
        PendingRequest p = requests.get(requestId);
        if (p == null) return;
        synchronized (p) {
            switch (p.type) {
                case SOCKETS -> res.path("sockets").forEach(n -> p.names.add(n.asText()));
                case ALL_ROOMS -> res.path("rooms").forEach(n -> p.names.add(n.asText()));
                case REMOTE_FETCH -> res.path("sockets").forEach(n -> p.sockets.add(ClusterAdapter.decodeSocket(n)));
                case SERVER_SIDE_EMIT -> {
                    ArrayNode args = NODES.arrayNode();
                    if (res.has("data")) args.add(res.get("data"));
                    p.acks.add(args);
                }
                default -> {
                    return;
                }
            }
            p.received++;
            if (p.received >= p.expected && requests.remove(requestId) != null) p.complete();
        }
    }

    // ---------------------------------------------------------------------------------------------- state

    private record AckRequest(IntConsumer clientCount, Consumer<ArrayNode> ack) {}
}
