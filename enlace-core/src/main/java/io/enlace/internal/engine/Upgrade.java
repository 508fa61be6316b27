package io.enlace.internal.engine;

import io.enlace.engine.EngineError;
import io.enlace.internal.engine.codec.FrameCodec;
import io.enlace.internal.engine.codec.InPacket;
import io.enlace.internal.engine.codec.OutPacket;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The upgrade sub-machine of a polling session (transitions T6 to T9 of {@link SessionState}): takes or refuses a
 * WebSocket offered for the session, answers "2probe" on the probe, holds GETs while probed (the 100 ms noop tick),
 * completes the upgrade on "5" or cancels it (timeout, bad packet, probe closed). It owns the probe, the
 * {@code upgradeTimeout} timer, the noop tick and the futures that order writes across connections (the "3probe"
 * write: probes refused meanwhile are closed after it; after the upgrade, polling requests are refused after it, so a
 * client sees "3probe" before the refusals its later requests caused). The session's state field stays the one state
 * of the session: this changes it through the session. Confined to the session's loop.
 */
final class Upgrade {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final List<OutPacket> NOOP = List.of(new OutPacket('6', null, false));

    private final Session session;
    /** The WebSocket being probed, or null. */
    private WebSocketTransport probe;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> noopTick;
    /** The "3probe" write of the probe under way. */
    private Future<?> probeWrite;
    /** After the upgrade: the "3probe" write, until it is done. */
    private Future<?> probeResponse;

    Upgrade(Session session) {
        this.session = session;
    }

    /** Whether {@code t} is the probe under way. */
    boolean isProbe(Transport t) { return probe != null && t == probe; }

    /**
     * A WebSocket for this session was accepted (101): it becomes the probe (T6) when the session is polling with no
     * upgrade under way and upgrades are allowed, else it is closed (T6r).
     */
    void offer(WebSocketTransport t) {
        SessionState state = session.state();
        boolean upgradable = state == SessionState.POLLING || state == SessionState.UPGRADE_REQUESTED;
        if (!upgradable || session.onWebSocket() || !session.options().allowUpgrades()) {
            if (state == SessionState.UPGRADE_REQUESTED) session.transition(SessionState.POLLING); // T6r
            // accepted (101), then closed; after the probe response is on the wire, as for polling refusals
            refuse(t);
            return;
        }
        session.transition(SessionState.PROBING);
        probe = t;
        timer = session.eventLoop().schedule(() -> {
            if (probe == t) cancel("upgrade timeout");
        }, session.options().upgradeTimeout(), TimeUnit.MILLISECONDS);
    }

    /** Closes a refused WebSocket (T6r) once the probe response under way or just done is on the wire. */
    void refuse(WebSocketTransport t) {
        Future<?> w = probeWrite != null ? probeWrite : probeResponse;
        if (w != null && !w.isDone()) w.addListener(f -> t.close());
        else t.close();
    }

    /** A packet on the probe: "2probe" (T7, T7'), "5" (T8), anything else cancels the upgrade (T9). */
    void onProbePacket(InPacket p) {
        if (p.type() == '2' && "probe".equals(p.data())) {
            answerProbe();
            if (session.state() == SessionState.PROBING) {
                session.transition(SessionState.PROBED);
                session.listeners().fireUpgrading();
                // the poll that was in flight when the probe transport arrived is released at once; any other GET
                // is answered by the 100 ms check, as the reference does
                PollingTransport polling = session.polling();
                if (polling.pendingGet != null && polling.pendingGetArrivedWhilePolling) polling.respond(NOOP, false);
                cancel(noopTick);
                noopTick = session.eventLoop().scheduleAtFixedRate(() -> {
                    if (polling.pendingGet != null && session.state() == SessionState.PROBED) polling.respond(NOOP, false);
                }, 100, 100, TimeUnit.MILLISECONDS);
            }
        } else if (p.type() == '5') {
            complete();
        } else {
            cancel("unexpected packet during probe: " + p.type());
        }
    }

    /** Writes "3probe" on the probe, encoded by the probe's codec. */
    private void answerProbe() {
        OutPacket pong = new OutPacket('3', "probe", true);
        FrameChannel frames = probe.frames;
        FrameCodec codec = probe.codec;
        probeWrite = frames.write(codec.encode(frames.alloc(), pong), codec.isText(pong), true);
        frames.flushSoon();
    }

    /**
     * The upgrade completes (T8): timers stopped; a GET held meanwhile is refused after the "3probe" write (kept to
     * order later refusals); the probe becomes the session's transport and the queue is flushed on it.
     */
    private void complete() {
        WebSocketTransport t = probe;
        stopTimers();
        probe = null;
        Future<?> probeWritten = probeWrite;
        probeWrite = null;
        probeResponse = probeWritten;
        PollingTransport polling = session.polling();
        if (polling.pendingGet != null) {
            // a GET that came during the upgrade: once upgraded, polling requests are a transport mismatch
            // (answered once the probe response is on the wire, so the client sees them in the order it caused them)
            PollExchange held = polling.pendingGet;
            polling.pendingGet = null;
            held.refuseAfter(probeWritten, EngineError.BAD_REQUEST, "TRANSPORT_MISMATCH");
        }
        session.upgradedTo(t);
    }

    /** The upgrade failed (T9): timers stopped, the probe closed, back to polling (closing: stays closing). */
    void cancel(String why) {
        log.debug("session {}: upgrade cancelled: {}", session.id(), why);
        WebSocketTransport t = detach();
        if (session.state().isProbing()) session.transition(SessionState.POLLING);
        if (t != null) t.close();
        session.flush();
    }

    /** The write later polling refusals wait for, or null once it is done. */
    Future<?> probeResponse() {
        if (probeResponse != null && probeResponse.isDone()) probeResponse = null;
        return probeResponse;
    }

    /** The session closed (T12): timers stopped, the probe closed. */
    void stop() {
        WebSocketTransport t = detach();
        if (t != null) t.close();
    }

    /** Timers stopped; returns the probe (now forgotten), or null. */
    private WebSocketTransport detach() {
        WebSocketTransport t = probe;
        probe = null;
        stopTimers();
        return t;
    }

    private void stopTimers() {
        cancel(timer);
        cancel(noopTick);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }
}
