/**
 * The demo application ({@code java -jar enlace-demo.jar}): the seed demo ({@link io.enlace.demo.SeedDemo}: random
 * numbers on {@code /}, a chat with rooms on {@code /chat}, the pages and the served client), optionally a node of a
 * Redis cluster ({@link io.enlace.demo.ClusterMode}), with Prometheus metrics and the admin UI
 * ({@link io.enlace.demo.Observability}); and the server the official protocol test suites run against
 * ({@link io.enlace.demo.ConformanceApp}, {@code conformance}). Not a library: nothing depends on it.
 *
 * <p>Threading: the handlers run in Enlace's default mode, on the connections' event loops, and never block; what
 * handlers of different sockets share is in concurrent maps or in the adapter's rooms. The random-number schedules run
 * on one daemon thread of the demo's own ({@code enlace-demo-random}), which only emits (thread-safe). The pages are
 * read once, at start-up; the {@code /metrics} text is built on the request's event loop (CPU only, no I/O).
 *
 * <p>Buffers: the pages and the {@code /metrics} scrape are answered with wrapped arrays (no copy), which the server
 * releases when written; nothing else here touches a Netty buffer.
 */
package io.enlace.demo;
