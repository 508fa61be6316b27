package io.enlace.internal.socket;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.RemoteSocket;
import io.enlace.adapter.Adapter;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.adapter.SocketInfo;
import io.enlace.internal.util.LoopSafeFuture;
import io.enlace.internal.util.OrderedSets;
import io.enlace.parser.Packet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An immutable broadcast target over one namespace's adapter: the rooms, the excluded rooms and the flags; {@code to},
 * {@code except} and the flag methods return a new operator. {@link #emit} builds the event packet once, on the calling
 * thread, and hands it to the adapter, which encodes it once for all its receivers. {@link #emitWithAck} collects the
 * answers of every receiver of every server: the adapter reports each server's receiver count, {@code serverCount()}
 * how many servers to wait for, and the collector completes when all have answered, or fails at the timeout (on the
 * server's timer thread). Thread-safe: the collector's state is guarded by its own monitor.
 */
final class RealBroadcastOperator implements BroadcastOperator {
    private final RealNamespace nsp;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastOptions.Flags flags;

    RealBroadcastOperator(RealNamespace nsp, Set<String> rooms, Set<String> except, BroadcastOptions.Flags flags) {
        this.nsp = nsp;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
    }

    private static Set<String> plus(Set<String> a, Collection<String> b) {
        if (a.isEmpty()) return OrderedSets.copyOf(b);
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return OrderedSets.copyOf(s);
    }

    @Override
    public BroadcastOperator to(String... r) { return to(Arrays.asList(r)); }

    @Override
    public BroadcastOperator to(Collection<String> r) { return new RealBroadcastOperator(nsp, plus(rooms, r), except, flags); }

    @Override
    public BroadcastOperator except(String... r) { return except(Arrays.asList(r)); }

    @Override
    public BroadcastOperator except(Collection<String> r) { return new RealBroadcastOperator(nsp, rooms, plus(except, r), flags); }

    @Override
    public BroadcastOperator local() { return new RealBroadcastOperator(nsp, rooms, except, flags.withLocal(true)); }

    @Override
    public BroadcastOperator asVolatile() { return new RealBroadcastOperator(nsp, rooms, except, flags.withVolatile(true)); }

    @Override
    public BroadcastOperator compress(boolean c) { return new RealBroadcastOperator(nsp, rooms, except, flags.withCompress(c)); }

    @Override
    public BroadcastOperator timeout(Duration t) { return new RealBroadcastOperator(nsp, rooms, except, flags.withTimeout(t)); }

    BroadcastOptions options() { return new BroadcastOptions(rooms, except, flags); }

    private Adapter adapter() { return nsp.adapter(); }

    @Override
    public boolean emit(String event, Object... args) {
        Payloads.checkEvent(event);
        Packet packet = nsp.eventPacket(event, args);
        BroadcastOptions opts = options();
        NamespaceObservers o = nsp.observers();
        if (o != null) o.broadcast(packet, opts);
        adapter().broadcast(packet, opts);
        return true;
    }

    @Override
    public CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
        Payloads.checkEvent(event);
        Packet packet = nsp.eventPacket(event, args);
        BroadcastOptions opts = options();
        NamespaceObservers o = nsp.observers();
        if (o != null) o.broadcast(packet, opts);
        AckCollector c = new AckCollector();
        if (flags.timeout() != null) {
            c.timer = nsp.server().scheduler().schedule(c::timeout, Math.max(1, flags.timeout().toMillis()), TimeUnit.MILLISECONDS);
        }
        adapter().broadcastWithAck(packet, opts, c::clientCount, c::response);
        adapter().serverCount().whenComplete((n, err) -> c.serverCount(err != null ? 1 : n));
        return c.future;
    }

    private final class AckCollector {
        final CompletableFuture<List<Args>> future = new LoopSafeFuture<>();
        final List<Args> responses = new ArrayList<>();
        int expectedServers = -1;
        int actualServers;
        int expectedClients;
        volatile ScheduledFuture<?> timer;

        synchronized void clientCount(int n) {
            expectedClients += n;
            actualServers++;
            check();
        }

        synchronized void response(ArrayNode args) {
            if (future.isDone()) return;
            responses.add(new Args(args, nsp.mapper()));
            check();
        }

        synchronized void serverCount(int n) {
            expectedServers = n;
            check();
        }

        synchronized void timeout() {
            future.completeExceptionally(new TimeoutException("operation has timed out"));
        }

        private void check() {
            if (expectedServers == actualServers && responses.size() == expectedClients && !future.isDone()) {
                ScheduledFuture<?> t = timer;
                if (t != null) t.cancel(false);
                future.complete(List.copyOf(responses));
            }
        }
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        Adapter adapter = adapter();
        return LoopSafeFuture.of(adapter.fetchSockets(options())
                .thenApply(found -> RealRemoteSocket.wrap(adapter, found, nsp.mapper())));
    }

    @Override
    public CompletableFuture<Set<String>> allSockets() {
        CompletableFuture<Set<String>> ids;
        if (!except.isEmpty()) {
            ids = adapter().fetchSockets(options()).thenApply(list -> {
                Set<String> out = new LinkedHashSet<>();
                for (SocketInfo s : list) out.add(s.id());
                return out;
            });
        } else if (flags.local()) {
            ids = adapter().sockets(rooms);
        } else {
            ids = adapter().allSockets(rooms);
        }
        return LoopSafeFuture.of(ids.thenApply(Collections::unmodifiableSet));
    }

    @Override
    public void socketsJoin(String... r) { adapter().addSockets(options(), OrderedSets.copyOf(Arrays.asList(r))); }

    @Override
    public void socketsLeave(String... r) { adapter().delSockets(options(), OrderedSets.copyOf(Arrays.asList(r))); }

    @Override
    public void disconnectSockets(boolean close) { adapter().disconnectSockets(options(), close); }
}
