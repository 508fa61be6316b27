package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.OutPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One Engine.IO session and its state machine. All mutable state is confined to {@link #eventLoop()} (the loop of the
 * handshake channel); public entry points hop there when called from elsewhere.
 */
public final class Session implements EngineSocket {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final AtomicReferenceFieldUpdater<Session, SessionListeners> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(Session.class, SessionListeners.class, "listeners");
    /** Engine.IO v4: how packets travel in polling bodies and WebSocket messages. */

    private final EngineCore server;
    private final EngineOptions opts;
    private final String id;
    private final EventLoop loop;
    private final SocketAddress remoteAddress;
    private final HttpHeaders requestHeaders;
    private final Map<String, List<String>> query;
    private final String url;
    private final boolean secure;
    private final Traffic.Cell traffic; // the counts of this session's loop

    // ---- state, confined to loop unless volatile ----
    private volatile SessionState state = SessionState.NEW;
    private final boolean startedOnWebSocket;
    private volatile WebSocketTransport ws; // the active WebSocket (WS sessions and upgraded ones); read by writable()
    private final Upgrade upgrade;      // the probe, its timers and the write ordering of an upgrade
    private final PollingTransport polling = new PollingTransport(this); // the long-polling side (initial or not)
    private final OutboundQueue queue;
    private final EngineProtocol protocol;
    private final Heartbeat heartbeat;
    private ScheduledFuture<?> closeTimer;
    private boolean inboundPaused;      // the layer above has too much to handle (pauseInbound)

    // listener lists: the shared empty list until a first listener comes (most sessions have 2 or 3 kinds only)
    /** The owner and the listeners: one shared empty instance until the first registration. */
    private volatile SessionListeners listeners = SessionListeners.EMPTY;

    Session(EngineCore server, String id, EventLoop loop, SocketAddress remoteAddress, HttpHeaders requestHeaders,
            Map<String, List<String>> query, String url, boolean secure, String transportName, EngineProtocol protocol) {
        this.server = server;
        this.opts = server.options();
        this.id = id;
        this.loop = loop;
        this.remoteAddress = remoteAddress;
        this.requestHeaders = requestHeaders;
        this.query = query;
        this.url = url;
        this.secure = secure;
        this.traffic = server.trafficCell(loop);
        this.startedOnWebSocket = "websocket".equals(transportName);
        this.queue = new OutboundQueue(opts.maxBufferedBytes());
        this.upgrade = new Upgrade(loop, opts.upgradeTimeout());
        this.protocol = protocol;
        this.heartbeat = protocol.heartbeat(loop, opts, () -> {
            if (state == SessionState.CLOSED) return false;
            sendPacket('2', null, false);
            return true;
        }, () -> onClose(CloseReason.PING_TIMEOUT, null));
    }

    // =====================================================================================================
    // EngineSocket API
    // =====================================================================================================

    @Override public String id() { return id; }
    @Override public int protocol() { return protocol.number(); }

    /** The protocol revision of this session. */
    EngineProtocol protocolRevision() { return protocol; }
    @Override public String transportName() { return startedOnWebSocket || ws != null ? "websocket" : "polling"; }
    @Override public boolean upgraded() { return !startedOnWebSocket && ws != null; }
    @Override public ReadyState readyState() { return state.readyState(); }

    /** The state (tests and the engine). */
    SessionState state() { return state; }
    @Override public SocketAddress remoteAddress() { return remoteAddress; }
    @Override public HttpHeaders requestHeaders() { return requestHeaders; }
    @Override public Map<String, List<String>> query() { return query; }
    @Override public String url() { return url; }
    @Override public boolean secure() { return secure; }
    @Override public EventLoop eventLoop() { return loop; }

    @Override
    public boolean writable() {
        WebSocketTransport w = ws;
        if (w != null) return state != SessionState.CLOSED && w.writable();
        return state != SessionState.CLOSED && polling.writable();
    }

    @Override
    public void send(String text, boolean compress) {
        Objects.requireNonNull(text, "text");
        run(() -> sendPacket('4', text, compress));
    }

    @Override
    public void send(byte[] data, boolean compress) {
        Objects.requireNonNull(data, "data");
        run(() -> sendPacket('4', data, compress));
    }

