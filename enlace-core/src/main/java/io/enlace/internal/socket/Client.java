package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enlace.DisconnectReason;
import io.enlace.Handshake;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.engine.Session;
import io.enlace.internal.engine.SessionOwner;
import io.enlace.parser.Packet;
import io.enlace.parser.PacketType;
import io.enlace.parser.ParseException;
import io.enlace.parser.Parser;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One Engine.IO connection and its namespace sockets (Node's {@code Client}): decodes packets and routes them by
 * namespace, enforcing the protocol-state rules. The only class that sees both the engine and Socket.IO.
 */
final class Client implements SessionOwner {
    private static final Logger log = LoggerFactory.getLogger(Client.class);
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.ROOT);

    private final RealServer server;
    private final Session conn;
    private final Parser.Decoder decoder;
    private final ClientProtocol protocol; // the rules of the client's Socket.IO revision
    // namespace name -> socket: an immutable map replaced on change under this (almost always 1 entry)
    private volatile Map<String, RealSocket> nsps = Map.of();
    private volatile ScheduledFuture<?> connectTimer;
    private volatile boolean closed;
    // inbound backpressure (maxPendingInboundBytes): bytes of decoded packets not yet handled by their socket
    private static final AtomicLongFieldUpdater<Client> PENDING =
            AtomicLongFieldUpdater.newUpdater(Client.class, "pendingInbound");
    private volatile long pendingInbound;
    private volatile boolean inboundPaused; // written on the connection's loop
    private long partialWeight; // the messages of a binary packet received so far (connection's loop)

    Client(RealServer server, Session conn) {
        this.server = server;
        this.conn = conn;
        this.decoder = server.options().parser().newDecoder();
        this.protocol = ClientProtocol.of(conn.protocol());
        conn.owner(this); // one reference instead of three listener objects per connection
        long timeout = server.options().connectTimeout();
        if (timeout > 0) {
            connectTimer = conn.eventLoop().schedule(() -> {
                if (nsps.isEmpty() && !closed) {
                    log.debug("no namespace joined within {} ms, closing {}", timeout, conn.id());
                    close();
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }
        if (protocol.connectsMainImplicitly()) {
            // Node's Server.onconnection: client.connect("/") for a v3 session. In a task of its own, after the engine
            // opened the session: the CONNECT reply follows the open packet and is not part of a polling handshake answer
            conn.eventLoop().execute(() -> {
                if (!closed) connect("/", null);
            });
        }
    }

    /** The rules of the Socket.IO revision this client speaks. */
    ClientProtocol protocol() { return protocol; }

    @Override
    public void onEngineMessage(Object message) { onData(message); }

    @Override
    public void onEngineError(Throwable error) { log.debug("transport error on {}", conn.id(), error); }

    @Override
    public void onEngineClose(CloseReason reason, String description) { onClose(map(reason), description); }

    private static DisconnectReason map(CloseReason reason) {
        DisconnectReason r = reason == null ? null : DisconnectReason.of(reason.reason());
        return r == null ? DisconnectReason.TRANSPORT_CLOSE : r;
    }

    EngineSocket conn() { return conn; }

    boolean open() { return !closed && conn.readyState() == EngineSocket.ReadyState.OPEN; }

    /** The handshake of a socket created at {@code now} (ms) with this CONNECT {@code auth} (null: {@code {}}). */
    Handshake handshake(JsonNode auth, long now) {
        SocketAddress addr = conn.remoteAddress();
        String address = addr instanceof InetSocketAddress ia
                ? (ia.getAddress() != null ? ia.getAddress().getHostAddress() : ia.getHostString())
                : String.valueOf(addr);
        String time = jsTime(now);
        Map<String, List<String>> query = conn.query() == null ? Map.of() : conn.query();
        JsonNode a = auth == null || !auth.isObject() ? JsonNodeFactory.instance.objectNode() : auth;
        Map<String, String> headers = HeaderMap.of(conn.requestHeaders());
        return new Handshake(headers, time, address, headers.containsKey("origin"), conn.secure(), now, conn.url(), query, a,
                server.options().objectMapper());
    }

    /** The last second formatted and its text: sockets created within the same second share one string. */
    private record FormattedSecond(long second, String text) {}

    private static volatile FormattedSecond lastTime = new FormattedSecond(Long.MIN_VALUE, "");

    /** {@code Date.toString()}-style text of this instant (local time zone), cached per second. */
    private static String jsTime(long epochMs) {
        long second = Math.floorDiv(epochMs, 1000);
        FormattedSecond last = lastTime;
        if (last.second() == second) return last.text();
        String text = JS_DATE.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(epochMs),
                ZoneId.systemDefault()));
        lastTime = new FormattedSecond(second, text);
        return text;
    }

    // ---------------------------------------------------------------- incoming

    private void onData(Object message) {
        if (closed) return;
        long weight = partialWeight + (message instanceof String t ? t.length() : ((byte[]) message).length);
        Packet packet;
        try {
            packet = decoder.add(message);
        } catch (ParseException e) {
            log.debug("invalid packet from {}: {}", conn.id(), e.getMessage());
            onClose(DisconnectReason.PARSE_ERROR, e.getMessage());
            conn.close();
            return;
        } catch (RuntimeException e) {
            log.debug("invalid packet from {}", conn.id(), e);
            onClose(DisconnectReason.PARSE_ERROR, String.valueOf(e.getMessage()));
            conn.close();
            return;
        }
        if (packet == null) {
            partialWeight = weight; // a binary packet waits for its attachments
            return;
        }
        partialWeight = 0;
        onDecoded(packet, weight);
    }

    private void onDecoded(Packet packet, long weight) {
        String nsp = protocol.namespace(packet.nsp());
        RealSocket socket = nsps.get(nsp);
        PacketType type = packet.type();
        if (socket == null && type == PacketType.CONNECT) {
            connect(nsp, protocol.connectAuth(packet.nsp(), packet.data()));
        } else if (socket != null && type != PacketType.CONNECT && type != PacketType.CONNECT_ERROR) {
            socket.onPacket(packet, weight);
        } else {
            log.debug("invalid state (packet type {} for {}), closing {}", type, nsp, conn.id());
            close();
        }
    }

    /** {@code auth}: the CONNECT's auth ({@link ClientProtocol#connectAuth}), null when it had none ({@code {}} is made when asked for). */
    private void connect(String name, JsonNode auth) {
        RealNamespace nsp = server.namespaceFor(name, auth);
        if (nsp == null) {
            JsonNode err = ClientProtocol.invalidNamespace();
            write(server.options().parser().encode(new Packet(PacketType.CONNECT_ERROR, name, Packet.NO_ID, err)),
                    BroadcastOptions.Flags.DEFAULT);
            return;
        }
        nsp.add(this, auth);
    }

    // ---------------------------------------------------------------- inbound backpressure

    /**
     * {@code bytes} of a packet wait to be handled (in the socket's queue on the executor, the connect task first):
     * past {@code maxPendingInboundBytes} the engine stops reading this connection. The connection's loop.
     */
    void inboundQueued(long bytes) {
        long pending = PENDING.addAndGet(this, bytes);
        long max = server.options().engine().maxPendingInboundBytes();
        if (!inboundPaused && pending > max) {
            inboundPaused = true;
            conn.pauseInbound(true);
            // the handlers may have caught up before they could see the pause: look again
            if (PENDING.get(this) <= max / 2) resumeInbound();
        }
    }

    /** {@code bytes} queued earlier were handled: reading resumes below half the bound. Any thread. */
    void inboundHandled(long bytes) {
        long pending = PENDING.addAndGet(this, -bytes);
        if (inboundPaused && pending <= server.options().engine().maxPendingInboundBytes() / 2) {
            EventLoop loop = conn.eventLoop();
            if (loop.inEventLoop()) {
                resumeInbound();
            } else {
                try {
                    loop.execute(this::resumeInbound);
                } catch (RejectedExecutionException shuttingDown) {
                    // nothing left to resume
                }
            }
        }
    }

    private void resumeInbound() {
        if (inboundPaused && PENDING.get(this) <= server.options().engine().maxPendingInboundBytes() / 2) {
            inboundPaused = false;
            conn.pauseInbound(false);
        }
    }

    // ---------------------------------------------------------------- sockets

    /**
     * A socket is connecting (its connect task): packets for its namespace are routed to it from now on. False when the
     * connection is closed; the check and the closing sweep ({@link #onClose}) hold the same monitor, so a socket is
     * either refused here or closed by the sweep, never left behind.
     */
    boolean register(RealSocket socket) {
        synchronized (this) {
            if (closed) return false;
            if (nsps.isEmpty()) {
                nsps = Map.of(socket.nsp().name(), socket); // the usual case: one namespace per connection
            } else {
                Map<String, RealSocket> copy = new HashMap<>(nsps);
                copy.put(socket.nsp().name(), socket);
                nsps = Map.copyOf(copy);
            }
        }
        ScheduledFuture<?> t = connectTimer;
        if (t != null) {
            t.cancel(false);
            connectTimer = null;
        }
        return true;
    }

    void unregister(RealSocket socket) {
        synchronized (this) {
            String name = socket.nsp().name();
            if (nsps.get(name) != socket) return;
            if (nsps.size() == 1) {
                nsps = Map.of();
                return;
            }
            Map<String, RealSocket> copy = new HashMap<>(nsps);
            copy.remove(name);
            nsps = Map.copyOf(copy);
        }
    }

    // ---------------------------------------------------------------- outgoing

    void write(List<Object> encoded, BroadcastOptions.Flags flags) {
        if (closed || conn.readyState() != EngineSocket.ReadyState.OPEN) return;
        if (flags.volatile_() && !conn.writable()) return;
        conn.sendAll(encoded, flags.compress());
    }

    // ---------------------------------------------------------------- closing

    /** {@code socket.disconnect(true)}: every socket leaves, then the connection closes. */
    void disconnectAll() {
        for (RealSocket s : new ArrayList<>(nsps.values())) s.disconnect(false);
        synchronized (this) { nsps = Map.of(); }
        close();
    }

    /** Closes the connection (reason {@code forced server close}). */
    void close() {
        boolean open = conn.readyState() == EngineSocket.ReadyState.OPEN;
        onClose(DisconnectReason.FORCED_SERVER_CLOSE, null);
        if (open) conn.close();
    }

    /** Every socket leaves with this reason. */
    void onClose(DisconnectReason reason, String description) {
        Map<String, RealSocket> sockets;
        synchronized (this) { // with register: a socket registers before this sweep (and is in it) or is refused
            if (closed) return;
            closed = true;
            sockets = nsps;
            nsps = Map.of();
        }
        ScheduledFuture<?> t = connectTimer;
        if (t != null) t.cancel(false);
        for (RealSocket s : sockets.values()) s.onClose(reason, description);
        if (conn.eventLoop().inEventLoop()) decoder.destroy();
        else conn.eventLoop().execute(decoder::destroy);
        server.clientClosed(this);
    }

    /** The server is closing: sockets leave with {@code server shutting down}. */
    void shutdown() { onClose(DisconnectReason.SERVER_SHUTTING_DOWN, null); }
}
