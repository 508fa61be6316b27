package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.enlace.Args;
import io.enlace.parser.JsonParser;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;

/** Java arguments to JSON trees, ids. */
final class Payloads {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Payloads() {}

    static JsonNode toNode(ObjectMapper mapper, Object arg) {
        if (arg == null) return NullNode.instance;
        if (arg instanceof JsonNode n) return n;
        if (arg instanceof byte[] b) return BinaryNode.valueOf(b);
        if (arg instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            byte[] out = new byte[d.remaining()];
            d.get(out);
            return BinaryNode.valueOf(out);
        }
        if (arg instanceof Args a) return a.nodes();
        if (arg instanceof CharSequence s) return JsonNodeFactory.instance.textNode(s.toString());
        return mapper.valueToTree(arg);
    }

    static ArrayNode array(ObjectMapper mapper, String first, Object[] args) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode(args.length + 1);
        if (first != null) arr.add(first);
        for (Object a : args) arr.add(toNode(mapper, a));
        return arr;
    }

    static void checkEvent(String event) {
        if (event == null) throw new IllegalArgumentException("event name is null");
        if (JsonParser.RESERVED_EVENTS.contains(event)) throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
    }

    /** A 20-character random id, as Node's base64id. */
    static String newId() {
        byte[] b = new byte[15];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
