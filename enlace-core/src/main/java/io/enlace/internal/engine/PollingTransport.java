package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.engine.EngineError;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.OutPacket;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.netty.util.concurrent.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The long-polling side of a session: the GETs and POSTs of a session that is polling (the session has already refused
 * requests for a closed or upgraded session), the pending GET (with what it was stamped with when it arrived), the POST
 * whose body is on its way, a POST answer held back while the layer above is behind, and the answers (payloads through
 * the payload codec). Closing and the inbound packets go back to the session. Confined to the session's loop except
 * {@link #writable()}.
 */
final class PollingTransport implements Transport {
    private final Session session;
    /** The pending long-poll GET, or null. */
    PollExchange pendingGet;
    /**
     * The pending GET's stamp: it arrived while no upgrade was under way ({@code POLLING}). Such a GET is released at
     * once at "2probe"; any other waits for the 100 ms noop tick, as the reference does.
     */
    boolean pendingGetArrivedWhilePolling;
    /** Token of the POST whose body is being received, or null. */
    Object pendingPost;
    /** Reading is suspended (the layer above is behind): a POST body is held, unanswered, until it resumes. */
    private boolean suspended;
    private Runnable heldPost;
    private volatile boolean writableHint;
    /** The deadline of a session closing with no GET to say it (CLOSING, 30 s), or null: only polling sessions close so. */
    private ScheduledFuture<?> closeTimer;

    PollingTransport(Session session) {
        this.session = session;
    }

    @Override public String name() { return "polling"; }

    // ---- requests (the session's loop) ----

    /** A long-poll GET: held until there is something to say; answered at once when the session is closing (T11). */
    void onGet(PollExchange req) {
        if (pendingGet != null) {
            req.refuse(EngineError.BAD_REQUEST, "POLL_OVERLAP");
            session.onError(new IllegalStateException("overlap from client"));
            return;
        }
        pendingGet = req;
        writableHint = true;
        // removed again when the GET is answered, so keep-alive connections do not collect listeners
        req.onConnectionLost(() -> session.run(() -> {
            if (pendingGet == req) {
                pendingGet = null;
                session.onError(new IllegalStateException("poll connection closed prematurely"));
            }
        }));
        SessionState state = session.state();
        if (state == SessionState.CLOSING) {
            answerClose(session.queue());
            session.onClose(CloseReason.FORCED_CLOSE, null);
            return;
        }
        pendingGetArrivedWhilePolling = state == SessionState.POLLING;
        if (state == SessionState.PROBED) {
            // held: the probe check answers it with a noop, or the upgrade refuses it (transport mismatch)
            return;
        }
        session.flush();
    }

    /** Start of a POST (headers received). Returns false when refused (already answered). */
    boolean onPostStart(HttpReply post, String contentType, Object token) {
        if (pendingPost != null) {
            post.refuse(EngineError.BAD_REQUEST, "POST_OVERLAP");
            session.onError(new IllegalStateException("data request overlap from client"));
            return false;
        }
        if (!acceptsPost(contentType)) {
            post.refuse(EngineError.BAD_REQUEST, "BINARY_POST");
            session.onError(new IllegalStateException("invalid content"));
            return false;
        }
        pendingPost = token;
        return true;
    }

    /** The POST's body was refused (oversized) or its connection closed early. */
    void onPostAborted(Object token, boolean connectionLost) {
        if (pendingPost != token) return;
        pendingPost = null;
        if (connectionLost) session.onError(new IllegalStateException("data request connection closed prematurely"));
    }

    /** The complete POST body, already decoded (or the decoding error): answered, its packets handed to the session. */
    void onPostBody(HttpReply post, Object token, List<InPacket> packets, String decodeError, int bytes) {
        if (pendingPost != token) return;
        // the layer above is behind: this POST waits, unanswered, and the client with it (pendingPost stays set)
        if (!session.isClosed() && holdPost(() -> onPostBody(post, token, packets, decodeError, bytes))) return;
        pendingPost = null;
        if (session.isClosed()) {
            post.refuse(EngineError.UNKNOWN_SID, null);
            return;
        }
        if (decodeError != null) {
            post.refuse(EngineError.BAD_REQUEST, "PARSE_ERROR");
            session.onClose(CloseReason.PARSE_ERROR, decodeError);
            return;
        }
        post.ok();
        session.packetsReceived(packets.size(), bytes);
        for (InPacket p : packets) {
            if (session.isClosed()) break;
            if (p.type() == '1') {
                // client close over polling: the pending GET is answered with a noop
                if (pendingGet != null) respond(List.of(new OutPacket('6', null, false)), true);
                session.onClose(CloseReason.TRANSPORT_CLOSE, null);
                break;
            }
            Inbound.onPacket(session, p, p.data() instanceof byte[]);
        }
    }

    // ---- closing (the session's loop) ----

    /** A forced close (T10', T11): a pending GET carries what is queued and a close packet. False when none is pending. */
    boolean answerClose(OutboundQueue queue) {
        if (pendingGet == null) return false;
        List<OutPacket> out = queue.drainAll();
        out.add(new OutPacket('1', null, false));
        respond(out, true);
        return true;
    }

    /** A forced close with no GET pending (T10): the next GET says it, or {@code deadline} runs after 30 s. */
    void closeOnNextGet(Runnable deadline) {
        closeTimer = session.eventLoop().schedule(deadline, 30, TimeUnit.SECONDS);
    }

    /** The session closed (T12): the deadline cancelled, a pending GET answered with a close packet, a held POST refused. */
    void onSessionClosed() {
        if (closeTimer != null) closeTimer.cancel(false);
        if (pendingGet != null) {
            // the reference answers a pending GET with a close packet
            List<OutPacket> out = new ArrayList<>(1);
            out.add(new OutPacket('1', null, false));
            respond(out, true);
        }
        releaseHeldPost(); // closed: the held POST is refused (unknown sid)
    }

    // ---- Transport ----

    /** Answers the pending GET with everything queued; nothing when no GET is pending. */
    @Override
    public void flush(OutboundQueue queue) {
        if (pendingGet != null) respond(queue.drainAll(), false);
    }

    /** True while a GET is pending (a packet sent now leaves at once). */
    @Override public boolean writable() { return writableHint; }

    void writable(boolean hint) { writableHint = hint; }

    /** Nothing to close: the session answers the pending GET itself (with a close packet). */
    @Override public void close() { }

    @Override public void suspendReads() { suspended = true; }

    @Override
    public void resumeReads() {
        suspended = false;
        releaseHeldPost();
    }

    /** Holds {@code answer} (the handling of a POST body) while reading is suspended; false when it is not. */
    boolean holdPost(Runnable answer) {
        if (!suspended) return false;
        heldPost = answer;
        return true;
    }

    /** Runs the held POST's handling now (resumed, or the session closed: then it is refused). */
    void releaseHeldPost() {
        Runnable held = heldPost;
        heldPost = null;
        if (held != null) held.run();
    }

    /** Whether a POST with this content type may carry a payload. */
    boolean acceptsPost(String contentType) {
        return session.payloadCodec().acceptsPost(contentType);
    }

    /** Answers the pending GET with {@code packets} (encoded as one payload); {@code thenClose}: the last answer. */
    void respond(List<OutPacket> packets, boolean thenClose) {
        PollExchange req = pendingGet;
        pendingGet = null;
        pendingGetArrivedWhilePolling = false;
        writableHint = false;
        boolean compress = false;
        for (OutPacket p : packets) compress |= p.compress();
        PayloadCodec.Encoded answer = session.payloadCodec().encode(req.alloc(), packets);
        session.packetsSent(packets.size(), answer.body().readableBytes());
        Future<Void> f = req.respond(answer.body(), answer.contentType(), compress);
        if (!thenClose) session.drainWhenDone(f);
    }
}
