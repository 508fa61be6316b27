package io.enlace.adapter;

import io.enlace.internal.util.OrderedSets;

import java.util.Set;

/**
 * The state of a socket that left with a recoverable reason (connection state recovery).
 *
 * @param sid   socket id
 * @param pid   private session id
 * @param rooms rooms at the time of the disconnection
 * @param data  the socket's user data
 */
public record PersistedSession(String sid, String pid, Set<String> rooms, Object data) {
    public PersistedSession { rooms = OrderedSets.copyOf(rooms); }
}
