package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.Args;
import io.enlace.RemoteSocket;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.InMemoryAdapter;
import io.enlace.internal.redis.RedisLink;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.msgpack.MsgpackException;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The adapter of one namespace speaking the sharded protocol of Node's {@code createShardedAdapter}
 * ({@code @socket.io/redis-adapter} 8.x, Redis 7+): the ClusterAdapter messages {@code {type, data, uid, nsp}} of
 * {@code socket.io-adapter} 2.5, SPUBLISHed on {@code <key>#<nsp>#}, on {@code <key>#<nsp>#<room>#} for a broadcast to
 * one room (dynamic modes) and on {@code <key>#<nsp>#<uid>#} for responses. JSON, or msgpack when a message that may
 * carry binary does. Made by {@link RedisAdapterFactory} when {@link RedisAdapterOptions#sharded()} is set.
 */
public final class ShardedRedisAdapter extends InMemoryAdapter {
    private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final int BROADCAST = 3, SOCKETS_JOIN = 4, SOCKETS_LEAVE = 5, DISCONNECT_SOCKETS = 6, FETCH_SOCKETS = 7,
            FETCH_SOCKETS_RESPONSE = 8, SERVER_SIDE_EMIT = 9, SERVER_SIDE_EMIT_RESPONSE = 10, BROADCAST_CLIENT_COUNT = 11,
            BROADCAST_ACK = 12;

    private final RedisLink link;
    private final String uid;
    private final RedisAdapterOptions options;
    private final String channel;
    private final String responseChannel;
    private final ObjectMapper mapper;
    private final Map<String, PendingRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
    private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean publishFailureLogged = new AtomicBoolean();

    ShardedRedisAdapter(AdapterContext context, RedisLink link, String uid) {
        super(context);
        this.link = link;
        this.uid = uid;
        this.options = link.options();
        this.channel = options.key() + "#" + context.name() + "#";
        this.responseChannel = channel + uid + "#";
        this.mapper = context.mapper();
    }

    /** @return this server's uid (16 hex digits) */
    public String uid() { return uid; }

    @Override
    public CompletableFuture<Void> init() {
        link.ssubscribe(channel, (c, m) -> onRawMessage(m));
        link.ssubscribe(responseChannel, (c, m) -> onRawMessage(m));
        if (options.subscriptionMode() != RedisAdapterOptions.SubscriptionMode.STATIC) {
            onCreateRoom(room -> {
                if (!isPublic(room)) return;
                String ch = channel + room + "#";
                if (roomChannels.add(ch)) link.ssubscribe(ch, (c, m) -> onRawMessage(m));
            });
            onDeleteRoom(room -> {
                String ch = channel + room + "#";
                if (roomChannels.remove(ch)) link.sunsubscribe(Set.of(ch));
            });
        }
        return super.init();
    }

    private boolean isPublic(String room) {
        return options.subscriptionMode() == RedisAdapterOptions.SubscriptionMode.DYNAMIC_PRIVATE || sids().get(room) == null;
    }

    @Override
    public CompletableFuture<Void> close() {
        Set<String> all = new java.util.HashSet<>(roomChannels);
        all.add(channel);
        all.add(responseChannel);
        link.sunsubscribe(all);
        roomChannels.clear();
        for (PendingRequest p : requests.values()) p.fail(new RedisUnavailableException("the adapter was closed", null));
        requests.clear();
        ackRequests.clear();
        return super.close();
    }

    /** {@code PUBSUB SHARDNUMSUB <key>#<nsp>#}. */
    @Override
    public CompletableFuture<Integer> serverCount() { return link.shardNumsub(channel); }

    // ---------------------------------------------------------------------------------------------- sending

    private ObjectNode message(int type, ObjectNode data) {
        ObjectNode m = NODES.objectNode();
        m.put("type", type);
        if (data != null) m.set("data", data);
        m.put("uid", uid);
        m.put("nsp", context().name());
        return m;
    }

    private byte[] encode(ObjectNode message) {
        int type = message.path("type").asInt();
        boolean mayHaveBinary = type == BROADCAST || type == BROADCAST_ACK || type == FETCH_SOCKETS_RESPONSE
                || type == SERVER_SIDE_EMIT || type == SERVER_SIDE_EMIT_RESPONSE;
        if (mayHaveBinary && RedisAdapter.hasBinary(message)) return MsgpackCodec.notepack().encode(message);
        try {
            return mapper.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Long> publish(String ch, ObjectNode message, String what) {
        CompletableFuture<Long> f = link.spublish(ch, encode(message));
        f.whenComplete((n, e) -> {
            if (e == null) {
                publishFailureLogged.set(false);
            } else if (publishFailureLogged.compareAndSet(false, true)) {
                log.warn("{} on namespace {} did not reach the other servers (further failures are not logged until "
                        + "Redis answers again): {}", what, context().name(), unwrap(e).getMessage());
            }
        });
        return f;
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

    @Override
    public void broadcast(Packet packet, BroadcastOptions opts) {
        if (!opts.flags().local()) {
            ObjectNode data = NODES.objectNode();
            data.set("packet", wirePacket(packet));
            data.set("opts", RedisAdapter.wireOpts(opts, true));
            String ch = channel;
            if (options.subscriptionMode() != RedisAdapterOptions.SubscriptionMode.STATIC && opts.rooms().size() == 1) {
                String room = opts.rooms().iterator().next();
                if (options.subscriptionMode() == RedisAdapterOptions.SubscriptionMode.DYNAMIC_PRIVATE || room.length() != 20) {
                    ch = channel + room + "#";
                }
            }
            publish(ch, message(BROADCAST, data), "broadcast");
        }
        super.broadcast(packet, opts);
    }

    @Override
    public void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCountCallback, Consumer<ArrayNode> ack) {
        if (!opts.flags().local()) {
            String requestId = RedisAdapterFactory.randomHex();
            ackRequests.put(requestId, new AckRequest(clientCountCallback, ack));
            ObjectNode data = NODES.objectNode();
            data.set("packet", wirePacket(packet));
            data.put("requestId", requestId);
            data.set("opts", RedisAdapter.wireOpts(opts, true));
            publish(channel, message(BROADCAST, data), "broadcast with ack");
            Duration t = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
            context().scheduler().schedule(() -> ackRequests.remove(requestId), t.toMillis(), TimeUnit.MILLISECONDS);
        }
        super.broadcastWithAck(packet, opts, clientCountCallback, ack);
    }

    @Override
    public void addSockets(BroadcastOptions opts, Set<String> rooms) {
        super.addSockets(opts, rooms);
        if (!opts.flags().local()) publish(channel, message(SOCKETS_JOIN, roomsData(opts, rooms)), "socketsJoin");
    }

    @Override
    public void delSockets(BroadcastOptions opts, Set<String> rooms) {
        super.delSockets(opts, rooms);
        if (!opts.flags().local()) publish(channel, message(SOCKETS_LEAVE, roomsData(opts, rooms)), "socketsLeave");
    }

    private static ObjectNode roomsData(BroadcastOptions opts, Set<String> rooms) {
        ObjectNode data = NODES.objectNode();
        data.set("opts", RedisAdapter.wireOpts(opts, true));
        ArrayNode r = data.putArray("rooms");
        rooms.forEach(r::add);
        return data;
    }

    @Override
    public void disconnectSockets(BroadcastOptions opts, boolean close) {
        super.disconnectSockets(opts, close);
        if (opts.flags().local()) return;
        ObjectNode data = NODES.objectNode();
        data.set("opts", RedisAdapter.wireOpts(opts, true));
        data.put("close", close);
        publish(channel, message(DISCONNECT_SOCKETS, data), "disconnectSockets");
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets(BroadcastOptions opts) {
        List<RemoteSocket> local = super.fetchSockets(opts).join();
        if (opts.flags().local()) return CompletableFuture.completedFuture(local);
        return fetchRemote(opts, local);
    }

    /**
     * The ids of the sockets in any of {@code rooms} (all when empty) on every server. The ClusterAdapter protocol has
     * no request for ids alone (Node's sharded adapter answers {@code allSockets()} with its own sockets only), so the
     * other servers are asked with FETCH_SOCKETS, which Node nodes answer too, and only the ids are kept.
     */
    @Override
    public CompletableFuture<Set<String>> allSockets(Set<String> rooms) {
        Set<String> local = new java.util.LinkedHashSet<>(super.sockets(rooms).join());
        return fetchRemote(BroadcastOptions.toRooms(rooms), List.of()).thenApply(remote -> {
            for (RemoteSocket s : remote) local.add(s.id());
            return local;
        });
    }

    /** {@code local} followed by the sockets matching {@code opts} on the other servers. */
    private CompletableFuture<List<RemoteSocket>> fetchRemote(BroadcastOptions opts, List<RemoteSocket> local) {
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) return CompletableFuture.completedFuture(local);
            String requestId = RedisAdapterFactory.randomHex();
            ObjectNode data = NODES.objectNode();
            data.set("opts", RedisAdapter.wireOpts(opts, true));
            data.put("requestId", requestId);
            PendingRequest p = new PendingRequest(FETCH_SOCKETS, expected, null);
            p.sockets.addAll(local);
            Duration t = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestsTimeout();
            return send(requestId, message(FETCH_SOCKETS, data), p, t).thenApply(x -> List.copyOf(p.sockets));
        });
    }

    @Override
    public void serverSideEmit(ArrayNode eventAndArgs) {
        ObjectNode data = NODES.objectNode();
        data.set("packet", eventAndArgs);
        publish(channel, message(SERVER_SIDE_EMIT, data), "serverSideEmit");
    }

    @Override
    public CompletableFuture<List<Args>> serverSideEmitWithAck(ArrayNode eventAndArgs, Duration timeout) {
        return serverCount().thenCompose(count -> {
            int expected = count - 1;
            if (expected <= 0) return CompletableFuture.completedFuture(List.<Args>of());
            String requestId = RedisAdapterFactory.randomHex();
            ObjectNode data = NODES.objectNode();
            data.put("requestId", requestId);
            data.set("packet", eventAndArgs);
            PendingRequest p = new PendingRequest(SERVER_SIDE_EMIT, expected, null);
            return send(requestId, message(SERVER_SIDE_EMIT, data), p, timeout != null ? timeout : options.requestsTimeout())
                    .thenApply(x -> List.copyOf(p.acks));
        });
    }

    private CompletableFuture<Void> send(String requestId, ObjectNode message, PendingRequest p, Duration timeout) {
        requests.put(requestId, p);
        p.timer = context().scheduler().schedule(() -> {
            if (requests.remove(requestId) != null) p.fail(p.timeoutError());
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        publish(channel, message, "request").whenComplete((n, e) -> {
            if (e != null && requests.remove(requestId) != null) p.fail(unwrap(e));
        });
        return p.future;
    }

    private void publishResponse(String requesterUid, int type, ObjectNode data) {
        publish(channel + requesterUid + "#", message(type, data), "response");
    }

    // ---------------------------------------------------------------------------------------------- receiving

    private void onRawMessage(byte[] raw) {
        JsonNode m;
        try {
            m = raw.length > 0 && raw[0] == '{' ? mapper.readTree(raw) : MsgpackCodec.decode(raw);
        } catch (IOException | MsgpackException e) {
            log.warn("Ignoring an invalid message on namespace {}: {}", context().name(), e.getMessage());
            return;
        }
        if (m == null || !m.isObject()) return;
        String from = m.path("uid").asText("");
        if (uid.equals(from) || !context().name().equals(m.path("nsp").asText(null))) return;
        int type = m.path("type").asInt(-1);
        JsonNode data = m.path("data");
        switch (type) {
            case BROADCAST -> {
                JsonNode packet = data.path("packet");
                if (!packet.path("data").isArray()) return;
                Packet p = new Packet(PacketType.EVENT, context().name(), Packet.NO_ID, packet.get("data"));
                BroadcastOptions opts = RedisAdapter.fromWire(data.path("opts"));
                if (data.path("requestId").isTextual()) {
                    String requestId = data.get("requestId").textValue();
                    RedisAdapter.CountFirst order = new RedisAdapter.CountFirst();
                    super.broadcastWithAck(p, opts,
                            count -> order.count(() -> publishResponse(from, BROADCAST_CLIENT_COUNT,
                                    NODES.objectNode().put("requestId", requestId).put("clientCount", count))),
                            args -> {
                                ObjectNode d = NODES.objectNode().put("requestId", requestId);
                                if (args != null && !args.isEmpty()) d.set("packet", args.get(0));
                                order.ack(() -> publishResponse(from, BROADCAST_ACK, d));
                            });
                } else {
                    super.broadcast(p, opts);
                }
            }
            case SOCKETS_JOIN -> super.addSockets(RedisAdapter.fromWire(data.path("opts")), RedisAdapter.strings(data.path("rooms")));
            case SOCKETS_LEAVE -> super.delSockets(RedisAdapter.fromWire(data.path("opts")), RedisAdapter.strings(data.path("rooms")));
            case DISCONNECT_SOCKETS -> super.disconnectSockets(RedisAdapter.fromWire(data.path("opts")), data.path("close").asBoolean(false));
            case FETCH_SOCKETS -> {
                ObjectNode d = NODES.objectNode().put("requestId", data.path("requestId").asText());
                ArrayNode list = d.putArray("sockets");
                for (RemoteSocket s : super.fetchSockets(RedisAdapter.fromWire(data.path("opts"))).join()) {
                    list.add(RedisAdapter.serialize(s, mapper));
                }
                publishResponse(from, FETCH_SOCKETS_RESPONSE, d);
            }
            case SERVER_SIDE_EMIT -> {
                if (!data.path("packet").isArray()) return;
                Consumer<ArrayNode> ack = null;
                if (data.path("requestId").isTextual()) {
                    String requestId = data.get("requestId").textValue();
                    AtomicBoolean sent = new AtomicBoolean();
                    ack = args -> {
                        if (!sent.compareAndSet(false, true)) return;
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
        PendingRequest p = requests.get(requestId);
        if (p == null) return;
        synchronized (p) {
            if (type == FETCH_SOCKETS_RESPONSE && p.type == FETCH_SOCKETS) {
                data.path("sockets").forEach(n -> p.sockets.add(RedisAdapter.remoteSocket(this, n)));
            } else if (type == SERVER_SIDE_EMIT_RESPONSE && p.type == SERVER_SIDE_EMIT) {
                ArrayNode args = NODES.arrayNode();
                if (data.has("packet")) args.add(data.get("packet"));
                p.acks.add(new Args(args, mapper));
            } else {
                return;
            }
            p.received++;
            if (p.received >= p.expected && requests.remove(requestId) != null) p.complete();
        }
    }

    private record AckRequest(IntConsumer clientCount, Consumer<ArrayNode> ack) {}
}
