package io.enlace.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;

/**
 * Converts Jackson trees to msgpack and back exactly as <a href="https://github.com/darrachequesne/notepack">notepack.io</a>
 * 3.x does with the equivalent JavaScript values (notepack is the codec of socket.io's Redis adapter, emitter and msgpack
 * parser).
 *
 * <p>Encoding: integral numbers (of any node type, so {@code 2.0} too) use the smallest msgpack int format, with
 * {@code uint*} for non-negative and {@code int*} for negative values; every other number (and NaN/Infinity) is a
 * float64. Integral values outside [-2<sup>63</sup>, 2<sup>64</sup>) are written as float64 (notepack writes
 * truncated garbage there). Strings are str (fixstr/str8/16/32) in UTF-8, a lone surrogate becoming U+FFFD;
 * {@link BinaryNode} and {@code byte[]} POJOs are bin8/16/32; null and {@link MissingNode} are nil, except that object
 * entries whose value is a {@link MissingNode} are dropped (notepack drops {@code undefined} values); object key order is
 * kept; {@link TimestampNode}, and POJOs holding an {@link Instant} or {@link Date}, are the Timestamp extension (-1) in
 * the 32/64/96-bit form notepack picks.
 *
 * <p>Decoding: ints become {@link IntNode}, {@link LongNode} or (above 2<sup>63</sup>-1) {@link BigIntegerNode};
 * float32 and float64 become {@link DoubleNode}; str a {@link TextNode} (invalid UTF-8 replaced by U+FFFD); bin a
 * {@link BinaryNode}; the Timestamp extension and notepack's legacy date ({@code d7 00} + int64 ms) a
 * {@link TimestampNode}; notepack's legacy ArrayBuffer extension (ext8/16/32 of type 0) a {@link BinaryNode}; its
 * legacy {@code undefined} ({@code d4 00 00}) is dropped from objects, null in arrays and {@link MissingNode} at the
 * top; any other extension becomes {@code [type, bin]} as in notepack. Map keys that are ints, booleans or nil become
 * their JavaScript string form. Truncated input, trailing bytes, the never-used byte {@code 0xc1}, lengths beyond the
 * input, nesting deeper than {@value #MAX_DEPTH} and dates outside JavaScript's Date range
 * ({@link TimestampNode#MAX_EPOCH_MILLI}) throw {@link MsgpackException}.
 *
 * <p>Two encoders exist, because socket.io ships two notepack.io versions: {@link #notepack()} (3.x, used by
 * {@code @socket.io/redis-adapter} and {@code @socket.io/redis-emitter}) and {@link #notepackLegacy()} (2.2.0, the
 * dependency of {@code socket.io-msgpack-parser} 3.0.2 and so of {@code socket.io.msgpack.min.js} clients, which can
 * not read the Timestamp extension). The legacy one writes dates as {@code d7 00} + int64 milliseconds and
 * {@link MissingNode} (undefined) as {@code d4 00 00}, keeping such object entries. Decoding is the same for both and
 * accepts every form either version writes.
 *
 * <p>Thread-safe; encoding reuses a per-thread buffer.
 */
public final class MsgpackCodec {
    /** Deepest nesting of arrays and maps accepted by the decoder. */
    public static final int MAX_DEPTH = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double TWO_63 = 0x1p63;
    private static final double TWO_64 = 0x1p64;
    private static final ThreadLocal<MessageBufferPacker> PACKERS = ThreadLocal.withInitial(MessagePack::newDefaultBufferPacker);

    private static final MsgpackCodec NOTEPACK = new MsgpackCodec(false);
    private static final MsgpackCodec NOTEPACK_LEGACY = new MsgpackCodec(true);

    private final boolean legacy;

    private MsgpackCodec(boolean legacy) {
        this.legacy = legacy;
    }

    /** @return the notepack.io 3.x encoder (dates as the Timestamp extension, undefined entries dropped) */
    public static MsgpackCodec notepack() { return NOTEPACK; }

    /** @return the notepack.io 2.2.0 encoder of socket.io-msgpack-parser (legacy date and undefined extensions) */
    public static MsgpackCodec notepackLegacy() { return NOTEPACK_LEGACY; }

