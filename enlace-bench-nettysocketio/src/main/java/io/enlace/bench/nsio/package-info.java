/**
 * The netty-socketio benchmark target ({@link io.enlace.bench.nsio.NettySocketIoTarget}): netty-socketio 2.0.14 on
 * Netty 4.1 serving the benchmark contract of {@code docs/benchmarks.md}, in its own module because it needs Netty 4.1
 * on its class path. A process of its own, driven over stdio like the other targets.
 *
 * <p>Threading: one boss thread and {@code -Denlace.bench.ioThreads} worker loops (1 by default); its listeners run on
 * netty-socketio's own threads as that library decides. Buffers: netty-socketio's; this class handles none.
 */
package io.enlace.bench.nsio;
