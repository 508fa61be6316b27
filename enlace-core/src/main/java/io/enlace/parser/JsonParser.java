package io.enlace.parser;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDecorator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default parser, compatible with socket.io-parser 4.x: text packets
 * {@code <type>[<attachments>-][<nsp>,][<id>][<json>]}, binary data carried as separate attachments referenced by
 * {@code {"_placeholder":true,"num":N}}. Decoding validates payloads as the reference's {@code isPayloadValid} and
 * limits attachments to {@link #maxAttachments()} (default 10).
 */
public final class JsonParser implements Parser {

    /** Event names a client may not send. */
    public static final Set<String> RESERVED_EVENTS =
            Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    private final ObjectMapper mapper;
    /** Reads payload trees; its root deserializer is looked up once (ObjectMapper.readTree resolves it per call). */
    private final ObjectReader treeReader;
    private final int maxAttachments;

    /** A parser with {@link #defaultMapper()} and at most 10 attachments. */
    public JsonParser() { this(defaultMapper(), 10); }

    /** A parser writing with this mapper, at most 10 attachments. */
    public JsonParser(ObjectMapper mapper) { this(mapper, 10); }

    /** A parser writing with this mapper, accepting at most {@code maxAttachments} attachments per packet. */
    public JsonParser(ObjectMapper mapper, int maxAttachments) {
        this.mapper = Objects.requireNonNull(mapper);
        this.treeReader = mapper.readerFor(JsonNode.class);
        this.maxAttachments = maxAttachments;
    }

    /**
     * The mapper Enlace uses by default: compact output, null fields kept, properties in declaration order, unknown
     * properties ignored when binding, trailing garbage refused when reading, and NaN and ±Infinity written as
     * {@code null}, as {@code JSON.stringify} writes them (Jackson would write the strings {@code "NaN"},
     * {@code "Infinity"}; a client reading {@code 1e400} gets Infinity, and Node echoes it back as null).
     */
    public static ObjectMapper defaultMapper() {
        JsonFactory factory = JsonFactory.builder().addDecorator(NON_FINITE_AS_NULL).build();
        return JsonMapper.builder(factory)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Writes non-finite floating-point numbers as null, whatever the value's type (tree node, boxed or primitive). */
    private static final JsonGeneratorDecorator NON_FINITE_AS_NULL = (f, g) -> new JsonGeneratorDelegate(g, true) {
        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) super.writeNumber(v);
            else writeNull();
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) super.writeNumber(v);
            else writeNull();
        }

        @Override
        public void writeArray(double[] array, int offset, int length) throws IOException {
            writeStartArray(array, length);
            for (int i = offset, end = offset + length; i < end; i++) writeNumber(array[i]);
            writeEndArray();
        }
    };

    /** The attachment limit. */
    public int maxAttachments() { return maxAttachments; }

    @Override
    public List<Object> encode(Packet packet) {
        JsonNode data = packet.data();
        List<byte[]> attachments = null;
        if (data != null && hasBinary(data)) {
            attachments = new ArrayList<>();
            data = deconstruct(data, attachments);
        }
        StringBuilder sb = new StringBuilder(64);
        PacketType type = packet.type();
        if (attachments != null) {
            type = type == PacketType.ACK ? PacketType.BINARY_ACK : type == PacketType.EVENT ? PacketType.BINARY_EVENT : type;
        }
        sb.append((char) ('0' + type.code()));
        if (attachments != null) sb.append(attachments.size()).append('-');
        if (!"/".equals(packet.nsp())) sb.append(packet.nsp()).append(',');
        if (packet.hasId()) sb.append(packet.id());
        if (data != null) {
            try {
                sb.append(mapper.writeValueAsString(data));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot encode packet data", e);
            }
        }
        if (attachments == null) return List.of(sb.toString());
        List<Object> out = new ArrayList<>(1 + attachments.size());
        out.add(sb.toString());
        out.addAll(attachments);
        return List.copyOf(out);
    }

    /** True when the tree holds a {@code BinaryNode} anywhere. */
    public static boolean hasBinary(JsonNode node) {
        if (node.isBinary()) return true;
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                if (hasBinary(child)) return true;
            }
        }
        return false;
    }

    private static JsonNode deconstruct(JsonNode node, List<byte[]> out) {
        if (node instanceof BinaryNode bin) {
            ObjectNode ph = JsonNodeFactory.instance.objectNode();
            ph.put("_placeholder", true);
            ph.put("num", out.size());
            out.add(bin.binaryValue());
            return ph;
        }
        if (node instanceof ArrayNode arr) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(arr.size());
            for (JsonNode c : arr) copy.add(deconstruct(c, out));
            return copy;
        }
        if (node instanceof ObjectNode obj) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), deconstruct(e.getValue(), out));
            }
            return copy;
        }
        return node;
    }

    @Override
    public Decoder newDecoder() { return new JsonDecoder(); }

    private final class JsonDecoder implements Decoder {
        private Packet pending;
        private int expected;
        private List<byte[]> buffers;

        @Override
        public Packet add(Object message) throws ParseException {
            if (message instanceof String text) {
                if (pending != null) throw new ParseException("got plaintext data when reconstructing a packet");
                return decodeText(text);
            }
            if (message instanceof byte[] bytes) {
                if (pending == null) throw new ParseException("got binary data when not reconstructing a packet");
                buffers.add(bytes);
                if (buffers.size() < expected) return null;
                Packet p = pending;
                List<byte[]> bufs = buffers;
                destroy();
                JsonNode data = reconstruct(p.data(), bufs);
                return new Packet(p.type(), p.nsp(), p.id(), data);
            }
            throw new ParseException("unknown message type");
        }

        private Packet decodeText(String str) throws ParseException {
            int len = str.length();
            if (len == 0) throw new ParseException("empty packet");
            char c0 = str.charAt(0);
            PacketType type = c0 >= '0' && c0 <= '9' ? PacketType.of(c0 - '0') : null;
            if (type == null) throw new ParseException("unknown packet type " + c0);
            int i = 0;
            int attachments = -1;
            if (type == PacketType.BINARY_EVENT || type == PacketType.BINARY_ACK) {
                int start = i + 1;
                while (++i < len && str.charAt(i) != '-') { /* scan */ }
                if (i >= len) throw new ParseException("Illegal attachments");
                String buf = str.substring(start, i);
                if (buf.isEmpty() || buf.length() > 9 || !allDigits(buf)) throw new ParseException("Illegal attachments");
                attachments = Integer.parseInt(buf);
                // as socket.io-parser: a binary packet carries at least one attachment
                if (attachments < 1) throw new ParseException("Illegal attachments");
                if (attachments > maxAttachments) throw new ParseException("too many attachments");
            }
            String nsp = "/";
            if (i + 1 < len && str.charAt(i + 1) == '/') {
                int start = i + 1;
                while (++i < len && str.charAt(i) != ',') { /* scan */ }
                nsp = str.substring(start, i);
            }
            long id = Packet.NO_ID;
            if (i + 1 < len && isDigit(str.charAt(i + 1))) {
                int start = i + 1;
                while (i + 1 < len && isDigit(str.charAt(i + 1))) i++;
                id = ackId(str, start, i + 1);
            }
            JsonNode data = null;
            if (++i < len) {
                try {
                    data = treeReader.readTree(str.substring(i));
                } catch (JsonProcessingException e) {
                    throw new ParseException("invalid payload", e);
                }
                if (data == null || !isPayloadValid(type, data)) throw new ParseException("invalid payload");
            }
            Packet p;
            if (attachments >= 0) {
                PacketType plain = type == PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK;
                p = new Packet(plain, nsp, id, data);
                if (attachments == 0) return new Packet(plain, nsp, id, reconstruct(data, List.of()));
                pending = p;
                expected = attachments;
                buffers = new ArrayList<>(attachments);
                return null;
            }
            return new Packet(type, nsp, id, data);
        }

        @Override
        public void destroy() {
            pending = null;
            buffers = null;
            expected = 0;
        }
    }

    static boolean isPayloadValid(PacketType type, JsonNode payload) {
        switch (type) {
            case CONNECT:
                return payload.isObject();
            case DISCONNECT:
                return false;
            case CONNECT_ERROR:
                return payload.isTextual() || payload.isObject();
            case EVENT:
            case BINARY_EVENT: {
                if (!payload.isArray() || payload.isEmpty()) return false;
                JsonNode first = payload.get(0);
                return first.isNumber() || (first.isTextual() && !RESERVED_EVENTS.contains(first.textValue()));
            }
            case ACK:
            case BINARY_ACK:
                return payload.isArray();
            default:
                return false;
        }
    }

    private static JsonNode reconstruct(JsonNode node, List<byte[]> buffers) throws ParseException {
        if (node instanceof ObjectNode obj) {
            JsonNode ph = obj.get("_placeholder");
            if (ph != null && ph.isBoolean() && ph.booleanValue()) {
                JsonNode num = obj.get("num");
                if (num != null && num.isNumber() && num.canConvertToInt()) {
                    double d = num.doubleValue();
                    int n = num.intValue();
                    if (d == n && n >= 0 && n < buffers.size()) return BinaryNode.valueOf(buffers.get(n));
                }
                throw new ParseException("illegal attachments");
            }
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode r = reconstruct(e.getValue(), buffers);
                if (r != e.getValue()) e.setValue(r);
            }
            return obj;
        }
        if (node instanceof ArrayNode arr) {
            for (int k = 0; k < arr.size(); k++) {
                JsonNode c = arr.get(k);
                JsonNode r = reconstruct(c, buffers);
                if (r != c) arr.set(k, r);
            }
            return arr;
        }
        return node;
    }

    /** The largest ack id: JavaScript's {@code Number.MAX_SAFE_INTEGER}, the last id Node echoes back unchanged. */
    public static final long MAX_ACK_ID = (1L << 53) - 1;

    /**
     * The ack id in {@code str[start, end)} (digits only; leading zeros allowed, as Node reads them). An id above
     * {@link #MAX_ACK_ID} is refused: Node would answer it with another id (rounded to a double) or an unparseable one
     * ({@code 1e+23}), so its ack could never reach the client.
     */
    static long ackId(String str, int start, int end) throws ParseException {
        long id = 0;
        for (int k = start; k < end; k++) {
            id = id * 10 + (str.charAt(k) - '0');
            if (id > MAX_ACK_ID) throw new ParseException("invalid ack id (above 2^53-1)");
        }
        return id;
    }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private static boolean allDigits(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (!isDigit(s.charAt(k))) return false;
        }
        return true;
    }
}