    @Override
    public void sendAll(List<?> messages, boolean compress) {
        for (Object m : messages) {
            if (!(m instanceof String) && !(m instanceof byte[])) {
                throw new IllegalArgumentException("messages must be String or byte[]: " + m);
            }
        }
        run(() -> {
            queue.beginBatch();
            try {
                for (Object m : messages) sendPacket('4', m, compress);
            } finally {
                queue.endBatch();
            }
            flush();
        });
    }

    @Override
    public void close() {
        run(() -> closeForced(false));
    }

    /**
     * Backpressure from the layer above ({@code maxPendingInboundBytes}): while paused, the WebSocket is not read
     * and a POST body that arrives is held, unanswered (the client sends its next POST after the answer), until
     * {@code pauseInbound(false)}. Any thread.
     */
    public void pauseInbound(boolean pause) {
        run(() -> setInboundPaused(pause));
    }

    private void setInboundPaused(boolean pause) {
        if (inboundPaused == pause) return;
        inboundPaused = pause;
        WebSocketTransport w = ws;
        if (w != null) {
            if (pause) w.suspendReads();
            else w.resumeReads();
        }
        if (pause) polling.suspendReads();
        else polling.resumeReads(); // a held POST is handled (and answered) now
    }

    /** {@code maxPendingInboundBytes}. */
    long maxPendingInboundBytes() { return opts.maxPendingInboundBytes(); }

    /** Sets the {@link SessionOwner} (once, before the session is handed to anyone else). */
    public void owner(SessionOwner owner) { update(l -> l.withOwner(owner)); }

    @Override public void onMessage(Consumer<Object> l) { update(ls -> ls.plusMessage(l)); }
    @Override public void onPacket(Consumer<EnginePacketInfo> l) { update(ls -> ls.plusPacket(l)); }
    @Override public void onDrain(Runnable l) { update(ls -> ls.plusDrain(l)); }
    @Override public void onUpgrading(Runnable l) { update(ls -> ls.plusUpgrading(l)); }
    @Override public void onUpgrade(Runnable l) { update(ls -> ls.plusUpgrade(l)); }
    @Override public void onClose(CloseListener l) { update(ls -> ls.plusClose(l)); }
    @Override public void onError(Consumer<Throwable> l) { update(ls -> ls.plusError(l)); }

    /** Replaces the listeners by compare-and-set (registrations from any thread; readers never lock). */
    private void update(UnaryOperator<SessionListeners> change) {
        SessionListeners cur;
        do {
            cur = listeners;
        } while (!LISTENERS.compareAndSet(this, cur, change.apply(cur)));
    }

    @Override
    public String toString() { return "Session[" + id + ", " + transportName() + ", " + state + "]"; }

    // =====================================================================================================
    // internals
    // =====================================================================================================

