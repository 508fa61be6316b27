/**
 * Small building blocks any Enlace package may use, API packages included: collections that keep insertion order as
 * JavaScript's {@code Map} and {@code Set} do ({@link io.enlace.internal.util.LinkedConcurrentMap},
 * {@link io.enlace.internal.util.LinkedConcurrentSet}, {@link io.enlace.internal.util.OrderedSets}) and the future
 * Enlace returns ({@link io.enlace.internal.util.LoopSafeFuture}, which refuses to be joined on a thread that must not
 * block). A leaf: it depends on nothing of Enlace (checked by {@code ArchitectureTest}), so using it never makes a
 * package cycle. Not exported: API types may return these classes only as the JDK interfaces they implement.
 *
 * <p>Threading: the concurrent collections are thread-safe (lock-free reads, changes under the collection's own lock,
 * weakly consistent iteration); the {@code OrderedSets} sets are immutable; {@code LoopSafeFuture} is a
 * {@code CompletableFuture}. Buffers: none.
 */
package io.enlace.internal.util;
