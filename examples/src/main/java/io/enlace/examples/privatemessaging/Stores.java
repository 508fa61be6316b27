package io.enlace.examples.privatemessaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The in-memory session and message stores of the example (thread-safe: handlers of different sockets run in parallel). */
final class Stores {
    private Stores() {}

    /** A user's session: what a reconnecting tab finds again with its {@code sessionID}. */
    record Session(String userID, String username, boolean connected) {}

    /** A private message. */
    record Message(String content, String from, String to) {}

    /** Sessions by id, in creation order (the order the users list shows). */
    static final class SessionStore {
        private final Map<String, Session> sessions = new LinkedHashMap<>();

        synchronized Session find(String id) { return sessions.get(id); }

        synchronized void save(String id, Session session) { sessions.put(id, session); }

        synchronized List<Session> all() { return List.copyOf(sessions.values()); }

        /** Marks the session disconnected; true for the caller that changed it (once per disconnection). */
        synchronized boolean disconnect(String id) {
            Session s = sessions.get(id);
            if (s == null || !s.connected()) return false;
            sessions.put(id, new Session(s.userID(), s.username(), false));
            return true;
        }
    }

    /** Every message, in the order they were sent. */
    static final class MessageStore {
        private final List<Message> messages = new ArrayList<>();

        synchronized void save(Message message) { messages.add(message); }

        synchronized List<Message> forUser(String userID) {
            return messages.stream().filter(m -> m.from().equals(userID) || m.to().equals(userID)).toList();
        }
    }
}
