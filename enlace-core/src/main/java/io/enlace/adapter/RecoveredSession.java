package io.enlace.adapter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.internal.util.OrderedSets;

import java.util.List;
import java.util.Set;

/**
 * A session found by {@link Adapter#restoreSession}.
 *
 * @param sid            socket id
 * @param pid            private session id
 * @param rooms          rooms to re-join
 * @param data           user data
 * @param missedPackets  the EVENT payloads ({@code [event, ...args, offset]}) emitted to it while away, in order
 */
public record RecoveredSession(String sid, String pid, Set<String> rooms, Object data, List<ArrayNode> missedPackets) {
    public RecoveredSession {
        rooms = OrderedSets.copyOf(rooms);
        missedPackets = List.copyOf(missedPackets);
    }
}
