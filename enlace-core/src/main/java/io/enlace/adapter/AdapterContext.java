package io.enlace.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.parser.Packet;
import io.enlace.parser.Parser;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What an adapter sees of its namespace on this server (Node's {@code adapter.nsp}). Thread-safe. */
public interface AdapterContext {

    /** The namespace name. */
    String name();

    /** The server's parser: encode a broadcast once with it and give every receiver the same messages. */
    Parser parser();

    /** The server's ObjectMapper. */
    ObjectMapper mapper();

    /** A socket of this namespace connected to this server, or null. */
    LocalSocket socket(String id);

    /** The sockets of this namespace connected to this server (a live view). */
    Collection<? extends LocalSocket> localSockets();

    /** A new ack id from the namespace's counter (for {@link Adapter#broadcastWithAck}). */
    long nextAckId();

    /**
     * How long a disconnected session may be recovered (connection state recovery), or null when recovery is off: an
     * adapter then keeps no sessions and no packets for them.
     */
    Duration maxDisconnectionDuration();

    /** A shared timer for periodic cleanups and timeouts (do not block it). */
    ScheduledExecutorService scheduler();

    /** Builds an EVENT packet of this namespace from Java arguments. */
    Packet eventPacket(String event, Object... args);

    /**
     * Delivers a {@code serverSideEmit} from another server to this server's listeners.
     *
     * @param eventAndArgs the event name followed by its arguments
     * @param ack          receives this server's answer, or null when no answer is expected
     */
    void onServerSideEmit(ArrayNode eventAndArgs, Consumer<ArrayNode> ack);
}
