package io.enlace.internal.engine;

import io.enlace.internal.engine.codec.OutPacket;
import io.enlace.internal.engine.codec.PayloadCodec;
import io.netty.util.concurrent.Future;

import java.util.List;

/**
 * The long-polling side of a session: the pending GET (with what it was stamped with when it arrived), the POST whose
 * body is on its way, a POST answer held back while the layer above is behind, and the answers (payloads through the
 * payload codec). The session decides when to answer; this does the answering. Confined to the session's loop except
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

    PollingTransport(Session session) {
        this.session = session;
    }

    @Override public String name() { return "polling"; }

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
