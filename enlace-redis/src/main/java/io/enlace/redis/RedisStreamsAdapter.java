package io.enlace.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enlace.adapter.AdapterContext;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.ClusterAdapter;
import io.enlace.adapter.PersistedSession;
import io.enlace.adapter.RecoveredSession;
import io.enlace.internal.redis.RedisLink;
import io.enlace.internal.redis.StreamLink;
import io.enlace.msgpack.MsgpackCodec;
import io.enlace.msgpack.MsgpackException;
import io.lettuce.core.StreamMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The adapter of one namespace speaking the protocol of Node's {@code @socket.io/redis-streams-adapter} 0.3 (the
 * {@link ClusterAdapter} messages). Made by {@link RedisAdapterFactory} with {@link RedisAdapterOptions.Protocol#STREAMS}.
 *
 * <ul>
 *   <li>Broadcasts without ack, {@code socketsJoin}, {@code socketsLeave} and {@code disconnectSockets} are entries of the
 *       stream ({@code XADD <stream> MAXLEN ~ <maxLen> * uid <uid> nsp <nsp> type <n> data <json>}, {@code data} being
 *       base64 msgpack when it holds binary). Every server reads the stream ({@code XREAD BLOCK}), so what is written
 *       while a server is cut off reaches it when it is back.</li>
 *   <li>{@code fetchSockets}, {@code serverSideEmit} and broadcasts with ack are msgpack messages PUBLISHed on
 *       {@code <key>#<nsp>#}; responses on {@code <key>#<nsp>#<uid>#}. {@code serverCount} is {@code PUBSUB NUMSUB
 *       <key>#<nsp>#}. Node's 0.3 sends no heartbeat, and neither does this adapter.</li>
 *   <li>Connection state recovery: the offset of a packet is its stream entry id. A session that leaves is stored as
 *       {@code SET <sessionKeyPrefix><pid> base64(msgpack({sid, pid, rooms, data})) PX <maxDisconnectionDuration>}; a
 *       client that comes back with its pid and offset, to any server of the cluster (Java or Node), gets its session
 *       back ({@code GETDEL}) and the broadcasts of its namespace it missed, read from the stream after its offset.</li>
 * </ul>
 */
public final class RedisStreamsAdapter extends ClusterAdapter {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapter.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A stream entry id: milliseconds and sequence number, each an unsigned 64-bit integer. */
    private static final Pattern OFFSET = Pattern.compile("^[0-9]{1,19}-[0-9]{1,19}$");
    /** As Node: at most this many XRANGE calls to read the missed packets (each of {@link #RESTORE_BATCH} entries here). */
    static final int RESTORE_MAX_CALLS = 100;
    static final int RESTORE_BATCH = 1000;

    private final RedisLink link;
    private final StreamLink streams;
    private final RedisAdapterOptions options;
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final ObjectMapper mapper;
    private final Runnable writerDown = this::offsetsUnavailable;

    RedisStreamsAdapter(AdapterContext context, RedisLink link, StreamLink streams, String uid) {
        super(context, uid, link.options().requestsTimeout());
        this.link = link;
        this.streams = streams;
        this.options = link.options();
        this.stream = streamName(context.name(), options);
        this.publicChannel = options.key() + "#" + context.name() + "#";
        this.privateChannel = publicChannel + uid + "#";
        this.mapper = context.mapper();
    }

    /** The stream of namespace {@code nsp}: {@code streamName}, or with several streams {@code streamName-i}, as Node. */
    static String streamName(String nsp, RedisAdapterOptions options) {
        if (options.streamCount() == 1) return options.streamName();
        return options.streamName() + "-" + (nsp.hashCode() % options.streamCount()); // JavaScript's hashCode is Java's
    }

    /** @return the stream this namespace writes to and reads */
    public String stream() { return stream; }

    @Override
    public CompletableFuture<Void> init() {
        if (options.useShardedPubSub()) {
            link.ssubscribe(publicChannel, (c, m) -> onPubSub(m));
            link.ssubscribe(privateChannel, (c, m) -> onPubSub(m));
        } else {
            link.subscribe(publicChannel, (c, m) -> onPubSub(m));
            link.subscribe(privateChannel, (c, m) -> onPubSub(m));
        }
        streams.read(stream, context().name(), this::onEntry);
        streams.onWriterDown(writerDown);
        return super.init();
    }

    @Override
    public CompletableFuture<Void> close() {
        streams.removeWriterDown(writerDown);
        streams.unread(stream, context().name());
        if (options.useShardedPubSub()) link.sunsubscribe(Set.of(publicChannel, privateChannel));
        else link.unsubscribe(Set.of(publicChannel, privateChannel), Set.of());
        return super.close();
    }

    /** {@code PUBSUB NUMSUB <key>#<nsp>#} (SHARDNUMSUB with sharded Pub/Sub): the servers subscribed to this namespace. */
    @Override
    public CompletableFuture<Integer> serverCount() {
        return options.useShardedPubSub() ? link.shardNumsub(publicChannel) : link.numsub(publicChannel);
    }

    @Override
    protected Throwable timeoutError(String message) { return new ClusterTimeoutException(message); }

    @Override
    protected Throwable closedError() { return new RedisUnavailableException("the adapter was closed", null); }

    @Override
    protected boolean publishesOffsets() { return true; }

    @Override
    protected boolean offsetsAvailable() { return streams.writerConnected(); }

    // ---------------------------------------------------------------------------------------------- sending

    /** Requests that only servers up now must see go through Pub/Sub, as Node's {@code isEphemeral}. */
    private static boolean ephemeral(ObjectNode message) {
        int type = message.path("type").asInt();
        return type == FETCH_SOCKETS || type == SERVER_SIDE_EMIT || type == BROADCAST && message.path("data").has("requestId");
    }

    @Override
    protected CompletableFuture<String> doPublish(ObjectNode message) {
        if (ephemeral(message)) return publish(publicChannel, message).thenApply(n -> null);
        return streams.xadd(stream, fields(message));
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ObjectNode response) {
        return publish(publicChannel + requesterUid + "#", response).thenApply(n -> null);
    }

    private CompletableFuture<Long> publish(String channel, ObjectNode message) {
        byte[] payload = MsgpackCodec.notepack().encode(message);
        return options.useShardedPubSub() ? link.spublish(channel, payload) : link.publish(channel, payload);
    }

    /** The stream entry of a message: uid, nsp, type (decimal) and data (JSON, or base64 msgpack when it has binary). */
    Map<String, byte[]> fields(ObjectNode message) {
        Map<String, byte[]> f = new LinkedHashMap<>(8);
        f.put("uid", message.path("uid").asText().getBytes(StandardCharsets.UTF_8));
        f.put("nsp", message.path("nsp").asText().getBytes(StandardCharsets.UTF_8));
        int type = message.path("type").asInt();
        f.put("type", Integer.toString(type).getBytes(StandardCharsets.US_ASCII));
        JsonNode data = message.get("data");
        if (data != null && !data.isNull()) {
            boolean mayHaveBinary = type == BROADCAST || type == FETCH_SOCKETS_RESPONSE || type == SERVER_SIDE_EMIT
                    || type == SERVER_SIDE_EMIT_RESPONSE || type == BROADCAST_ACK;
            if (!options.onlyPlaintext() && mayHaveBinary && RedisAdapter.hasBinary(data)) {
                f.put("data", Base64.getEncoder().encode(MsgpackCodec.notepack().encode(data)));
            } else {
                try {
                    f.put("data", mapper.writeValueAsBytes(data));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot write the message as JSON: " + e.getMessage(), e);
                }
            }
        }
        return f;
    }

    // ---------------------------------------------------------------------------------------------- receiving

    private void onPubSub(byte[] payload) {
        JsonNode m;
        try {
            m = payload.length > 0 && payload[0] == '{' ? mapper.readTree(payload) : MsgpackCodec.decode(payload);
        } catch (IOException | MsgpackException e) {
            log.warn("Ignoring an invalid message on {}: {}", publicChannel, e.getMessage());
            return;
        }
        onMessage(m, null);
    }

    private void onEntry(String id, Map<String, byte[]> fields) {
        ObjectNode m = decodeEntry(id, fields);
        if (m != null) onMessage(m, id);
    }

    /** A stream entry as a message {@code {uid, nsp, type, data}}, or null (logged) when it is not one. */
    private ObjectNode decodeEntry(String id, Map<String, byte[]> fields) {
        byte[] nsp = fields.get("nsp");
        byte[] type = fields.get("type");
        if (nsp == null || type == null) return null;
        ObjectNode m = NODES.objectNode();
        byte[] uid = fields.get("uid");
        m.put("uid", uid == null ? "" : new String(uid, StandardCharsets.UTF_8));
        m.put("nsp", new String(nsp, StandardCharsets.UTF_8));
        try {
            m.put("type", Integer.parseInt(new String(type, StandardCharsets.US_ASCII).trim()));
            byte[] data = fields.get("data");
            if (data != null && data.length > 0) {
                m.set("data", data[0] == '{' ? mapper.readTree(data) : MsgpackCodec.decode(Base64.getDecoder().decode(data)));
            }
        } catch (IOException | MsgpackException | IllegalArgumentException e) {
            log.warn("Ignoring the invalid entry {} of stream {}: {}", id, stream, e.getMessage());
            return null;
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------- sessions

    @Override
    public void persistSession(PersistedSession session) {
        if (context().maxDisconnectionDuration() == null) return;
        ObjectNode s = NODES.objectNode();
        s.put("sid", session.sid());
        s.put("pid", session.pid());
        ArrayNode rooms = s.putArray("rooms");
        session.rooms().forEach(rooms::add);
        JsonNode data = dataTree(session.data(), mapper, session.sid());
        s.set("data", data == null ? NODES.nullNode() : data);
        byte[] value;
        try {
            value = Base64.getEncoder().encode(MsgpackCodec.notepack().encode(s));
        } catch (MsgpackException e) {
            log.warn("The session of socket {} cannot be stored (its data cannot be written as msgpack: {}); it will not be "
                    + "recovered", session.sid(), e.getMessage());
            return;
        }
        long px = context().maxDisconnectionDuration().toMillis();
        link.setPx(options.sessionKeyPrefix() + session.pid(), value, px).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("The session of socket {} could not be stored in Redis, it will not be recovered: {}", session.sid(),
                        e.getMessage());
            }
        });
    }

    @Override
    public CompletableFuture<RecoveredSession> restoreSession(String pid, String offset) {
        if (context().maxDisconnectionDuration() == null || pid == null || offset == null || !OFFSET.matcher(offset).matches()) {
            return CompletableFuture.completedFuture(null); // Node rejects: the client gets a new session
        }
        CompletableFuture<byte[]> stored = link.getdel(options.sessionKeyPrefix() + pid);
        CompletableFuture<List<StreamMessage<String, byte[]>>> exists = link.xrange(stream, offset, offset, 1);
        return stored.thenCombine(exists, (raw, at) -> {
            if (raw == null || at.isEmpty()) return null; // unknown or expired session, or the offset left the stream
            JsonNode s;
            try {
                s = MsgpackCodec.decode(Base64.getDecoder().decode(raw));
            } catch (MsgpackException | IllegalArgumentException e) {
                log.warn("Ignoring the invalid session {}: {}", pid, e.getMessage());
                return null;
            }
            return s.isObject() && s.path("sid").isTextual() ? (ObjectNode) s : null;
        }).thenCompose(s -> {
            if (s == null) return CompletableFuture.completedFuture(null);
            Set<String> rooms = strings(s.path("rooms"));
            List<ArrayNode> missed = new ArrayList<>();
            return readMissed(rooms, offset, missed, 0).thenApply(v -> {
                JsonNode data = s.get("data");
                return new RecoveredSession(s.get("sid").textValue(), s.path("pid").asText(pid), rooms,
                        data == null || data.isNull() ? null : data, missed);
            });
        });
    }

    /** Reads the stream after {@code offset}, keeping the broadcasts of this namespace that {@code rooms} should get. */
    private CompletableFuture<Void> readMissed(Set<String> rooms, String offset, List<ArrayNode> missed, int calls) {
        if (calls >= RESTORE_MAX_CALLS) {
            log.warn("Namespace {}: stopped reading the missed packets of a session after {} entries; the client may lack "
                    + "later ones", context().name(), (long) RESTORE_MAX_CALLS * RESTORE_BATCH);
            return CompletableFuture.completedFuture(null);
        }
        return link.xrange(stream, nextOffset(offset), "+", RESTORE_BATCH).thenCompose(entries -> {
            if (entries.isEmpty()) return CompletableFuture.completedFuture(null);
            String last = offset;
            for (StreamMessage<String, byte[]> e : entries) {
                last = e.getId();
                byte[] nsp = e.getBody().get("nsp");
                byte[] type = e.getBody().get("type");
                if (nsp == null || type == null || !context().name().equals(new String(nsp, StandardCharsets.UTF_8))
                        || !"3".equals(new String(type, StandardCharsets.US_ASCII))) {
                    continue;
                }
                ObjectNode m = decodeEntry(e.getId(), e.getBody());
                if (m == null) continue;
                JsonNode data = m.path("data");
                JsonNode packetData = data.path("packet").path("data");
                if (!packetData.isArray() || data.has("requestId")) continue;
                if (!shouldInclude(rooms, decodeOptions(data.path("opts")))) continue;
                ArrayNode withOffset = (ArrayNode) packetData;
                withOffset.add(e.getId());
                missed.add(withOffset);
            }
            if (entries.size() < RESTORE_BATCH) return CompletableFuture.completedFuture(null);
            return readMissed(rooms, last, missed, calls + 1);
        });
    }

    /** The id right after {@code offset} ({@code ms-(seq+1)}), as Node (exclusive ranges need Redis 6.2). */
    static String nextOffset(String offset) {
        int dash = offset.indexOf('-');
        return offset.substring(0, dash) + "-" + (Long.parseUnsignedLong(offset.substring(dash + 1)) + 1);
    }

    /** Node's {@code shouldIncludePacket}: to everyone or one of the session's rooms, and to none it is excluded from. */
    static boolean shouldInclude(Set<String> sessionRooms, BroadcastOptions opts) {
        boolean included = opts.rooms().isEmpty();
        for (String r : sessionRooms) {
            if (opts.except().contains(r)) return false;
            if (opts.rooms().contains(r)) included = true;
        }
        return included;
    }
}
