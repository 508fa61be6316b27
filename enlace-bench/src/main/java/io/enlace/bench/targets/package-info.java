/**
 * The Java benchmark targets, each a process of its own driven over stdio
 * ({@link io.enlace.bench.targets.TargetControl}): {@link io.enlace.bench.targets.EnlaceTarget} (Enlace with default
 * options) and {@link io.enlace.bench.targets.RawNettyTarget} (the ceiling: hard-coded Engine.IO/Socket.IO framing on
 * raw Netty), both serving the contract of {@code docs/benchmarks.md}.
 *
 * <p>Threading: one I/O event loop by default, {@code -Denlace.bench.ioThreads=N} for N ({@code --whole-box}); the
 * Enlace target's handlers run on the loop (Enlace's default mode); the control channel reads stdin on the main thread.
 *
 * <p>Buffers: the raw target releases every frame it reads ({@code SimpleChannelInboundHandler}) and writes a broadcast
 * as one retained duplicate of a single encoded buffer per receiver (each released by the channel once written), then
 * releases its own reference.
 */
package io.enlace.bench.targets;
