package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.ConnectionError;
import io.enlace.engine.EngineError;
import io.enlace.engine.EngineObserver;
import io.enlace.engine.EngineOptions;
import io.enlace.engine.EngineSocket;
import io.enlace.engine.TrafficTotals;
import io.enlace.internal.engine.codec.OutPacket;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One Engine.IO engine without its HTTP side: the options, the open sessions, the listeners and observers, the request
 * checks ({@link #check}), and the opening of sessions on the transports the HTTP side hands over through the ports
 * ({@link PollExchange}, {@link FrameChannel}). Knows no pipeline: {@code internal.netty} hosts it. Thread-safe.
 */
public final class EngineCore {
    private static final Logger log = LoggerFactory.getLogger(EngineCore.class);

    private final EngineOptions opts;
    private final SessionRegistry sessions = new SessionRegistry();
    private final SharedTexts texts = new SharedTexts();
    private final RequestCheck checks;
    private final List<Consumer<Session>> sessionHooks = new CopyOnWriteArrayList<>();
    private final List<Consumer<EngineSocket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ConnectionError>> errorListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<HttpHeaders, HttpRequest>> initialHeaderListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<HttpHeaders, HttpRequest>> headerListeners = new CopyOnWriteArrayList<>();
    /** The observers, or null (no observer: sessions check this one field). Replaced under {@code this}. */
    private volatile EngineObservers observers;
    private final String upgradesJson;
    private final Traffic traffic = new Traffic();

    public EngineCore(EngineOptions opts) {
        this.opts = opts;
        this.checks = new RequestCheck(opts, sessions, opts.allowEIO3());
        this.upgradesJson = opts.allowUpgrades() && opts.transports().contains("websocket") ? "[\"websocket\"]" : "[]";
    }

    public EngineOptions options() { return opts; }
    public void onConnection(Consumer<EngineSocket> l) { connectionListeners.add(l); }
    /**
     * An internal hook for the layer above (the Socket.IO server): each new session, on its loop, before the public
     * {@link #onConnection} listeners (it sets itself as the session's {@link SessionOwner} there).
     */
    public void onSession(Consumer<Session> hook) { sessionHooks.add(hook); }

    public void onConnectionError(Consumer<ConnectionError> l) { errorListeners.add(l); }
    public void onInitialHeaders(BiConsumer<HttpHeaders, HttpRequest> l) { initialHeaderListeners.add(l); }
    public void onHeaders(BiConsumer<HttpHeaders, HttpRequest> l) { headerListeners.add(l); }

    /** The {@code initial_headers} hooks (live, thread-safe list). */
    public List<BiConsumer<HttpHeaders, HttpRequest>> initialHeaderHooks() { return initialHeaderListeners; }

    /** The {@code headers} hooks (live, thread-safe list). */
    public List<BiConsumer<HttpHeaders, HttpRequest>> headerHooks() { return headerListeners; }

    public int clientsCount() { return sessions.size(); }
    public int clientsCount(String transport) { return sessions.count(transport); }

    public synchronized void addObserver(EngineObserver observer) {
        observers = EngineObservers.plus(observers, observer);
    }

    public synchronized void removeObserver(EngineObserver observer) {
        observers = EngineObservers.minus(observers, observer);
    }

    /** Packets and bytes each way since this engine was made. */
    public TrafficTotals traffic() { return traffic.totals(); }

    /** Where a session on {@code loop} counts its traffic. */
    Traffic.Cell trafficCell(EventLoop loop) { return traffic.cellFor(loop); }

    /** The observers, or null when there is none. */
    EngineObservers observers() { return observers; }

    /** A polling session moved to WebSocket. On its loop. */
    void upgraded(Session s) {
        sessions.upgraded();
        EngineObservers o = observers;
        if (o != null) o.connectionUpgraded(s);
    }

    void unregister(Session s) {
        sessions.unregister(s);
    }

    /** The session with this id, or null. */
    public Session session(String sid) { return sessions.get(sid); }

    /** Whether a request path belongs to this engine (prefix match on {@link EngineOptions#path()}). */
    public boolean matches(String uri) {
        String p = opts.path();
        if (uri.startsWith(p)) return true;
        // "/engine.io" without the trailing slash, followed by nothing or a query
        int n = p.length() - 1;
        return uri.length() >= n && uri.regionMatches(0, p, 0, n) && (uri.length() == n || uri.charAt(n) == '?');
    }

    /** What to do with a request (the reference's order of checks). Any thread. */
    public Verdict check(RequestHead head) {
        return checks.check(head);
    }

    /** Closes every session ({@code forced close}); completes when each has closed. */
    public CompletableFuture<Void> close() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Session s : sessions.all()) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            all.add(f);
            try {
                s.eventLoop().execute(() -> {
                    try { s.closeForced(true); } finally { f.complete(null); }
                });
            } catch (RuntimeException e) { // loop already shut down
                unregister(s);
                f.complete(null);
            }
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0]));
    }

    /** Tells the connection-error listeners of a refused request. Any thread. */
    public void connectionError(String method, String uri, HttpHeaders headers, EngineError err, String message,
                                Map<String, Object> context) {
        if (errorListeners.isEmpty()) return;
        ConnectionError ce = new ConnectionError(method, uri, texts.readOnlyCopy(headers), err.code(), message, context);
        for (Consumer<ConnectionError> l : errorListeners) {
            try { l.accept(ce); } catch (RuntimeException e) { log.warn("connection error listener failed", e); }
        }
    }

    // ---- sessions ----

    /** A new registered session on {@code loop} (not open yet: the handshake answers it). */
    public Session newSession(EventLoop loop, HandshakeRequest req, String transport) {
        HttpHeaders headers = texts.readOnlyCopy(req.headers());
        String url = texts.recent(req.url());
        Map<String, List<String>> sharedQuery = SharedTexts.sharedQuery(req.query());
        return sessions.register(id -> new Session(this, id, loop, req.remoteAddress(), headers, sharedQuery, url,
                req.secure(), transport, req.protocol()), "polling".equals(transport));
    }

    /**
     * Opens a polling session (T1): the handshake GET gets the open packet (and the initial packet) only, as the
     * reference server does; the connection listeners run before the response is written, and whatever they send
     * waits for the next GET, unless a listener closed the session (T1c): then the handshake GET carries it all and a
     * close packet. On the session's loop.
     */
    public void openPolling(Session s, PollExchange handshake) {
        s.start(s.protocolRevision().openPacket(s.id(), upgradesJson, opts));
        OutboundQueue queue = s.queue();
        List<OutPacket> first = queue.drainAll();
        fireConnectionBatched(s);
        boolean closing = s.state() == SessionState.CLOSING;
        if (closing) first.addAll(queue.drainAll()); // closed by a listener: say goodbye at once
        boolean open = s.state().isOpen();
        if (!open) first.add(new OutPacket('1', null, false));
        PollingTransport polling = s.polling();
        polling.pendingGet = handshake;
        polling.respond(first, !open);
        if (closing) s.onClose(CloseReason.FORCED_CLOSE, null);
    }

    /**
     * The session side of a WebSocket connection of {@code s} (the connection's listener), its messages framed as the
     * session's protocol revision and the connection's request ({@code requestQuery}) say.
     */
    public WebSocketTransport webSocketTransport(Session s, FrameChannel conn, Map<String, List<String>> requestQuery) {
        return new WebSocketTransport(s, conn, s.protocolRevision().frameCodec(requestQuery));
    }

    /** Opens a WebSocket session once its 101 is written. On the session's loop. */
    public void openWebSocket(Session s, WebSocketTransport t) {
        open(s, t);
    }

    /**
     * Opens a session created for {@code t} (T2; a WebSocket-like transport whose 101 is written): the connection
     * listeners run first, then one flush carries the open packet and what they sent. On the session's loop.
     */
    void open(Session s, Transport t) {
        s.attach(t);
        s.start(s.protocolRevision().openPacket(s.id(), "[]", opts));
        fireConnectionBatched(s);
        s.flush(); // the open packet and what the listeners sent, in one flush
    }

    /** A WebSocket for an existing polling session was accepted (101): the session probes it or closes it. */
    public void offerUpgrade(Session s, WebSocketTransport t) {
        s.run(() -> {
            if (s.isClosed()) t.close();
            else s.maybeUpgrade(t);
        });
    }

    /** The connection listeners, in one batch of the session's queue (what they send is flushed together after). */
    private void fireConnectionBatched(Session s) {
        OutboundQueue queue = s.queue();
        queue.beginBatch();
        try {
            fireConnection(s);
        } finally {
            queue.endBatch();
        }
    }

    private void fireConnection(Session s) {
        EngineObservers o = observers;
        if (o != null) o.connectionOpened(s);
        for (Consumer<Session> h : sessionHooks) {
            try { h.accept(s); } catch (RuntimeException e) { log.warn("session hook failed", e); }
        }
        for (Consumer<EngineSocket> l : connectionListeners) {
            try { l.accept(s); } catch (RuntimeException e) { log.warn("connection listener failed", e); }
        }
    }
}
