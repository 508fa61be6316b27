package io.enlace.msgpack;

import com.fasterxml.jackson.databind.node.TextNode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A date carried by msgpack as the Timestamp extension (type -1), which is how notepack.io writes a JavaScript
 * {@code Date}. It is a {@link TextNode} whose text is what {@code JSON.stringify} makes of the same {@code Date}
 * ({@code Date.prototype.toISOString()}, millisecond precision, e.g. {@code 2026-11-25T12:28:09.257Z}), so a JSON
 * encoder sends clients exactly what a Node server would, while {@link MsgpackCodec} writes it back as the
 * extension. The full nanosecond {@link #instant()} is kept.
 */
public final class TimestampNode extends TextNode {
    private static final long serialVersionUID = 1L;

    private final Instant instant;

    /** JavaScript's Date range: at most 8.64e15 ms (100,000,000 days) either side of the epoch. */
    public static final long MAX_EPOCH_MILLI = 8_640_000_000_000_000L;

    private TimestampNode(Instant instant) {
        super(isoText(checkRange(instant)));
        this.instant = instant;
    }

    private static Instant checkRange(Instant instant) {
        // |seconds| past this bound would overflow the millisecond arithmetic; the exact check follows
        if (Math.abs(instant.getEpochSecond()) > MAX_EPOCH_MILLI / 1000 + 1 || Math.abs(jsMillis(instant)) > MAX_EPOCH_MILLI) {
            throw new IllegalArgumentException("date outside JavaScript's Date range (at most " + MAX_EPOCH_MILLI
                    + " ms either side of 1970-01-01T00:00:00Z): " + instant);
        }
        return instant;
    }

    /**
     * @param instant the point in time, within JavaScript's Date range ({@link #MAX_EPOCH_MILLI})
     * @return a node for it
     * @throws IllegalArgumentException for an instant outside that range (a JavaScript client could not hold it)
     */
    public static TimestampNode of(Instant instant) {
        return new TimestampNode(Objects.requireNonNull(instant, "instant"));
    }

    /**
     * @param epochMillis milliseconds since the epoch, like JavaScript's {@code Date.getTime()}
     * @return a node for it
     * @throws IllegalArgumentException beyond {@link #MAX_EPOCH_MILLI} either side
     */
    public static TimestampNode ofEpochMilli(long epochMillis) {
        return new TimestampNode(Instant.ofEpochMilli(epochMillis));
    }

    /** @return the instant, with the nanoseconds the extension carried */
    public Instant instant() { return instant; }

    /**
     * @return milliseconds since the epoch as JavaScript's {@code new Date(seconds * 1e3 + nanos / 1e6)} computes them
     *         (the fraction is truncated toward zero)
     */
    public long epochMilli() { return jsMillis(instant); }

    private static long jsMillis(Instant instant) {
        long secMs = Math.multiplyExact(instant.getEpochSecond(), 1000L);
        int nanos = instant.getNano();
        long ms = secMs + nanos / 1_000_000;
        if (ms < 0 && nanos % 1_000_000 != 0) {
            ms += 1; // JavaScript truncates the fractional millisecond toward zero
        }
        return ms;
    }

    private static String isoText(Instant instant) {
        long ms = jsMillis(instant);
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L), (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC);
        int year = t.getYear();
        StringBuilder sb = new StringBuilder(27);
        if (year >= 0 && year <= 9999) {
            pad(sb, year, 4);
        } else {
            sb.append(year < 0 ? '-' : '+');
            pad(sb, Math.abs(year), 6);
        }
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        sb.append('.');
        pad(sb, t.getNano() / 1_000_000, 3);
        return sb.append('Z').toString();
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimestampNode other && instant.equals(other.instant);
    }

    @Override
    public int hashCode() { return instant.hashCode(); }
}
