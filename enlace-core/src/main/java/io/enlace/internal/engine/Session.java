package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineSocket;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.OutPacket;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One Engine.IO session: its identity, its {@link SessionState} (the one state of the session, written here and by
 * {@link Upgrade}), the entry points from any thread (sends, close, listener registration), the send path and the
 * close sequence. Beside it: the transports ({@link PollingTransport}, which also takes the session's GETs and POSTs,
 * and {@link WebSocketTransport}), the {@link Upgrade} sub-machine, {@link Inbound} (what the peer sends, and the packet
 * switch), the {@link OutboundQueue}, the {@link Heartbeat} and the {@link SessionListeners}; a session opened on
 * WebSocket has no polling transport, and one never offered a WebSocket has no {@code Upgrade}. All
 * mutable state is confined to {@link #eventLoop()} (the loop of the handshake channel); public entry points hop there
 * when called from elsewhere; {@code state}, {@code ws} and {@code listeners} are volatile for readers elsewhere.
 */
public final class Session implements EngineSocket {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final AtomicReferenceFieldUpdater<Session, SessionListeners> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(Session.class, SessionListeners.class, "listeners");

    private final EngineCore server;
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
    private volatile Transport ws; // the active WebSocket (WS sessions and upgraded ones); read by writable()
    private Upgrade upgrade;            // the upgrade's probe, timers and write ordering: made by the first offer
    private final PollingTransport polling; // the long-polling side; null for a session opened on WebSocket
    private final OutboundQueue queue;
    private final EngineProtocol protocol;
    private final PayloadCodec payloadCodec; // chosen by the handshake's query (v3: XHR2, b64 or JSONP)
    private final Heartbeat heartbeat;
    private boolean inboundPaused;      // the layer above has too much to handle (pauseInbound)
    private SessionOwner owner;         // the layer above, set before the session is handed out (loop)
    /** The listeners: one shared empty instance until the first registration (most sessions have an owner only). */
    private volatile SessionListeners listeners = SessionListeners.EMPTY;

    Session(EngineCore server, String id, EventLoop loop, SocketAddress remoteAddress, HttpHeaders requestHeaders,
            Map<String, List<String>> query, String url, boolean secure, String transportName, EngineProtocol protocol) {
        this.server = server;
        this.id = id;
        this.loop = loop;
        this.remoteAddress = remoteAddress;
        this.requestHeaders = requestHeaders;
        this.query = query;
        this.url = url;
        this.secure = secure;
        this.traffic = server.trafficCell(loop);
        this.polling = "websocket".equals(transportName) ? null : new PollingTransport(this);
        this.queue = new OutboundQueue();
        this.protocol = protocol;
        this.payloadCodec = protocol.payloadCodec(query);
        Pings pings = new Pings(this);
        this.heartbeat = protocol.heartbeat(loop, server.options(), pings, pings);
    }

    /** The heartbeat's two callbacks in one object (one allocation per session instead of two lambdas). */
    private record Pings(Session session) implements BooleanSupplier, Runnable {
        /** Queues a ping; false when the session is closed (then no pong is awaited). */
        @Override
        public boolean getAsBoolean() {
            if (session.state == SessionState.CLOSED) return false;
            session.sendPacket('2', null, false);
            return true;
        }

        /** The pong did not come in time. */
        @Override public void run() { session.onClose(CloseReason.PING_TIMEOUT, null); }
    }

    // =====================================================================================================
    // EngineSocket API (any thread)
    // =====================================================================================================

    @Override public String id() { return id; }
    @Override public int protocol() { return protocol.number(); }

    /** The protocol revision of this session. */
    EngineProtocol protocolRevision() { return protocol; }

    /** How this session's polling bodies are written and read (POST bodies are decoded on the request's loop). */
    public PayloadCodec payloadCodec() { return payloadCodec; }
    @Override public String transportName() { return polling == null || ws != null ? "websocket" : "polling"; }
    @Override public boolean upgraded() { return polling != null && ws != null; }
    @Override public ReadyState readyState() { return state.readyState(); }
    @Override public SocketAddress remoteAddress() { return remoteAddress; }
    @Override public HttpHeaders requestHeaders() { return requestHeaders; }
    @Override public Map<String, List<String>> query() { return query; }
    @Override public String url() { return url; }
    @Override public boolean secure() { return secure; }
    @Override public EventLoop eventLoop() { return loop; }

    @Override
    public boolean writable() {
        Transport w = ws;
        return state != SessionState.CLOSED && (w != null ? w.writable() : polling != null && polling.writable());
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
        run(() -> {
            if (inboundPaused == pause) return;
            inboundPaused = pause;
            Transport w = ws;
            if (w != null) {
                if (pause) w.suspendReads();
                else w.resumeReads();
            }
            if (polling == null) return;
            if (pause) polling.suspendReads();
            else polling.resumeReads(); // a held POST is handled (and answered) now
        });
    }

    /** Sets the {@link SessionOwner} (once, before the session is handed to anyone else). */
    public void owner(SessionOwner owner) { this.owner = owner; }

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
        runQueued(task);
    }

    public boolean isClosed() { return state == SessionState.CLOSED; }

    // =====================================================================================================
    // what the session's pieces use (the loop, except state())
    // =====================================================================================================

    /** The state (tests, the engine and the session's pieces). */
    SessionState state() { return state; }

    /** A transition (the session's pieces, on the loop). */
    void transition(SessionState next) { state = next; }

    EngineOptions options() { return server.options(); }
    OutboundQueue queue() { return queue; }
    /** The long-polling side (a session opened on polling; null for one opened on WebSocket). */
    PollingTransport polling() { return polling; }
    SessionOwner owner() { return owner; }
    SessionListeners listeners() { return listeners; }
    Heartbeat heartbeat() { return heartbeat; }

    /** The upgrade when {@code t} is its probe, else null. */
    Upgrade upgradeProbing(Transport t) { return upgrade != null && upgrade.isProbe(t) ? upgrade : null; }

    /** Whether a WebSocket carries the session (opened on one, or upgraded). */
    boolean onWebSocket() { return ws != null; }

    /** Whether {@code t} is the transport in use (messages from any other are the probe's or stale). */
    boolean isCurrent(Transport t) { return t == ws; }

    /** The connection of the active WebSocket, or null (polling). */
    FrameChannel webSocket() { return ws instanceof WebSocketTransport w ? w.frames : null; }

    /** {@code count} packets of {@code bytes} went to the wire (the engine's traffic totals). On loop. */
    void packetsSent(int count, int bytes) {
        assert loop.inEventLoop();
        traffic.sent(count, bytes);
    }

    /** {@code count} packets of {@code bytes} came from the peer (the engine's traffic totals). On loop. */
    void packetsReceived(int count, int bytes) {
        assert loop.inEventLoop();
        traffic.received(count, bytes);
    }

    // =====================================================================================================
    // opening (EngineCore opens sessions: T1, T1c, T2)
    // =====================================================================================================

    /** Starts the session: open packet, initial packet, heartbeat (nothing is flushed). On loop. */
    void start(String handshakeJson) {
        state = polling == null ? SessionState.WEBSOCKET : SessionState.POLLING;
        if (polling != null) polling.writable(true);
        queue.beginBatch();
        sendPacket('0', handshakeJson, false);
        String initial = server.options().initialPacket();
        if (initial != null) sendPacket('4', initial, false);
        queue.endBatch();
        heartbeat.start();
    }

    /** The session was created for {@code t} (a WebSocket whose 101 is written): it carries the session. On loop. */
    void attach(Transport t) {
        ws = t;
        if (inboundPaused) t.suspendReads();
    }

    // =====================================================================================================
    // outbound (the loop)
    // =====================================================================================================

    void sendPacket(char type, Object data, boolean compress) {
        SessionState s = state;
        if (s == SessionState.CLOSING || s == SessionState.CLOSED) return;
        long max = server.options().maxBufferedBytes();
        if (!queue.add(new OutPacket(type, data, compress), max)) {
            log.warn("Engine.IO session {}: {} bytes queued (maxBufferedBytes {}), closing", id, queue.bytes(), max);
            onClose(CloseReason.TRANSPORT_ERROR, "write buffer full");
            return;
        }
        if (!queue.batching()) flush();
    }

    /** Moves the queue to the wire as far as the transport in use allows (polling: not while probed). */
    void flush() {
        if (state == SessionState.CLOSED || queue.isEmpty()) return;
        if (ws != null) {
            ws.flush(queue);
        } else if (polling != null && state != SessionState.PROBED) {
            polling.flush(queue);
        }
    }

    /** The queue is empty once {@code lastWrite} is done: the drain listeners run then. */
    void drainAfter(Future<?> lastWrite) {
        if (listeners.drain.isEmpty()) return;
        drainWhenDone(lastWrite);
    }

    /** The answer to a poll is done: the drain listeners run then (when the queue is still empty). */
    void drainWhenDone(Future<?> write) {
        write.addListener(f -> {
            if (f.isSuccess()) {
                run(() -> {
                    if (queue.isEmpty() && state != SessionState.CLOSED) listeners.fireDrain();
                });
            }
        });
    }

    void onWsWritable(Transport t) {
        if (t != ws || state == SessionState.CLOSED) return;
        flush();
    }

    // =====================================================================================================
    // polling requests (the loop; PollingTransport answers them)
    // =====================================================================================================

    /** A long-poll GET for this session, on loop. */
    public void onPollRequest(PollExchange req) {
        if (!refusedPolling(req)) polling.onGet(req);
    }

    /** Start of a POST for this session (headers received), on loop. Returns false when refused (already answered). */
    public boolean onPostStart(HttpReply post, String contentType, Object token) {
        return !refusedPolling(post) && polling.onPostStart(post, contentType, token);
    }

    /** The POST's body was refused (oversized) or its connection closed early. On loop. */
    public void onPostAborted(Object token, boolean connectionLost) {
        if (polling != null) polling.onPostAborted(token, connectionLost);
    }

    /** The complete POST body, already decoded (or the decoding error). On loop. */
    public void onPostBody(HttpReply post, Object token, List<InPacket> packets, String decodeError, int bytes) {
        if (polling != null) polling.onPostBody(post, token, packets, decodeError, bytes);
    }

    /**
     * Refuses a polling request for a closed session (unknown sid) or one on WebSocket (transport mismatch; after an
     * upgrade, once the probe response is on the wire, so the client sees "3probe" before the refusal its later request
     * caused).
     */
    private boolean refusedPolling(HttpReply req) {
        if (state != SessionState.CLOSED) pingDeadlinePassed();
        if (state == SessionState.CLOSED) {
            req.refuse(EngineError.UNKNOWN_SID, null);
            return true;
        }
        if (ws != null || polling == null) {
            req.refuseAfter(upgrade == null ? null : upgrade.probeResponse(), EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
            return true;
        }
        return false;
    }

    // =====================================================================================================
    // the upgrade's entry points (Upgrade runs it)
    // =====================================================================================================

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

    /** A WebSocket for an existing polling session: start the upgrade, or refuse it. On loop. */
    void maybeUpgrade(WebSocketTransport t) {
        if (upgrade == null) upgrade = new Upgrade(this);
        upgrade.offer(t);
    }

    /** The upgrade completed (T8) on {@code t}: it carries the session from now on. On loop. */
    void upgradedTo(Transport t) {
        attach(t);
        if (state != SessionState.CLOSING) state = SessionState.WEBSOCKET; // closing: lingers until its deadline
        server.upgraded(this);
        listeners.fireUpgrade();
        flush();
    }

    /** A transport error: the listeners hear it, then the session closes ({@code transport error}). */
    void onError(Throwable err) {
        listeners.fireError(owner, err);
        onClose(CloseReason.TRANSPORT_ERROR, err.getMessage());
    }

    /** True (and the session closed) when the pong deadline has passed, even if the timer has not run yet. */
    boolean pingDeadlinePassed() {
        if (state == SessionState.CLOSED) return true;
        if (heartbeat.expired()) {
            onClose(CloseReason.PING_TIMEOUT, null);
            return true;
        }
        return false;
    }

    // =====================================================================================================
    // closing (T10, T10', T11, T12; the loop)
    // =====================================================================================================

    /** Forced close (application or server shutdown). {@code discard}: do not wait for a GET to say goodbye. */
    void closeForced(boolean discard) {
        if (!state.isOpen() && state != SessionState.NEW) {
            if (discard && state == SessionState.CLOSING) onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        if (ws != null) {
            flush();
        } else if (polling != null && !polling.answerClose(queue) && !discard) {
            state = SessionState.CLOSING; // an attached probe stays until it ends or the session closes
            polling.closeOnNextGet(() -> onClose(CloseReason.FORCED_CLOSE, null));
            return;
        }
        onClose(CloseReason.FORCED_CLOSE, null);
    }

    /** Closes the session once; on loop. */
    public void onClose(CloseReason reason, String description) {
        if (state == SessionState.CLOSED) return;
        boolean opened = state != SessionState.NEW;
        state = SessionState.CLOSED;
        heartbeat.stop();
        server.unregister(this);
        if (upgrade != null) upgrade.stop();
        if (ws != null) ws.close(); // a close frame when the connection is still up, then close
        if (polling != null) polling.onSessionClosed(); // a pending GET gets a close packet
        queue.clear();
        listeners.fireClose(owner, reason, description);
        EngineObservers observers = server.observers();
        if (observers != null && opened) observers.connectionClosed(this, reason);
    }
}
