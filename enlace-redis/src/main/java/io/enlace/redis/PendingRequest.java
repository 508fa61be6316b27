package io.enlace.redis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.adapter.SocketInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A request to the other nodes that waits for their responses (fetchSockets, allRooms, sockets, serverSideEmit with
 * acks), shared by {@link RedisAdapter} and {@link ShardedRedisAdapter}. Its result lists are filled under the
 * adapter's own synchronization; {@link #complete()} and {@link #fail} cancel the timeout timer.
 */
final class PendingRequest {
    final int type;
    final int expected;
    /** Node's message for this request type's timeout, or null for the generic count message. */
    final String timeoutMessage;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    final List<SocketInfo> sockets = new ArrayList<>();
    final Set<String> names = new LinkedHashSet<>();
    final List<ArrayNode> acks = new ArrayList<>();
    int received;
    Duration timeout;
    volatile ScheduledFuture<?> timer;

    PendingRequest(int type, int expected, String timeoutMessage) {
        this.type = type;
        this.expected = expected;
        this.timeoutMessage = timeoutMessage;
    }

    synchronized Throwable timeoutError() {
        return new ClusterTimeoutException(timeoutMessage != null ? timeoutMessage
                : "timeout reached: only " + received + " responses received out of " + expected);
    }

    void complete() {
        ScheduledFuture<?> t = timer;
        if (t != null) t.cancel(false);
        future.complete(null);
    }

    void fail(Throwable e) {
        ScheduledFuture<?> t = timer;
        if (t != null) t.cancel(false);
        future.completeExceptionally(e);
    }
}
