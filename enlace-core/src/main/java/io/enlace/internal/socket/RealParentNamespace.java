package io.enlace.internal.socket;

import io.enlace.Args;
import io.enlace.BroadcastOperator;
import io.enlace.Namespace;
import io.enlace.NamespaceMatcher;
import io.enlace.RemoteSocket;
import io.enlace.Socket;
import io.enlace.adapter.Adapter;
import io.enlace.adapter.BroadcastOptions;
import io.enlace.internal.util.LoopSafeFuture;
import io.enlace.internal.util.OrderedSets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * A parent of dynamic namespaces (Node's {@code ParentNamespace}), made by {@code of(pattern)} or
 * {@code of(matcher)}: when a client asks for a namespace that does not exist and this parent's matcher accepts the
 * name, the server makes a child ({@link #createChild}) that inherits the middlewares and connection listeners
 * registered here so far. Broadcasts and bulk operations on the parent go to every child; it has no adapter and no
 * sockets of its own ({@code sockets()} is the union of its children's). Thread-safe: children and listeners are
 * copy-on-write.
 */
final class RealParentNamespace implements Namespace, BroadcastsThrough {
    private final RealServer server;
    private final String name;
    final NamespaceMatcher matcher;
    private final Set<RealNamespace> children = new CopyOnWriteArraySet<>();
    private final List<Middleware> middlewares = new CopyOnWriteArrayList<>();
    private final List<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();
    private final Ops all = new Ops(Set.of(), Set.of(), BroadcastOptions.Flags.DEFAULT);

    RealParentNamespace(RealServer server, String name, NamespaceMatcher matcher) {
        this.server = server;
        this.name = name;
        this.matcher = matcher;
    }

    /** Creates a child inheriting this parent's middlewares and connection listeners. */
    RealNamespace createChild(String childName) {
        RealNamespace child = new RealNamespace(server, childName, this);
        child.middlewares.addAll(middlewares);
        child.connectionListeners.addAll(connectionListeners);
        children.add(child);
        server.registerNamespace(child);
        return child;
    }

    /** Drops an empty child ({@code cleanupEmptyChildNamespaces}) and closes its adapter. */
    void removeChild(RealNamespace child) {
        if (children.remove(child)) {
            server.unregisterNamespace(child);
            child.adapter().close();
        }
    }

    Set<RealNamespace> children() { return children; }

    @Override
    public String name() { return name; }

    @Override
    public RealServer server() { return server; }

    /** A parent has no adapter of its own. */
    @Override
    public Adapter adapter() { return null; }

    @Override
    public Map<String, Socket> sockets() {
        Map<String, Socket> out = new LinkedHashMap<>();
        for (RealNamespace c : children) out.putAll(c.sockets());
        return Collections.unmodifiableMap(out);
    }

    @Override
    public Namespace use(Middleware middleware) { middlewares.add(middleware); return this; }

    @Override
    public Namespace onConnection(Consumer<Socket> listener) { connectionListeners.add(listener); return this; }

    @Override
    public Namespace on(String event, Consumer<Socket> listener) {
        RealNamespace.checkNamespaceEvent(event);
        return onConnection(listener);
    }

    @Override
    public boolean serverSideEmit(String event, Object... args) {
        throw new UnsupportedOperationException("serverSideEmit() is not supported on parent namespaces");
    }

    @Override
    public CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
        throw new UnsupportedOperationException("serverSideEmit() is not supported on parent namespaces");
    }

    @Override
    public Namespace onServerSideEmit(String event, Socket.EventHandler handler) {
        throw new UnsupportedOperationException("serverSideEmit() is not supported on parent namespaces");
    }

    @Override public BroadcastOperator broadcasts() { return all; }

    /** Broadcasts fanned out to every child. */
    private final class Ops implements BroadcastOperator {
        private final Set<String> rooms;
        private final Set<String> except;
        private final BroadcastOptions.Flags flags;

        Ops(Set<String> rooms, Set<String> except, BroadcastOptions.Flags flags) {
            this.rooms = rooms;
            this.except = except;
            this.flags = flags;
        }

        private Set<String> plus(Set<String> a, Collection<String> b) {
            Set<String> s = new LinkedHashSet<>(a);
            s.addAll(b);
            return OrderedSets.copyOf(s);
        }

        private BroadcastOperator child(RealNamespace c) { return new RealBroadcastOperator(c, rooms, except, flags); }

        @Override public BroadcastOperator to(String... r) { return to(Arrays.asList(r)); }
        @Override public BroadcastOperator to(Collection<String> r) { return new Ops(plus(rooms, r), except, flags); }
        @Override public BroadcastOperator except(String... r) { return except(Arrays.asList(r)); }
        @Override public BroadcastOperator except(Collection<String> r) { return new Ops(rooms, plus(except, r), flags); }
        @Override public BroadcastOperator local() { return new Ops(rooms, except, flags.withLocal(true)); }
        @Override public BroadcastOperator asVolatile() { return new Ops(rooms, except, flags.withVolatile(true)); }
        @Override public BroadcastOperator compress(boolean c) { return new Ops(rooms, except, flags.withCompress(c)); }
        @Override public BroadcastOperator timeout(Duration t) { return new Ops(rooms, except, flags.withTimeout(t)); }

        @Override
        public boolean emit(String event, Object... args) {
            Payloads.checkEvent(event);
            for (RealNamespace c : children) child(c).emit(event, args);
            return true;
        }

        @Override
        public CompletableFuture<List<Args>> emitWithAck(String event, Object... args) {
            Payloads.checkEvent(event);
            List<CompletableFuture<List<Args>>> all = new ArrayList<>();
            for (RealNamespace c : children) all.add(child(c).emitWithAck(event, args));
            return LoopSafeFuture.of(CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                List<Args> out = new ArrayList<>();
                for (CompletableFuture<List<Args>> f : all) out.addAll(f.join());
                return List.copyOf(out);
            }));
        }

        @Override
        public CompletableFuture<List<RemoteSocket>> fetchSockets() {
            return LoopSafeFuture.failed(
                    new UnsupportedOperationException("fetchSockets() is not supported on parent namespaces"));
        }

        @Override
        public CompletableFuture<Set<String>> allSockets() {
            return LoopSafeFuture.failed(
                    new UnsupportedOperationException("allSockets() is not supported on parent namespaces"));
        }

        @Override public void socketsJoin(String... r) { for (RealNamespace c : children) child(c).socketsJoin(r); }
        @Override public void socketsLeave(String... r) { for (RealNamespace c : children) child(c).socketsLeave(r); }
        @Override public void disconnectSockets(boolean close) { for (RealNamespace c : children) child(c).disconnectSockets(close); }
    }
}
