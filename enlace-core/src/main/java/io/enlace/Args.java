package io.enlace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of an event or an acknowledgement: a JSON array whose binary parts are {@code BinaryNode}s.
 * Read them as trees ({@link #node}) or bind them with Jackson ({@link #get}).
 *
 * <pre>{@code
 * socket.on("move", (args, ack) -> {
 *     int x = args.get(0, Integer.class);
 *     Point p = args.get(1, Point.class);
 *     byte[] blob = args.bytes(2);
 * });
 * }</pre>
 */
public final class Args {
    private final ArrayNode nodes;
    private final ObjectMapper mapper;

    /** Wraps these nodes (not copied: do not mutate them afterwards). */
    public Args(ArrayNode nodes, ObjectMapper mapper) {
        this.nodes = Objects.requireNonNull(nodes);
        this.mapper = Objects.requireNonNull(mapper);
    }

    /** Number of arguments. */
    public int size() { return nodes.size(); }

    /** True when there are no arguments. */
    public boolean isEmpty() { return nodes.isEmpty(); }

    /** The argument at {@code index} as a tree, or a {@code MissingNode} when absent. */
    public JsonNode node(int index) { return nodes.path(index); }

    /** The argument at {@code index} bound to {@code type} with the server's ObjectMapper (null when absent). */
    public <T> T get(int index, Class<T> type) {
        JsonNode n = nodes.get(index);
        if (n == null) return null;
        try {
            return mapper.treeToValue(n, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("argument " + index + " is not a " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The argument at {@code index} as text (null when absent or not a string). */
    public String string(int index) {
        JsonNode n = nodes.get(index);
        return n == null || !n.isTextual() ? null : n.textValue();
    }

    /** The argument at {@code index} as bytes (null when absent or not binary). */
    public byte[] bytes(int index) {
        JsonNode n = nodes.get(index);
        if (n == null || !n.isBinary()) return null;
        try {
            return n.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All arguments as a JSON array (the live array: do not mutate it). */
    public ArrayNode nodes() { return nodes; }

    /** All arguments as a list of trees. */
    public List<JsonNode> toList() {
        List<JsonNode> out = new ArrayList<>(nodes.size());
        nodes.forEach(out::add);
        return out;
    }

    /** The arguments as an {@code Object[]} of trees, to pass on to {@code emit}. */
    public Object[] toArray() { return toList().toArray(); }

    @Override
    public String toString() { return nodes.toString(); }
}
