package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.ClusterAdapter;
import io.enlace.internal.redis.RedisLink;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.msgpack.MsgpackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter of one namespace speaking the sharded protocol of Node's {@code createShardedAdapter}
 * ({@code @socket.io/redis-adapter} 8.x, Redis 7+): the {@link ClusterAdapter} messages {@code {type, data, uid, nsp}},
 * SPUBLISHed on {@code <key>#<nsp>#}, on {@code <key>#<nsp>#<room>#} for a broadcast to one room (dynamic modes) and on
 * {@code <key>#<nsp>#<uid>#} for responses. JSON, or msgpack when a message that may carry binary does. Made by
 * {@link RedisAdapterFactory} when {@link RedisAdapterOptions#sharded()} is set.
 */
public final class ShardedRedisAdapter extends ClusterAdapter {
    private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);

    private final RedisLink link;
    private final RedisAdapterOptions options;
    private final String channel;
    private final String responseChannel;
    private final ObjectMapper mapper;
    private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();

    ShardedRedisAdapter(AdapterContext context, RedisLink link, String uid) {
        super(context, uid, link.options().requestsTimeout());
        this.link = link;
        this.options = link.options();
        this.channel = options.key() + "#" + context.name() + "#";
        this.responseChannel = channel + uid + "#";
        this.mapper = context.mapper();
    }

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
        Set<String> all = new HashSet<>(roomChannels);
        all.add(channel);
        all.add(responseChannel);
        link.sunsubscribe(all);
        roomChannels.clear();
        return super.close();
    }

    /** {@code PUBSUB SHARDNUMSUB <key>#<nsp>#}. */
    @Override
    public CompletableFuture<Integer> serverCount() { return link.shardNumsub(channel); }

    @Override
    protected Throwable timeoutError(String message) { return new ClusterTimeoutException(message); }

    @Override
    protected Throwable closedError() { return new RedisUnavailableException("the adapter was closed", null); }

    // ---------------------------------------------------------------------------------------------- transport

    @Override
    protected CompletableFuture<String> doPublish(ObjectNode message) {
        return link.spublish(computeChannel(message), encode(message)).thenApply(n -> null);
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ObjectNode response) {
        return link.spublish(channel + requesterUid + "#", encode(response)).thenApply(n -> null);
    }

    /** A broadcast without ack to exactly one room goes to that room's channel (dynamic modes), the rest to the main one. */
    private String computeChannel(ObjectNode message) {
        if (options.subscriptionMode() == RedisAdapterOptions.SubscriptionMode.STATIC || message.path("type").asInt() != BROADCAST) {
            return channel;
        }
        JsonNode data = message.path("data");
        if (data.has("requestId")) return channel;
        JsonNode rooms = data.path("opts").path("rooms");
        if (rooms.size() != 1) return channel;
        String room = rooms.get(0).asText();
        boolean privateRoom = room.length() == 20; // looks like a socket id
        return options.subscriptionMode() == RedisAdapterOptions.SubscriptionMode.DYNAMIC_PRIVATE || !privateRoom
                ? channel + room + "#" : channel;
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

    private void onRawMessage(byte[] raw) {
        JsonNode m;
        try {
            m = raw.length > 0 && raw[0] == '{' ? mapper.readTree(raw) : MsgpackCodec.decode(raw);
        } catch (IOException | MsgpackException e) {
            log.warn("Ignoring an invalid message on namespace {}: {}", context().name(), e.getMessage());
            return;
        }
        onMessage(m, null);
    }
}
