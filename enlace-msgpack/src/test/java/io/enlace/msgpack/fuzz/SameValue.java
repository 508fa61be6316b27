package io.enlace.msgpack.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.enlace.msgpack.TimestampNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * Equality of decoded trees as JavaScript sees them: a number is its value whatever its node type (notepack writes an
 * integral float as an int), a date its instant (to the millisecond when {@code millis}), objects compare entry by
 * entry whatever the order.
 */
final class SameValue {
    private SameValue() {}

    static boolean same(JsonNode a, JsonNode b, boolean millis) {
        if (a == null || b == null) return a == b;
        if (a instanceof TimestampNode ta) {
            if (!(b instanceof TimestampNode tb)) return false;
            return millis ? ta.epochMilli() == tb.epochMilli() : ta.instant().equals(tb.instant());
        }
        if (a.isNumber() && b.isNumber()) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (Double.isNaN(x) || Double.isNaN(y)) return Double.isNaN(x) && Double.isNaN(y);
            if (Double.isInfinite(x) || Double.isInfinite(y)) return x == y;
            return new BigDecimal(a.numberValue().toString()).compareTo(new BigDecimal(b.numberValue().toString())) == 0
                    || x == y;
        }
        if (a.getNodeType() != b.getNodeType()) return false;
        if (a.isBinary()) {
            try {
                return Arrays.equals(a.binaryValue(), b.binaryValue());
            } catch (java.io.IOException e) {
                return false;
            }
        }
        if (a.isArray()) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i), millis)) return false;
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) return false;
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!same(e.getValue(), b.get(e.getKey()), millis)) return false;
            }
            return true;
        }
        return a.equals(b);
    }
}
