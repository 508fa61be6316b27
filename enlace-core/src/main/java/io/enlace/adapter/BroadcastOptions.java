package io.enlace.adapter;

import io.enlace.internal.util.OrderedSets;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Who receives a broadcast and how (Node's {@code BroadcastOptions}). An empty {@code rooms} means every socket of
 * the namespace; {@code except} removes the sockets of those rooms. Both sets keep the order they were given in.
 *
 * @param rooms  target rooms (union)
 * @param except excluded rooms
 * @param flags  delivery flags
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, Flags flags) {

    /** No rooms, no exceptions, default flags: everyone. */
    public static final BroadcastOptions ALL = new BroadcastOptions(Set.of(), Set.of(), Flags.DEFAULT);

    public BroadcastOptions {
        rooms = OrderedSets.copyOf(rooms);
        except = OrderedSets.copyOf(except);
        Objects.requireNonNull(flags, "flags");
    }

    /** Targets these rooms with default flags. */
    public static BroadcastOptions toRooms(Set<String> rooms) { return new BroadcastOptions(rooms, Set.of(), Flags.DEFAULT); }

    /**
     * Delivery flags.
     *
     * @param volatile_ drop for receivers whose transport is not writable (Node's {@code volatile})
     * @param compress  compression allowed
     * @param local     this server only (cluster adapters must not forward)
     * @param timeout   ack timeout, or null
     */
    public record Flags(boolean volatile_, boolean compress, boolean local, Duration timeout) {
        /** Not volatile, compressed, not local, no timeout. */
        public static final Flags DEFAULT = new Flags(false, true, false, null);

        /** A copy with {@code volatile_} set. */
        public Flags withVolatile(boolean v) { return new Flags(v, compress, local, timeout); }

        /** A copy with {@code compress} set. */
        public Flags withCompress(boolean c) { return new Flags(volatile_, c, local, timeout); }

        /** A copy with {@code local} set. */
        public Flags withLocal(boolean l) { return new Flags(volatile_, compress, l, timeout); }

        /** A copy with {@code timeout} set. */
        public Flags withTimeout(Duration t) { return new Flags(volatile_, compress, local, t); }
    }
}
