package io.enlace.internal.engine;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The open sessions of one engine by sid, and how many of them are on long-polling now (Node's
 * {@code clientsCount}, by transport). Sids are 15 random bytes from a {@link SecureRandom}, base64url (20
 * characters): never chosen by the client. Thread-safe.
 */
final class SessionRegistry {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder SID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    /** Sessions registered here whose transport is polling now (the others are on WebSocket). */
    private final AtomicInteger polling = new AtomicInteger();

    /** A new session under a fresh sid, made by {@code create} (called again on the rare sid collision). */
    Session register(Function<String, Session> create, boolean onPolling) {
        while (true) {
            String id = generateId();
            Session s = create.apply(id);
            if (sessions.putIfAbsent(id, s) == null) {
                if (onPolling) polling.incrementAndGet();
                return s;
            }
        }
    }

    /** Removes {@code s} (once; a session that was on polling then leaves the polling count). */
    void unregister(Session s) {
        if (sessions.remove(s.id(), s) && "polling".equals(s.transportName())) polling.decrementAndGet();
    }

    /** A registered session moved from polling to WebSocket. */
    void upgraded() { polling.decrementAndGet(); }

    /** The session with this id, or null. */
    Session get(String sid) { return sessions.get(sid); }

    int size() { return sessions.size(); }

    /** Sessions on {@code transport} now: {@code polling} or {@code websocket}. */
    int count(String transport) {
        int p = polling.get();
        return switch (transport) {
            case "polling" -> p;
            case "websocket" -> Math.max(0, sessions.size() - p);
            default -> throw new IllegalArgumentException("unknown transport " + transport + " (polling or websocket)");
        };
    }

    /** The sessions open now (a live view). */
    Collection<Session> all() { return sessions.values(); }

    /** 15 random bytes, base64url: 20 characters. */
    static String generateId() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return SID_ENCODER.encodeToString(b);
    }
}