    /**
     * Queues the task on the session's loop, even when already on it: HTTP requests go behind whatever other threads
     * queued before them (an application's {@code send} then {@code close} are seen by the next GET).
     */
    public void runQueued(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("session {}: event loop terminated, task dropped", id);
        }
    }

    /** Runs the task on the session's loop: at once when already there, else queued (in order). */
    public void run(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("session {}: event loop terminated, task dropped", id);
        }
    }

    public boolean isClosed() { return state == SessionState.CLOSED; }

    /** Opens the session: open packet, initial packet, heartbeat (nothing is flushed). On loop. */
    private void open(String handshakeJson) {
        state = startedOnWebSocket ? SessionState.WEBSOCKET : SessionState.POLLING;
        polling.writable(true);
        queue.beginBatch();
        sendPacket('0', handshakeJson, false);
        if (opts.initialPacket() != null) sendPacket('4', opts.initialPacket(), false);
        queue.endBatch();
        heartbeat.start();
    }

    /**
     * Opens a polling session: the handshake GET gets the open packet (and the initial packet) only, as the reference
     * server does; the connection listeners run before the response is written, and whatever they send waits for the
     * next GET. On loop.
     */
    void openPolling(String handshakeJson, PollExchange handshake, Runnable fireConnection) {
        open(handshakeJson);
        List<OutPacket> first = drainBuffer();
        queue.beginBatch();
        try {
            fireConnection.run();
        } finally {
            queue.endBatch();
        }
        boolean closing = state == SessionState.CLOSING;
        if (closing) first.addAll(drainBuffer()); // closed by a listener: say goodbye at once
        if (!state.isOpen()) first.add(new OutPacket('1', null, false));
        polling.pendingGet = handshake;
        polling.respond(first, !state.isOpen());
        if (closing) {
            onClose(CloseReason.FORCED_CLOSE, null);
        }
    }

    /** Opens a WebSocket session: listeners run first, then one flush carries the open packet and what they sent. */
    void openWebSocket(String handshakeJson, Runnable fireConnection) {
        open(handshakeJson);
        queue.beginBatch();
        try {
            fireConnection.run();
        } finally {
            queue.endBatch();
        }
        flush();
    }

    // ---- heartbeat ----

    /** True (and the session closed) when the pong deadline has passed, even if the timer has not run yet. */
    private boolean pingDeadlinePassed() {
        if (state == SessionState.CLOSED) return true;
        if (heartbeat.expired()) {
            onClose(CloseReason.PING_TIMEOUT, null);
            return true;
        }
        return false;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }

    // ---- outbound ----

    private void sendPacket(char type, Object data, boolean compress) {
        SessionState s = state;
        if (s == SessionState.CLOSING || s == SessionState.CLOSED) return;
        if (!queue.add(new OutPacket(type, data, compress))) {
            log.warn("Engine.IO session {}: {} bytes queued (maxBufferedBytes {}), closing", id, queue.bytes(),
                    queue.maxBytes());
            onClose(CloseReason.TRANSPORT_ERROR, "write buffer full");
            return;
        }
        if (!queue.batching()) flush();
    }

    private void flush() {
        if (state == SessionState.CLOSED || queue.isEmpty()) return;
        if (ws != null) {
            flushWs();
        } else if (state != SessionState.PROBED) {
            polling.flush(queue);
        }
    }

    private List<OutPacket> drainBuffer() {
        return queue.drainAll();
    }

    private void flushWs() {
        ws.flush(queue);
    }

    /** {@code count} packets of {@code bytes} went to the wire (the engine's traffic totals). On loop. */
    void packetsSent(int count, int bytes) {
        assert loop.inEventLoop();
        traffic.sent(count, bytes);
    }

    /** The queue is empty once {@code lastWrite} is done: the drain listeners run then. */
    void drainAfter(Future<?> lastWrite) {
        if (listeners.drain.isEmpty()) return;
        lastWrite.addListener(f -> {
            if (f.isSuccess()) run(this::emitDrainIfEmpty);
        });
    }

    /** The connection of the active WebSocket, or null (polling). */
    FrameChannel webSocket() {
        WebSocketTransport w = ws;
        return w == null ? null : w.frames;
    }

    /** {@code maxBufferedBytes}: the bound of what waits to be sent to the peer. */
    long maxBufferedBytes() { return opts.maxBufferedBytes(); }

    /** {@code maxHttpBufferSize}: the largest message the peer may send. */
    int maxMessageBytes() { return opts.maxHttpBufferSize(); }

    private void emitDrainIfEmpty() {
        if (queue.isEmpty() && state != SessionState.CLOSED) {
            for (Runnable r : listeners.drain) safe(r);
        }
    }

    /** A WebSocket handshake for this session starts (any thread, before the 101 goes out). */
    public void upgradeRequested() {
        // T4, queued before the 101 goes out: GETs handled after it are not stamped "arrived while polling"
        run(() -> {
            if (state == SessionState.POLLING) state = SessionState.UPGRADE_REQUESTED;
        });
    }

    /** The WebSocket handshake for an upgrade failed before the session saw the transport. */
    public void onUpgradeHandshakeFailed() {
        if (state == SessionState.UPGRADE_REQUESTED) state = SessionState.POLLING; // T5
        flush();
    }

    void onWsWritable(WebSocketTransport t) {
        if (t != ws || state == SessionState.CLOSED) return;
        flush();
    }

    /** The answer to a poll is done: the drain listeners run then (when the queue is still empty). */
    void drainWhenDone(Future<?> write) {
        write.addListener(f -> {
            if (f.isSuccess()) run(this::emitDrainIfEmpty);
        });
    }

    // ---- polling ----

    /**
     * Refuses a polling request after the upgrade (transport mismatch) once the probe response is on the wire, so the
     * client sees "3probe" before the refusal its later request caused.
     */
    private void refuseAfterUpgradeWrites(HttpReply reply) {
        reply.refuseAfter(upgrade.probeResponse(), EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
    }

    /** A long-poll GET for this session, on loop. */
    public void onPollRequest(PollExchange req) {
        if (state != SessionState.CLOSED) pingDeadlinePassed();
        if (state == SessionState.CLOSED) {
            req.refuse(EngineError.UNKNOWN_SID, null);
            return;
        }
        if (ws != null) {
            refuseAfterUpgradeWrites(req);
            return;
        }
        if (polling.pendingGet != null) {
            req.refuse(EngineError.BAD_REQUEST, "POLL_OVERLAP");
            onError(new IllegalStateException("overlap from client"));
            return;
        }
        polling.pendingGet = req;
        polling.writable(true);
        // removed again when the GET is answered, so keep-alive connections do not collect listeners
        req.onConnectionLost(() -> run(() -> {
            if (polling.pendingGet == req) {
                polling.pendingGet = null;
                onError(new IllegalStateException("poll connection closed prematurely"));
            }
        }));
        if (state == SessionState.CLOSING) {
            List<OutPacket> out = drainBuffer();
            out.add(new OutPacket('1', null, false));
            polling.respond(out, true);
            onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        polling.pendingGetArrivedWhilePolling = state == SessionState.POLLING;
        if (state == SessionState.PROBED) {
            // held: the probe check answers it with a noop, or the upgrade refuses it (transport mismatch)
            return;
        }
        flush();
    }

    /** Start of a POST for this session (headers received), on loop. Returns false when refused (already answered). */
    public boolean onPostStart(HttpReply post, String contentType, Object token) {
        if (state != SessionState.CLOSED) pingDeadlinePassed();
        if (state == SessionState.CLOSED) {
            post.refuse(EngineError.UNKNOWN_SID, null);
            return false;
        }
        if (ws != null) {
            refuseAfterUpgradeWrites(post);
            return false;
        }
        if (polling.pendingPost != null) {
            post.refuse(EngineError.BAD_REQUEST, "POST_OVERLAP");
            onError(new IllegalStateException("data request overlap from client"));
            return false;
        }
        if (!polling.acceptsPost(contentType)) {
            post.refuse(EngineError.BAD_REQUEST, "BINARY_POST");
            onError(new IllegalStateException("invalid content"));
            return false;
        }
        polling.pendingPost = token;
        return true;
    }

    /** The POST's body was refused (oversized) or its connection closed early. On loop. */
    public void onPostAborted(Object token, boolean connectionLost) {
        if (polling.pendingPost != token) return;
        polling.pendingPost = null;
        if (connectionLost) onError(new IllegalStateException("data request connection closed prematurely"));
    }

    /** The complete POST body, already decoded (or the decoding error). On loop. */
    public void onPostBody(HttpReply post, Object token, List<InPacket> packets, String decodeError, int bytes) {
        if (polling.pendingPost != token) return;
        // the layer above is behind: this POST waits, unanswered, and the client with it (polling.pendingPost stays set)
        if (state != SessionState.CLOSED
                && polling.holdPost(() -> onPostBody(post, token, packets, decodeError, bytes))) {
            return;
        }
        polling.pendingPost = null;
        if (state == SessionState.CLOSED) {
            post.refuse(EngineError.UNKNOWN_SID, null);
            return;
        }
        if (decodeError != null) {
            post.refuse(EngineError.BAD_REQUEST, "PARSE_ERROR");
            onClose(CloseReason.PARSE_ERROR, decodeError);
            return;
        }
        post.ok();
        traffic.received(packets.size(), bytes);
        for (InPacket p : packets) {
            if (state == SessionState.CLOSED) break;
            if (p.type() == '1') {
                // client close over polling: the pending GET is answered with a noop
                if (polling.pendingGet != null) polling.respond(List.of(new OutPacket('6', null, false)), true);
                onClose(CloseReason.TRANSPORT_CLOSE, null);
                break;
            }
            onPacket(p, p.data() instanceof byte[]);
        }
    }

    // ---- WebSocket ----

    /** A WebSocket handshake for a new WS-only session (this session was created for it). On loop. */
    void attachInitialWebSocket(WebSocketTransport t) {
        ws = t;
        if (inboundPaused) t.suspendReads();
    }

    /** A WebSocket for an existing polling session: start the upgrade. On loop. */
    void maybeUpgrade(WebSocketTransport t) {
        boolean upgradable = state == SessionState.POLLING || state == SessionState.UPGRADE_REQUESTED;
        if (!upgradable || ws != null || !opts.allowUpgrades()) {
            if (state == SessionState.UPGRADE_REQUESTED) state = SessionState.POLLING; // T6r
            // accepted (101), then closed; after the probe response is on the wire, as for polling refusals
            upgrade.refuse(t);
            return;
        }
        state = SessionState.PROBING;
        upgrade.start(t, () -> cancelUpgrade("upgrade timeout"));
    }

    private void cancelUpgrade(String why) {
        log.debug("session {}: upgrade cancelled: {}", id, why);
        WebSocketTransport t = upgrade.cancel();
        if (state.isProbing()) state = SessionState.POLLING; // closing: stays closing
        if (t != null) t.close();
        flush();
    }

    void onWsText(WebSocketTransport t, String text, int bytes) {
        if (state == SessionState.CLOSED || (t == ws && pingDeadlinePassed())) return;
        traffic.received(1, bytes);
        InPacket p;
        try {
            p = protocol.frameCodec().decodeText(text);
        } catch (DecodeException e) {
            if (upgrade.isProbe(t)) { cancelUpgrade("invalid probe packet"); return; }
            if (t == ws) onClose(CloseReason.PARSE_ERROR, e.getMessage());
            return;
        }
        if (upgrade.isProbe(t)) {
            onProbePacket(t, p);
        } else if (t == ws) {
            if (p.type() == '1') {
                onClose(CloseReason.TRANSPORT_CLOSE, null);
                return;
            }
            onPacket(p, false);
        }
    }

    void onWsBinary(WebSocketTransport t, byte[] data) {
        if (state == SessionState.CLOSED) return;
        traffic.received(1, data.length);
        if (upgrade.isProbe(t)) { cancelUpgrade("binary frame during probe"); return; }
        if (t != ws) return;
        InPacket p;
        try {
            p = protocol.frameCodec().decodeBinary(data);
        } catch (DecodeException e) {
            onClose(CloseReason.PARSE_ERROR, e.getMessage());
            return;
        }
        onPacket(p, true);
    }

    void onWsClosed(WebSocketTransport t, boolean error, String description) {
        if (upgrade.isProbe(t)) {
            cancelUpgrade("probe transport closed");
        } else if (t == ws) {
            if (error) onClose(CloseReason.TRANSPORT_ERROR, description);
            else onClose(CloseReason.TRANSPORT_CLOSE, description);
        }
    }

    private void onProbePacket(WebSocketTransport t, InPacket p) {
        if (p.type() == '2' && "probe".equals(p.data())) {
            upgrade.answerProbe(protocol.frameCodec());
            if (state == SessionState.PROBING) {
                state = SessionState.PROBED;
                for (Runnable r : listeners.upgrading) safe(r);
                // the poll that was in flight when the probe transport arrived is released at once; any other GET
                // is answered by the 100 ms check, as the reference does
                if (polling.pendingGet != null && polling.pendingGetArrivedWhilePolling) {
                    polling.respond(List.of(new OutPacket('6', null, false)), false);
                }
                upgrade.startNoopTick(() -> {
                    if (polling.pendingGet != null && state == SessionState.PROBED) {
                        polling.respond(List.of(new OutPacket('6', null, false)), false);
                    }
                });
            }
        } else if (p.type() == '5') {
            completeUpgrade(t);
        } else {
            cancelUpgrade("unexpected packet during probe: " + p.type());
        }
    }

    private void completeUpgrade(WebSocketTransport t) {
        Future<?> probeWritten = upgrade.complete();
        if (polling.pendingGet != null) {
            // a GET that came during the upgrade: once upgraded, polling requests are a transport mismatch
            // (answered once the probe response is on the wire, so the client sees them in the order it caused them)
            PollExchange held = polling.pendingGet;
            polling.pendingGet = null;
            held.refuseAfter(probeWritten, EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
        }
        ws = t;
        if (inboundPaused) t.suspendReads();
        if (state != SessionState.CLOSING) state = SessionState.WEBSOCKET; // closing: lingers until its deadline
        server.upgraded(this);
        for (Runnable r : listeners.upgrade) safe(r);
        flush();
    }

    // ---- inbound packets ----

    private void onPacket(InPacket p, boolean binary) {
        if (!state.isOpen()) return;
        SessionListeners ls = listeners;
        if (!ls.packet.isEmpty()) {
            EnginePacketInfo info = new EnginePacketInfo(p.type(), binary);
            for (Consumer<EnginePacketInfo> l : ls.packet) {
                try { l.accept(info); } catch (RuntimeException e) { log.warn("packet listener failed", e); }
            }
        }
        switch (p.type()) {
            case '2' -> {
                if (protocol.clientPingIsError()) onError(new IllegalStateException("invalid heartbeat direction"));
            }
            case '3' -> heartbeat.onPong();
            case '4' -> {
                Object data = p.data();
                SessionOwner o = listeners.owner;
                if (o != null) {
                    try { o.onEngineMessage(data); } catch (RuntimeException e) { log.warn("message listener failed", e); }
                }
                for (Consumer<Object> l : listeners.message) {
                    try { l.accept(data); } catch (RuntimeException e) { log.warn("message listener failed", e); }
                }
            }
            default -> { /* open, upgrade, noop: ignored as the reference does */ }
        }
    }

    private void onError(Throwable err) {
        SessionListeners ls = listeners;
        SessionOwner o = ls.owner;
        if (o != null) {
            try { o.onEngineError(err); } catch (RuntimeException e) { log.warn("error listener failed", e); }
        }
        for (Consumer<Throwable> l : listeners.error) {
            try { l.accept(err); } catch (RuntimeException e) { log.warn("error listener failed", e); }
        }
        onClose(CloseReason.TRANSPORT_ERROR, err.getMessage());
    }

    // ---- close ----

    /** Forced close (application or server shutdown). {@code discard}: do not wait for a GET to say goodbye. */
    void closeForced(boolean discard) {
        if (!state.isOpen() && state != SessionState.NEW) {
            if (discard && state == SessionState.CLOSING) onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        if (ws != null) {
            flush();
            onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        if (polling.pendingGet != null) {
            List<OutPacket> out = drainBuffer();
            out.add(new OutPacket('1', null, false));
            polling.respond(out, true);
            onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        if (discard) {
            onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        state = SessionState.CLOSING; // an attached probe stays until it ends or the session closes
        closeTimer = loop.schedule(() -> onClose(CloseReason.FORCED_CLOSE, null), 30, TimeUnit.SECONDS);
    }

    /** Closes the session once; on loop. */
    public void onClose(CloseReason reason, String description) {
        if (state == SessionState.CLOSED) return;
        boolean opened = state != SessionState.NEW;
        state = SessionState.CLOSED;
        heartbeat.stop();
        cancel(closeTimer);
        server.unregister(this);
        upgrade.stop();
        if (ws != null) ws.close(); // a close frame when the connection is still up, then close
        if (polling.pendingGet != null) {
            // the reference answers a pending GET with a close packet
            List<OutPacket> out = new ArrayList<>(1);
            out.add(new OutPacket('1', null, false));
            polling.respond(out, true);
        }
        queue.clear();
        polling.releaseHeldPost(); // closed: the held POST is refused (unknown sid)
        SessionListeners ls = listeners;
        SessionOwner o = ls.owner;
        if (o != null) {
            try { o.onEngineClose(reason, description); } catch (RuntimeException e) { log.warn("close listener failed", e); }
        }
        for (CloseListener l : listeners.close) {
            try { l.onClose(reason, description); } catch (RuntimeException e) { log.warn("close listener failed", e); }
        }
        EngineObservers observers = server.observers();
        if (observers != null && opened) observers.connectionClosed(this, reason);
    }

    private static void safe(Runnable r) {
        try { r.run(); } catch (RuntimeException e) { log.warn("listener failed", e); }
    }

}
