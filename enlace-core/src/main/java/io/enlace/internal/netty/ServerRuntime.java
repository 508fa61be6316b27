package io.enlace.internal.netty;

import io.enlace.netty.NettyServer;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** Placeholder: binds and runs a {@link NettyServer}. */
public final class ServerRuntime {
    public ServerRuntime(NettyServer server) {}

    public CompletableFuture<Void> start() { return CompletableFuture.failedFuture(new UnsupportedOperationException()); }

    public InetSocketAddress localAddress() { return null; }

    public CompletableFuture<Void> stop() { return CompletableFuture.completedFuture(null); }
}
