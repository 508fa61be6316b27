/**
 * The benchmark harness ({@code enlace-bench/run.sh}): {@link io.enlace.bench.Bench} starts each target in its own
 * process ({@link io.enlace.bench.TargetProcess}), drives it through the scenarios ({@link io.enlace.bench.Scenarios}:
 * connections, echo, fan-out, polling; {@link io.enlace.bench.ClusterFanout} over a Redis cluster) with the load
 * generator of {@code bench.loadgen}, and prints the figures side by side with the ratios
 * ({@link io.enlace.bench.Report}); {@link io.enlace.bench.Soak} is the bounded churn soak. A tool, not a library; only
 * loopback addresses, every phase bounded in count and time ({@link io.enlace.bench.Config}).
 *
 * <p>Threading: the harness runs its scenarios one after another on the main thread; the clients run on the load
 * generator's event loop, and the per-loop counters ({@link io.enlace.bench.FanoutReceivers}) are confined to it. The
 * targets are other processes, so nothing here shares a thread with a server under test.
 *
 * <p>Buffers: see {@code bench.loadgen}; the harness itself only reads text from the targets' standard output.
 */
package io.enlace.bench;