    /**
     * Encodes a tree.
     *
     * @param node the tree (null means nil)
     * @return the msgpack bytes
     * @throws MsgpackException for a POJO node that holds something other than bytes or a date
     */
    public byte[] encode(JsonNode node) {
        MessageBufferPacker packer = PACKERS.get();
        packer.clear();
        try {
            write(packer, node);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new MsgpackException("msgpack encoding failed", e);
        } finally {
            packer.clear();
        }
    }

    /**
     * Writes a tree to a packer (for callers that frame trees inside larger messages).
     *
     * @param packer where to write
     * @param node   the tree (null means nil)
     * @throws IOException from the packer's output
     */
    public void write(MessagePacker packer, JsonNode node) throws IOException {
        if (node == null) {
            packer.packNil();
            return;
        }
        switch (node.getNodeType()) {
            case ARRAY -> {
                packer.packArrayHeader(node.size());
                for (JsonNode element : node) {
                    write(packer, element);
                }
            }
            case OBJECT -> {
                int count = 0;
                for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                    if (!it.next().isMissingNode() || legacy) {
                        count++;
                    }
                }
                packer.packMapHeader(count);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (legacy || !e.getValue().isMissingNode()) {
                        writeString(packer, e.getKey());
                        write(packer, e.getValue());
                    }
                }
            }
            case STRING -> {
                if (node instanceof TimestampNode ts) {
                    writeDate(packer, ts.instant());
                } else {
                    writeString(packer, node.textValue());
                }
            }
            case NUMBER -> writeNumber(packer, node);
            case BOOLEAN -> packer.packBoolean(node.booleanValue());
            case NULL -> packer.packNil();
            case MISSING -> {
                if (legacy) {
                    packer.packExtensionTypeHeader((byte) 0, 1);
                    packer.writePayload(new byte[] {0});
                } else {
                    packer.packNil();
                }
            }
            case BINARY -> writeBinary(packer, ((BinaryNode) node).binaryValue());
            case POJO -> writePojo(packer, ((POJONode) node).getPojo());
        }
    }

    /**
     * Writes a string as notepack does (UTF-8, str header of the smallest size).
     *
     * @param packer where to write
     * @param s      the string
     * @throws IOException from the packer's output
     */
    public static void writeString(MessagePacker packer, String s) throws IOException {
        byte[] utf8 = utf8(s);
        packer.packRawStringHeader(utf8.length);
        packer.writePayload(utf8);
    }

    private static void writeBinary(MessagePacker packer, byte[] bytes) throws IOException {
        packer.packBinaryHeader(bytes.length);
        packer.writePayload(bytes);
    }

    private void writePojo(MessagePacker packer, Object pojo) throws IOException {
        if (pojo == null) {
            packer.packNil();
        } else if (pojo instanceof byte[] bytes) {
            writeBinary(packer, bytes);
        } else if (pojo instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            writeBinary(packer, bytes);
        } else if (pojo instanceof Instant instant) {
            writeDate(packer, instant);
        } else if (pojo instanceof Date date) {
            writeDate(packer, Instant.ofEpochMilli(date.getTime()));
        } else if (pojo instanceof JsonNode tree) {
            write(packer, tree);
        } else {
            throw new MsgpackException("cannot encode a POJO node holding " + pojo.getClass().getName());
        }
    }

    private void writeDate(MessagePacker packer, Instant instant) throws IOException {
        if (legacy) {
            packer.packExtensionTypeHeader((byte) 0, 8);
            long ms = TimestampNode.of(instant).epochMilli();
            byte[] b = new byte[8];
            for (int i = 7; i >= 0; i--) {
                b[i] = (byte) ms;
                ms >>= 8;
            }
            packer.writePayload(b);
        } else {
            packer.packTimestamp(instant);
        }
    }

    private static void writeNumber(MessagePacker packer, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT, LONG -> packer.packLong(node.longValue());
            case BIG_INTEGER -> {
                BigInteger v = node.bigIntegerValue();
                if (v.bitLength() <= 63) {
                    packer.packLong(v.longValue());
                } else if (v.signum() > 0 && v.bitLength() == 64) {
                    packer.packBigInteger(v);
                } else {
                    packer.packDouble(v.doubleValue());
                }
            }
            default -> writeDouble(packer, node.doubleValue());
        }
    }

    /**
     * Writes a JavaScript number as notepack does: integral values as ints, others as float64.
     *
     * @param packer where to write
     * @param v      the number
     * @throws IOException from the packer's output
     */
    public static void writeDouble(MessagePacker packer, double v) throws IOException {
        if (Double.isFinite(v) && Math.floor(v) == v) {
            if (v >= -TWO_63 && v < TWO_63) {
                packer.packLong((long) v);
                return;
            }
            if (v >= TWO_63 && v < TWO_64) {
                packer.packBigInteger(new BigDecimal(v).toBigIntegerExact());
                return;
            }
        }
        packer.packDouble(v);
    }

    /** UTF-8 as Node's Buffer writes it: a lone surrogate becomes U+FFFD. */
    static byte[] utf8(String s) {
        int n = s.length();
        int len = 0;
        boolean simple = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len++;
            } else {
                simple = false;
                break;
            }
        }
        if (simple) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                len += 1;
            } else if (c < 0x800) {
                len += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                len += 4;
                i++;
            } else {
                len += 3; // BMP char, or a lone surrogate written as U+FFFD
            }
        }
        byte[] out = new byte[len];
        int o = 0;
        for (int i = 0; i < n; i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xc0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3f));
            } else {
                if (Character.isSurrogate((char) c)) {
                    if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint((char) c, s.charAt(++i));
                        out[o++] = (byte) (0xf0 | (cp >> 18));
                        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                        out[o++] = (byte) (0x80 | (cp & 0x3f));
                        continue;
                    }
                    c = 0xfffd;
                }
                out[o++] = (byte) (0xe0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[o++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return out;
    }

    /**
     * Decodes one msgpack value that must fill the whole array.
     *
     * @param bytes the input
     * @return the tree
     * @throws MsgpackException on invalid input
     */
    public static JsonNode decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes one msgpack value that must fill the whole range.
     *
     * @param bytes  the input
     * @param offset where the value starts
     * @param length how many bytes it takes
     * @return the tree
     * @throws MsgpackException on invalid input
     */
    public static JsonNode decode(byte[] bytes, int offset, int length) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes, offset, length)) {
            return decodeWhole(unpacker, length);
        } catch (IOException e) {
            throw new MsgpackException("invalid msgpack: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one msgpack value that must fill the buffer's remaining bytes (its position is not moved).
     *
     * @param buffer the input
     * @return the tree
     * @throws MsgpackException on invalid input
     */
    public static JsonNode decode(ByteBuffer buffer) {
        int length = buffer.remaining();
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(buffer.duplicate())) {
            return decodeWhole(unpacker, length);
        } catch (IOException e) {
            throw new MsgpackException("invalid msgpack: " + e.getMessage(), e);
        }
    }

    private static JsonNode decodeWhole(MessageUnpacker unpacker, long length) throws IOException {
        try {
            if (length == 0) {
                throw new MsgpackException("invalid msgpack: empty input");
            }
            JsonNode value = new Reader(unpacker, length).read(0);
            if (unpacker.hasNext()) {
                throw new MsgpackException("invalid msgpack: " + (length - unpacker.getTotalReadBytes()) + " trailing bytes");
            }
            return value;
        } catch (MessagePackException e) {
            throw new MsgpackException("invalid msgpack: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /** One decoding pass; {@link MissingNode} stands for JavaScript's undefined while reading. */
    private static final class Reader {
        private final MessageUnpacker in;
        private final long length;

        Reader(MessageUnpacker in, long length) {
            this.in = in;
            this.length = length;
        }

        private long remaining() {
            return length - in.getTotalReadBytes();
        }

        private int checkedLength(long claimed, int bytesPerItem) {
            if (claimed < 0 || claimed * bytesPerItem > remaining()) {
                throw new MsgpackException("invalid msgpack: length " + claimed + " exceeds the input");
            }
            return (int) claimed;
        }

        JsonNode read(int depth) throws IOException {
            if (!in.hasNext()) {
                throw new MsgpackException("invalid msgpack: truncated input");
            }
            MessageFormat format = in.getNextFormat();
            switch (format.getValueType()) {
                case NIL:
                    in.unpackNil();
                    return NullNode.instance;
                case BOOLEAN:
                    return BooleanNode.valueOf(in.unpackBoolean());
                case INTEGER:
                    if (format == MessageFormat.UINT64) {
                        BigInteger big = in.unpackBigInteger();
                        return big.bitLength() <= 63 ? LongNode.valueOf(big.longValue()) : BigIntegerNode.valueOf(big);
                    } else {
                        long v = in.unpackLong();
                        return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
                    }
                case FLOAT:
                    return DoubleNode.valueOf(in.unpackDouble());
                case STRING:
                    return TextNode.valueOf(readString());
                case BINARY:
                    return BinaryNode.valueOf(in.readPayload(checkedLength(in.unpackBinaryHeader() & 0xffffffffL, 1)));
                case ARRAY: {
                    checkDepth(depth);
                    int n = checkedLength(in.unpackArrayHeader() & 0xffffffffL, 1);
                    ArrayNode array = NODES.arrayNode();
                    for (int i = 0; i < n; i++) {
                        JsonNode element = read(depth + 1);
                        array.add(element.isMissingNode() ? NullNode.instance : element);
                    }
                    return array;
                }
                case MAP: {
                    checkDepth(depth);
                    int n = checkedLength(in.unpackMapHeader() & 0xffffffffL, 2);
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < n; i++) {
                        String key = readKey();
                        JsonNode value = read(depth + 1);
                        if (value.isMissingNode()) {
                            object.remove(key);
                        } else {
                            object.set(key, value);
                        }
                    }
                    return object;
                }
                case EXTENSION:
                    return readExtension(format);
                default:
                    throw new MsgpackException("invalid msgpack: the never-used byte 0xc1");
            }
        }

        private void checkDepth(int depth) {
            if (depth >= MAX_DEPTH) {
                throw new MsgpackException("invalid msgpack: nesting deeper than " + MAX_DEPTH);
            }
        }

        private String readString() throws IOException {
            int len = checkedLength(in.unpackRawStringHeader() & 0xffffffffL, 1);
            return new String(in.readPayload(len), StandardCharsets.UTF_8);
        }

        private String readKey() throws IOException {
            if (!in.hasNext()) {
                throw new MsgpackException("invalid msgpack: truncated input");
            }
            MessageFormat format = in.getNextFormat();
            switch (format.getValueType()) {
                case STRING:
                    return readString();
                case INTEGER:
                case BOOLEAN:
                case NIL: {
                    JsonNode key = read(MAX_DEPTH);
                    return key.isNull() ? "null" : key.asText();
                }
                case FLOAT: {
                    double d = in.unpackDouble();
                    return Math.floor(d) == d && Math.abs(d) < 1e21 ? Long.toString((long) d) : Double.toString(d);
                }
                default:
                    throw new MsgpackException("invalid msgpack: unsupported map key type " + format.getValueType());
            }
        }

        private JsonNode readExtension(MessageFormat format) throws IOException {
            ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
            int len = checkedLength(header.getLength() & 0xffffffffL, 1);
            byte type = header.getType();
            if (type == -1 && (len == 4 || len == 8 || len == 12)) {
                try {
                    return TimestampNode.of(in.unpackTimestamp(header));
                } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
                    // ArithmeticException: a timestamp 96 whose seconds overflow milliseconds
                    throw new MsgpackException("invalid msgpack: timestamp outside JavaScript's Date range", e);
                }
            }
            if (type == 0) {
                switch (format) {
                    case EXT8, EXT16, EXT32:
                        return BinaryNode.valueOf(in.readPayload(len)); // notepack's legacy ArrayBuffer
                    case FIXEXT1:
                        in.readPayload(len); // notepack's legacy undefined
                        return MissingNode.getInstance();
                    case FIXEXT8: {
                        byte[] b = in.readPayload(len); // notepack's legacy date: int64 milliseconds
                        try {
                            return TimestampNode.ofEpochMilli(ByteBuffer.wrap(b).getLong());
                        } catch (IllegalArgumentException e) {
                            throw new MsgpackException("invalid msgpack: date outside JavaScript's Date range", e);
                        }
                    }
                    default:
                        break;
                }
            }
            ArrayNode pair = NODES.arrayNode(2);
            pair.add(type);
            pair.add(BinaryNode.valueOf(in.readPayload(len)));
            return pair;
        }
    }
}
