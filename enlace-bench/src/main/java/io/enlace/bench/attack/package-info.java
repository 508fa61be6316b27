/**
 * Full-scale attacks on the demo jar ({@code enlace-bench/attack.sh}; not run in CI):
 * {@link io.enlace.bench.attack.Attack} starts a fresh target process per attack
 * ({@link io.enlace.bench.attack.DemoTarget}, on 127.0.0.1 with a fixed heap and file limit), runs one hostile client
 * ({@link io.enlace.bench.attack.Attacks}, over the raw sockets of {@link io.enlace.bench.attack.WsPeer}) while a
 * well-behaved witness and new clients measure what users see ({@link io.enlace.bench.attack.Observers}), and prints
 * the target's resources after each. Every attack is bounded in time and count.
 *
 * <p>Threading: plain blocking sockets and threads, no event loop: the attacker runs on the main thread, and each
 * reading side (the witness, the probes, the target's output) on a thread of its own; a {@code WsPeer} has one writer
 * at a time. The pauses between attack steps pace the attack; no result depends on them.
 *
 * <p>Buffers: none; frames are built in {@code byte[]}s.
 */
package io.enlace.bench.attack;
