package io.enlace.internal.engine;

import io.enlace.engine.CloseReason;
import io.enlace.internal.engine.codec.DecodeException;
import io.enlace.internal.engine.codec.FrameCodec;
import io.enlace.internal.engine.codec.InPacket;

/**
 * What the peer sends a session: WebSocket messages, decoded with the frame codec of the WebSocket they came on and routed by the identity
 * of the transport they came on (the transport in use, the upgrade's probe, or a stale one, dropped); then the packet
 * switch shared with polling bodies (ping direction, pong, message to the owner and the listeners). Runs on the
 * session's loop. Stateless (the session holds the state), so it is a class of static methods: no object per session.
 */
final class Inbound {
    private Inbound() {}

    /** A text message on {@code t}, read with {@code codec} (that WebSocket's: v3 chooses it per request). */
    static void onText(Session s, Transport t, FrameCodec codec, String text, int bytes) {
        if (s.state() == SessionState.CLOSED || (s.isCurrent(t) && s.pingDeadlinePassed())) return;
        s.packetsReceived(1, bytes);
        Upgrade upgrade = s.upgradeProbing(t);
        InPacket p;
        try {
            p = codec.decodeText(text);
        } catch (DecodeException e) {
            if (upgrade != null) upgrade.cancel("invalid probe packet");
            else if (s.isCurrent(t)) s.onClose(CloseReason.PARSE_ERROR, e.getMessage());
            return;
        }
        if (upgrade != null) {
            upgrade.onProbePacket(p);
        } else if (s.isCurrent(t)) {
            if (p.type() == '1') s.onClose(CloseReason.TRANSPORT_CLOSE, null);
            else onPacket(s, p, false);
        }
    }

    /** A binary message on {@code t}, read with {@code codec} (a probe must not send one). */
    static void onBinary(Session s, Transport t, FrameCodec codec, byte[] data) {
        if (s.state() == SessionState.CLOSED) return;
        s.packetsReceived(1, data.length);
        Upgrade upgrade = s.upgradeProbing(t);
        if (upgrade != null) {
            upgrade.cancel("binary frame during probe");
            return;
        }
        if (!s.isCurrent(t)) return;
        InPacket p;
        try {
            p = codec.decodeBinary(data);
        } catch (DecodeException e) {
            s.onClose(CloseReason.PARSE_ERROR, e.getMessage());
            return;
        }
        onPacket(s, p, true);
    }

    /** {@code t} closed or failed: the end of the probe (the upgrade is cancelled) or of the session. */
    static void onClosed(Session s, Transport t, boolean error, String description) {
        Upgrade upgrade = s.upgradeProbing(t);
        if (upgrade != null) {
            upgrade.cancel("probe transport closed");
        } else if (s.isCurrent(t)) {
            s.onClose(error ? CloseReason.TRANSPORT_ERROR : CloseReason.TRANSPORT_CLOSE, description);
        }
    }

    /** A packet from the transport in use (a close packet is handled by the caller). */
    static void onPacket(Session s, InPacket p, boolean binary) {
        if (!s.state().isOpen()) return;
        SessionListeners listeners = s.listeners();
        listeners.firePacket(p.type(), binary);
        switch (p.type()) {
            case '2' -> {
                if (s.heartbeat().onPing()) s.sendPacket('3', null, false); // v3: a pong without data, "probe" or not
                else s.onError(new IllegalStateException("invalid heartbeat direction"));
            }
            case '3' -> {
                if (!s.heartbeat().onPong()) s.onError(new IllegalStateException("invalid heartbeat direction"));
            }
            case '4' -> listeners.fireMessage(s.owner(), p.data());
            default -> { /* open, upgrade, noop: ignored as the reference does */ }
        }
    }
}
