package io.enlace.internal.socket;

import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.RemoteSocket;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BroadcastOperator} that broadcasts through another one: a namespace through its operator for all of its
 * sockets, a parent namespace through the one that fans out to its children, the server through its main namespace.
 */
interface BroadcastsThrough extends BroadcastOperator {
    /** The operator every broadcast method hands over to. */
    BroadcastOperator broadcasts();

    @Override default BroadcastOperator to(String... rooms) { return broadcasts().to(rooms); }
    @Override default BroadcastOperator to(Collection<String> rooms) { return broadcasts().to(rooms); }
    @Override default BroadcastOperator except(String... rooms) { return broadcasts().except(rooms); }
    @Override default BroadcastOperator except(Collection<String> rooms) { return broadcasts().except(rooms); }
    @Override default BroadcastOperator local() { return broadcasts().local(); }
    @Override default BroadcastOperator asVolatile() { return broadcasts().asVolatile(); }
    @Override default BroadcastOperator compress(boolean compress) { return broadcasts().compress(compress); }
    @Override default BroadcastOperator timeout(Duration timeout) { return broadcasts().timeout(timeout); }
    @Override default boolean emit(String event, Object... args) { return broadcasts().emit(event, args); }

    @Override
    default CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
        return broadcasts().emitWithAck(event, args);
    }

    @Override default CompletableFuture<List<RemoteSocket>> fetchSockets() { return broadcasts().fetchSockets(); }
    @Override default CompletableFuture<Set<String>> allSockets() { return broadcasts().allSockets(); }
    @Override default void socketsJoin(String... rooms) { broadcasts().socketsJoin(rooms); }
    @Override default void socketsLeave(String... rooms) { broadcasts().socketsLeave(rooms); }
    @Override default void disconnectSockets(boolean close) { broadcasts().disconnectSockets(close); }
}
